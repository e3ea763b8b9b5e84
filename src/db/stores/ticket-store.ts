import { type RawBuilder, sql, type Transaction } from 'kysely';
import type { Db } from '../database.js';
import type { Database } from '../schema.js';
import { cinemaOfHall } from './cinema-join.js';

/** Admitted (used) tickets of a showtime, as SQL for the admin's showtime list. */
export function admittedSeatsOf(eventRef: string): RawBuilder<number> {
  return sql<number>`(select count(*) from tickets t where t.event_id = ${sql.ref(eventRef)} and t.status = 'used')`;
}

/** One ticket per seat named, for a booking whose seats were just sold (inside applyTransition's transaction). */
export async function issueTickets(
  trx: Transaction<Database>,
  booking: { id: number; event_id: number },
  seatIds: number[],
  now: number,
) {
  if (seatIds.length === 0) return;
  await trx
    .insertInto('tickets')
    .columns(['booking_id', 'event_id', 'seat_id', 'seat_label', 'status', 'issued_at'])
    .expression((eb) =>
      eb
        .selectFrom('booking_seats')
        .select([
          'booking_id',
          eb.val(booking.event_id).as('event_id'),
          'seat_id',
          'label',
          eb.val('valid').as('status'),
          eb.val(now).as('issued_at'),
        ])
        .where('booking_id', '=', booking.id)
        .where('seat_id', 'in', seatIds)
        .orderBy('seat_id'),
    )
    .execute();
}

/** The tickets of seats given back: void from now on (a used ticket keeps when it was used). */
export async function voidTickets(trx: Transaction<Database>, bookingId: number, seatIds: number[], now: number) {
  if (seatIds.length === 0) return;
  await trx
    .updateTable('tickets')
    .set({ status: 'void', voided_at: now })
    .where('booking_id', '=', bookingId)
    .where('seat_id', 'in', seatIds)
    .where('status', '<>', 'void')
    .execute();
}

export type ClaimOutcome =
  | { outcome: 'admitted' }
  | { outcome: 'already_used'; usedAt: number; deviceId: string | null }
  | { outcome: 'void' };

