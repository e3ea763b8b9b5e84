import { refundState } from '../../core/box-office.js';
import type { Db } from '../database.js';
import { cinemaOfHall } from './cinema-join.js';

export type BookingDetailRow = Awaited<ReturnType<ReturnType<typeof bookingReadStore>['list']>>[number];

export type BookingQuery = {
  userId?: number;
  reference?: string;
  eventId?: number;
  /** Stored status; 'expired' and 'pending' are resolved against `now` by the caller's filter. */
  status?: 'pending' | 'awaiting_payment' | 'confirmed' | 'cancelled' | 'expired';
  search?: string;
  limit?: number;
  offset?: number;
  now: number;
};

/** Bookings with their showtime, movie, owner and seats, for customers' and admins' lists. */
export function bookingReadStore(db: Db) {
  const k = db.kysely;
  return {
    async list(query: BookingQuery) {
      const { now } = query;
      const rows = await k
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
          'b.event_id',
          'e.movie_id',
          'm.title as movie_title',
          'e.start_time',
          'h.name as hall',
          'b.total_amount',
          'b.discount_amount',
          'b.promo_code',
          'b.refund_amount',
          'b.currency',
          'b.expires_at',
          'b.created_at',
          'b.paid_at',
          'b.cancelled_at',
          'b.cancel_reason',
          'b.payment_id',
          'b.disputed_at',
          'b.user_id',
          'u.email as user_email',
          'e.price_card',
          'e.format',
          'e.format_surcharge',
        ])
        .$if(query.userId !== undefined, (q) => q.where('b.user_id', '=', query.userId as number))
        .$if(query.reference !== undefined, (q) => q.where('b.reference', '=', query.reference as string))
        .$if(query.eventId !== undefined, (q) => q.where('b.event_id', '=', query.eventId as number))
        .$if(query.status === 'pending' || query.status === 'awaiting_payment', (q) =>
          q.where('b.status', '=', query.status as 'pending').where('b.expires_at', '>', now),
        )
        .$if(query.status === 'expired', (q) =>
          q.where((eb) =>
            eb.or([
              eb('b.status', '=', 'expired'),
              eb.and([eb('b.status', 'in', ['pending', 'awaiting_payment']), eb('b.expires_at', '<=', now)]),
            ]),
          ),
        )
        .$if(query.status === 'confirmed' || query.status === 'cancelled', (q) =>
          q.where('b.status', '=', query.status as 'confirmed'),
        )
        .$if(query.search !== undefined && query.search !== '', (q) => {
          // Wildcards are dropped rather than escaped: LIKE escaping differs between the dialects.
          const term = `%${(query.search as string).toLowerCase().replace(/[\\%_]/g, '')}%`;
          return q.where((eb) =>
            eb.or([
              eb(eb.fn('lower', ['b.reference']), 'like', eb.val(term)),
              eb(eb.fn('lower', ['u.email']), 'like', eb.val(term)),
            ]),
          );
        })
        .orderBy('b.created_at', 'desc')
        .orderBy('b.id', 'desc')
        .limit(query.limit ?? 200)
        .offset(query.offset ?? 0)
        .execute();
      if (rows.length === 0) return [];
      const seats = await k
        .selectFrom('booking_seats')
        .select(['booking_id', 'seat_id', 'label', 'price', 'ticket_type', 'surcharge', 'discount', 'cancelled_at'])
        .where(
          'booking_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('seat_id')
        .execute();
      // Cash owed at the counter (a cash sale of a cancelled showtime, not yet paid out).
      const cancelled = rows.filter((r) => r.status === 'cancelled').map((r) => r.id);
      const owed = new Map<number, number>();
      if (cancelled.length > 0) {
        const refunds = await k
          .selectFrom('refunds')
          .innerJoin('payments', 'payments.id', 'refunds.payment_id')
          .select(['refunds.booking_id', 'refunds.amount', 'refunds.status', 'refunds.shift_id', 'payments.provider'])
          .where('refunds.booking_id', 'in', cancelled)
          .where('refunds.status', '=', 'pending')
          .execute();
        for (const r of refunds) {
          if (refundState({ status: r.status, provider: r.provider, shiftId: r.shift_id }) !== 'due_at_counter') continue;
          owed.set(r.booking_id, (owed.get(r.booking_id) ?? 0) + Number(r.amount));
        }
      }
      const status = new Map(rows.map((r) => [r.id, r.status]));
      const byBooking = new Map<
        number,
        { seat_id: number; label: string; price: number; ticket_type: string; surcharge: number; discount: number }[]
      >();
      for (const { cancelled_at, ...seat } of seats) {
        // Seats cancelled out of a booking that goes on are no longer its seats; a booking
        // cancelled whole still shows what it was for.
        if (cancelled_at !== null && status.get(seat.booking_id) !== 'cancelled') continue;
        const list = byBooking.get(seat.booking_id) ?? [];
        list.push(seat);
        byBooking.set(seat.booking_id, list);
      }
      return rows.map((r) => ({ ...r, seats: byBooking.get(r.id) ?? [], cash_refund_due: owed.get(r.id) ?? 0 }));
    },
  };
}

export type BookingReadStore = ReturnType<typeof bookingReadStore>;
