import { sql } from 'kysely';
import type { Db } from '../database.js';
import { cinemaOfHall } from './cinema-join.js';
import { availableSeatsOf, bookedSeatsOf, heldSeatsOf } from './seat-counts.js';

const DAY = 86_400_000;

/**
 * Money a booking kept: a confirmed one its price less what was refunded (seats cancelled out of
 * it), a paid one cancelled since its cancellation fee. The same money as payments less refunds
 * (integrity-store findMoneyTotals) and a sales report's net.
 */
const keptBy = (b: string) =>
  sql.raw(
    `case when ${b}status = 'confirmed' or (${b}status = 'cancelled' and ${b}paid_at is not null) then ${b}total_amount - coalesce(${b}refund_amount, 0) else 0 end`,
  );

export function analyticsStore(db: Db) {
  const k = db.kysely;
  return {
    /** Seat counts and revenue of every live showtime (past ones included, for totals). */
    showtimes: (now: number) =>
      k
        .selectFrom('events as e')
        .innerJoin('movies as m', 'm.id', 'e.movie_id')
        .leftJoin('halls as h', 'h.id', 'e.hall_id')
        // The cinema's zone places each showtime on the heat map by its local weekday and hour.
        .leftJoin('cinemas as c', (join) => join.on(cinemaOfHall))
        .select([
          'e.id',
          'm.title as movie_title',
          'e.start_time',
          'c.time_zone',
          'e.cancelled_at',
          'h.name as hall',
          'e.total_seats',
          bookedSeatsOf('e.id').as('booked_seats'),
          heldSeatsOf('e.id', now).as('held_seats'),
          availableSeatsOf('e.id', now).as('available_seats'),
          sql<number>`(select coalesce(sum(${keptBy('b.')}), 0) from bookings b where b.event_id = e.id)`.as('revenue'),
        ])
        .where('e.deleted_at', 'is', null)
        .orderBy('e.start_time')
        .execute(),

    /** Booking counts by effective status: a pending booking past its hold counts as expired. */
    async bookingCounts(now: number) {
      const row = await k
        .selectFrom('bookings')
        .select([
          sql<number>`coalesce(sum(case when status = 'confirmed' then 1 else 0 end), 0)`.as('confirmed'),
          sql<number>`coalesce(sum(case when status in ('pending', 'awaiting_payment') and expires_at > ${now} then 1 else 0 end), 0)`.as(
            'pending',
          ),
          sql<number>`coalesce(sum(case when status = 'cancelled' then 1 else 0 end), 0)`.as('cancelled'),
          sql<number>`coalesce(sum(case when status = 'expired' or (status in ('pending', 'awaiting_payment') and expires_at <= ${now}) then 1 else 0 end), 0)`.as(
            'expired',
          ),
          sql<number>`coalesce(sum(${keptBy('')}), 0)`.as('revenue'),
        ])
        .executeTakeFirstOrThrow();
      return {
        confirmed: Number(row.confirmed),
        pending: Number(row.pending),
        cancelled: Number(row.cancelled),
        expired: Number(row.expired),
        revenue: Number(row.revenue),
      };
    },

    /** Seats of paid bookings still sold (not cancelled), and their prices, per ticket type. */
    byTicketType: () =>
      k
        .selectFrom('booking_seats as bs')
        .innerJoin('bookings as b', 'b.id', 'bs.booking_id')
        .select([
          'bs.ticket_type',
          sql<number>`count(*)`.as('seats'),
          sql<number>`coalesce(sum(bs.price - bs.discount), 0)`.as('revenue'),
        ])
        .where('b.status', '=', 'confirmed')
        .where('bs.cancelled_at', 'is', null)
        .groupBy('bs.ticket_type')
        .execute(),

    /** Paid bookings per promo code, with the discount they were given and what they paid (less refunds). */
    byPromoCode: () =>
      k
        .selectFrom('bookings')
        .select([
          sql<string>`promo_code`.as('code'),
          sql<number>`count(*)`.as('bookings'),
          sql<number>`coalesce(sum(discount_amount), 0)`.as('discount'),
          sql<number>`coalesce(sum(total_amount - coalesce(refund_amount, 0)), 0)`.as('revenue'),
        ])
        .where('status', '=', 'confirmed')
        .where('promo_code', 'is not', null)
        .groupBy('promo_code')
        .execute(),

    /** Bookings confirmed and money kept per UTC day, for days since `since` (by payment time). */
    perDay: (since: number) =>
      k
        .selectFrom('bookings')
        .select([
          sql<number>`paid_at / ${sql.lit(DAY)}`.as('day'),
          sql<number>`sum(case when status = 'confirmed' then 1 else 0 end)`.as('bookings'),
          sql<number>`sum(${keptBy('')})`.as('revenue'),
        ])
        .where('status', 'in', ['confirmed', 'cancelled'])
        .where('paid_at', '>=', since)
        .groupBy(sql`paid_at / ${sql.lit(DAY)}`)
        .execute(),
  };
}

export type AnalyticsStore = ReturnType<typeof analyticsStore>;
