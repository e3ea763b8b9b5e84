import type { Db } from '../database.js';
import { cinemaOfHall } from './cinema-join.js';

/** What the email templates show, read when the message is delivered. */
export function mailStore(db: Db) {
  const k = db.kysely;
  return {
    /** A booking with its film, showtime, hall, customer and seats (labels in seat order). */
    async booking(bookingId: number) {
      const row = await k
        .selectFrom('bookings as b')
        .innerJoin('events as e', 'e.id', 'b.event_id')
        .innerJoin('movies as m', 'm.id', 'e.movie_id')
        .innerJoin('users as u', 'u.id', 'b.user_id')
        .leftJoin('halls as h', 'h.id', 'e.hall_id')
        .leftJoin('cinemas as c', (join) => join.on(cinemaOfHall))
        .select([
          'c.time_zone',
          'b.id',
          'b.reference',
          'b.status',
          'b.expires_at',
          'b.event_id',
          'b.total_amount',
          'b.refund_amount',
          'b.currency',
          'm.title as movie_title',
          'e.start_time',
          'e.end_time',
          'h.name as hall',
          'u.full_name',
          'u.email',
          'b.shift_id',
          'b.payment_method',
        ])
        .where('b.id', '=', bookingId)
        .executeTakeFirst();
      if (!row) return undefined;
      const seats = await k
        .selectFrom('booking_seats')
        .select(['seat_id', 'label'])
        .where('booking_id', '=', bookingId)
        .orderBy('seat_id')
        .execute();
      return { ...row, seats };
    },

    /** Seat labels by id (a partial cancellation names the seats it gave back). */
    async seatLabels(seatIds: number[]): Promise<string[]> {
      if (seatIds.length === 0) return [];
      const rows = await k.selectFrom('seats').select(['id', 'label']).where('id', 'in', seatIds).orderBy('id').execute();
      return rows.map((r) => r.label);
    },

    /** What the cinema told customers when it cancelled the showtime (null: no reason given). */
    async showCancelNote(eventId: number): Promise<string | null> {
      const row = await k.selectFrom('events').select('cancel_note').where('id', '=', eventId).executeTakeFirst();
      return row?.cancel_note ?? null;
    },

    /** A password reset and the account it is for. */
    resetWithUser: (resetId: number) =>
      k
        .selectFrom('password_resets as r')
        .innerJoin('users as u', 'u.id', 'r.user_id')
        .select(['r.id', 'r.user_id', 'r.salt', 'r.expires_at', 'r.used_at', 'u.full_name', 'u.email'])
        .where('r.id', '=', resetId)
        .executeTakeFirst(),
  };
}