export function ticketStore(db: Db) {
  const k = db.kysely;

  const ticketColumns = [
    't.id',
    't.booking_id',
    't.event_id',
    't.seat_id',
    't.seat_label',
    't.status',
    't.used_at',
    't.used_device',
    'b.reference',
    'b.user_id',
  ] as const;

  return {
    /** A booking's tickets with its showtime, in seat order. */
    ofBooking: (bookingId: number) =>
      k
        .selectFrom('tickets as t')
        .innerJoin('bookings as b', 'b.id', 't.booking_id')
        .innerJoin('events as e', 'e.id', 't.event_id')
        .select([...ticketColumns, 'e.start_time', 'e.end_time'])
        .where('t.booking_id', '=', bookingId)
        .orderBy('t.seat_id')
        .execute(),

    find: (ticketId: number) =>
      k
        .selectFrom('tickets as t')
        .innerJoin('bookings as b', 'b.id', 't.booking_id')
        .innerJoin('events as e', 'e.id', 't.event_id')
        .innerJoin('movies as m', 'm.id', 'e.movie_id')
        .leftJoin('halls as h', 'h.id', 'e.hall_id')
        .leftJoin('cinemas as c', (join) => join.on(cinemaOfHall))
        .select([...ticketColumns, 'e.start_time', 'e.end_time', 'm.title as movie_title', 'c.time_zone'])
        .where('t.id', '=', ticketId)
        .executeTakeFirst(),

    /**
     * Admits a ticket if nobody was first. The conditional UPDATE is the judge: of many scans of
     * one ticket at the same moment, on any instance, exactly one changes the row (PostgreSQL
     * re-checks the condition after waiting for the row; SQLite takes one writer at a time); the
     * others read who won. `offline`: a scan made earlier on a device without a network also
     * wins over a later recorded one (the earliest scan is the admission; the later one becomes
     * a duplicate in the scan log). Every scan of the ticket is logged in the same transaction.
     */
    claim(input: {
      ticketId: number;
      eventId: number;
      at: number;
      now: number;
      deviceId: string | null;
      staffId: number;
      offline: boolean;
    }): Promise<ClaimOutcome> {
      return db.transaction(async (trx) => {
        const won = await trx
          .updateTable('tickets')
          .set({ status: 'used', used_at: input.at, used_device: input.deviceId, used_by: input.staffId })
          .where('id', '=', input.ticketId)
          .where((eb) =>
            input.offline
              ? eb.or([eb('status', '=', 'valid'), eb.and([eb('status', '=', 'used'), eb('used_at', '>', input.at)])])
              : eb('status', '=', 'valid'),
          )
          .returning('id')
          .executeTakeFirst();
        const scan = {
          ticket_id: input.ticketId,
          event_id: input.eventId,
          scanned_at: input.at,
          received_at: input.now,
          device_id: input.deviceId,
          staff_id: input.staffId,
          offline: input.offline ? 1 : 0,
        };
        if (won) {
          // An offline scan earlier than the recorded admission takes its place.
          await trx
            .updateTable('ticket_scans')
            .set({ result: 'duplicate' })
            .where('ticket_id', '=', input.ticketId)
            .where('result', '=', 'admitted')
            .execute();
          await trx
            .insertInto('ticket_scans')
            .values({ ...scan, result: 'admitted' })
            .execute();
          return { outcome: 'admitted' as const };
        }
        const now = await trx
          .selectFrom('tickets')
          .select(['status', 'used_at', 'used_device'])
          .where('id', '=', input.ticketId)
          .executeTakeFirstOrThrow();
        if (now.status === 'void') return { outcome: 'void' as const };
        await trx
          .insertInto('ticket_scans')
          .values({ ...scan, result: 'duplicate' })
          .execute();
        return { outcome: 'already_used' as const, usedAt: now.used_at ?? input.at, deviceId: now.used_device };
      });
    },

    /** A showtime with what the door shows about it. */
    showtime: (eventId: number) =>
      k
        .selectFrom('events as e')
        .innerJoin('movies as m', 'm.id', 'e.movie_id')
        .leftJoin('halls as h', 'h.id', 'e.hall_id')
        .leftJoin('cinemas as c', (join) => join.on(cinemaOfHall))
        .select(['e.id', 'e.start_time', 'e.end_time', 'm.title as movie_title', 'h.name as hall', 'c.time_zone'])
        .where('e.id', '=', eventId)
        .where('e.deleted_at', 'is', null)
        .executeTakeFirst(),

    /** Showtimes running between `from` and `to` (any overlap), with their ticket counts, earliest first. */
    /** Live showtimes of one cinema overlapping [from, to). */
    showtimesBetween: (from: number, to: number, cinemaId: number) =>
      k
        .selectFrom('events as e')
        .innerJoin('movies as m', 'm.id', 'e.movie_id')
        .leftJoin('halls as h', 'h.id', 'e.hall_id')
        .innerJoin('cinemas as c', (join) => join.on(cinemaOfHall))
        .where('c.id', '=', cinemaId)
        .select((eb) => [
          'e.id',
          'e.start_time',
          'e.end_time',
          'm.title as movie_title',
          'h.name as hall',
          eb
            .selectFrom('tickets as t')
            .select((c) => c.fn.countAll<number>().as('n'))
            .whereRef('t.event_id', '=', 'e.id')
            .where('t.status', '<>', 'void')
            .as('expected'),
          admittedSeatsOf('e.id').as('admitted'),
        ])
        .where('e.deleted_at', 'is', null)
        .where('e.start_time', '<', to)
        .where('e.end_time', '>', from)
        .orderBy('e.start_time')
        .orderBy('e.id')
        .execute(),

    /** Every ticket of a showtime, in seat order. */
    ofShowtime: (eventId: number) =>
      k
        .selectFrom('tickets as t')
        .innerJoin('bookings as b', 'b.id', 't.booking_id')
        .select(ticketColumns)
        .where('t.event_id', '=', eventId)
        .orderBy('t.seat_id')
        .orderBy('t.id')
        .execute(),

    /** Scans after the first admission, newest first. */
    duplicateScans: (eventId: number) =>
      k
        .selectFrom('ticket_scans as s')
        .innerJoin('tickets as t', 't.id', 's.ticket_id')
        .select(['s.ticket_id', 't.seat_label', 's.scanned_at', 's.device_id', 's.offline'])
        .where('s.event_id', '=', eventId)
        .where('s.result', '=', 'duplicate')
        .orderBy('s.scanned_at', 'desc')
        .orderBy('s.id', 'desc')
        .execute(),
  };
}

export type TicketStore = ReturnType<typeof ticketStore>;
