import { sql } from 'kysely';
import { COUNTER_CASH_PROVIDER } from '../../core/box-office.js';
import type { Db } from '../database.js';

export type IntegrityProblem = { check: string; detail: string };

/** A payment or refund not settled after this long is reported. */
export const UNSETTLED_PAYMENT_MS = 15 * 60_000;

/**
 * The invariants a night's trading must leave intact, each as a query for its violations:
 * no seat sold twice, money matches bookings, and seat counts add up to capacity.
 */
export async function findIntegrityProblems(db: Db, now: number): Promise<IntegrityProblem[]> {
  const k = db.kysely;
  const problems: IntegrityProblem[] = [];
  const report = (check: string, rows: unknown[]) => {
    for (const row of rows) problems.push({ check, detail: JSON.stringify(row) });
  };

  report(
    'a seat belongs to more than one active booking',
    await k
      .selectFrom('booking_seats as bs')
      .innerJoin('bookings as b', 'b.id', 'bs.booking_id')
      .select(['bs.seat_id', sql<number>`count(*)`.as('owners')])
      .where('bs.cancelled_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb('b.status', '=', 'confirmed'),
          eb.and([eb('b.status', 'in', ['pending', 'awaiting_payment']), eb('b.expires_at', '>', now)]),
        ]),
      )
      .groupBy('bs.seat_id')
      .having(sql`count(*)`, '>', 1)
      .execute(),
  );

  report(
    'a sold seat is not owned by a confirmed booking that lists it',
    await k
      .selectFrom('seats as s')
      .leftJoin('bookings as b', 'b.id', 's.booking_id')
      .leftJoin('booking_seats as bs', (join) =>
        join.onRef('bs.booking_id', '=', 's.booking_id').onRef('bs.seat_id', '=', 's.id').on('bs.cancelled_at', 'is', null),
      )
      .select(['s.id as seat_id', 's.booking_id', 'b.status'])
      .where('s.status', '=', 'booked')
      .where((eb) => eb.or([eb('b.status', '!=', 'confirmed'), eb('bs.seat_id', 'is', null)]))
      .execute(),
  );

  report(
    'a confirmed booking does not own all of its seats',
    await k
      .selectFrom('bookings as b')
      .innerJoin('booking_seats as bs', 'bs.booking_id', 'b.id')
      .innerJoin('seats as s', 's.id', 'bs.seat_id')
      .select(['b.reference', 'bs.seat_id', 's.status', 's.booking_id'])
      .where('b.status', '=', 'confirmed')
      .where('bs.cancelled_at', 'is', null)
      .where((eb) => eb.or([eb('s.status', '!=', 'booked'), eb('s.booking_id', '!=', eb.ref('b.id'))]))
      .execute(),
  );

  report(
    'a confirmed booking does not have exactly one successful payment',
    await k
      .selectFrom('bookings as b')
      .select([
        'b.reference',
        sql<number>`(select count(*) from payments p where p.booking_id = b.id and p.status = 'succeeded')`.as('payments'),
      ])
      .where('b.status', '=', 'confirmed')
      .where(sql<number>`(select count(*) from payments p where p.booking_id = b.id and p.status = 'succeeded')`, '!=', 1)
      .execute(),
  );

  // Money after the hold ran out, or after a cancellation, goes back (refunds pending or done)
  // except the cancellation fee kept: only money with neither a seat, a refund on its way nor a
  // fee to explain it is kept wrongly.
  const refunded = sql<number>`coalesce((select sum(r.amount) from refunds r where r.payment_id = p.id), 0)`;
  report(
    'a payment that took money belongs to a booking that is not confirmed, and is not being refunded',
    await k
      .selectFrom('payments as p')
      .innerJoin('bookings as b', 'b.id', 'p.booking_id')
      .select(['p.id as payment_id', 'b.reference', 'b.status'])
      .where('p.status', '=', 'succeeded')
      .where('b.status', '!=', 'confirmed')
      .where(sql<number>`${refunded} + b.fee_amount`, '<', sql<number>`p.amount`)
      .execute(),
  );

  report(
    'a payment was refunded more than it took',
    await k
      .selectFrom('payments as p')
      .innerJoin('bookings as b', 'b.id', 'p.booking_id')
      .select(['p.id as payment_id', 'b.reference', 'p.amount', refunded.as('refunded')])
      .where(refunded, '>', sql<number>`p.amount`)
      .execute(),
  );

  report(
    'a payment is still unsettled 15 minutes after it started (the provider must be asked: see reconcilePayments)',
    await k
      .selectFrom('payments as p')
      .innerJoin('bookings as b', 'b.id', 'p.booking_id')
      .select(['p.id as payment_id', 'b.reference', 'p.provider', 'p.created_at'])
      .where('p.status', '=', 'processing')
      .where('p.created_at', '<', now - UNSETTLED_PAYMENT_MS)
      .execute(),
  );

  report(
    'a refund has waited more than 15 minutes to reach the payment provider',
    await k
      .selectFrom('refunds as r')
      .innerJoin('bookings as b', 'b.id', 'r.booking_id')
      .innerJoin('payments as p', 'p.id', 'r.payment_id')
      .select(['r.id as refund_id', 'b.reference', 'r.amount', 'r.created_at'])
      .where('r.status', '=', 'pending')
      .where('r.created_at', '<', now - UNSETTLED_PAYMENT_MS)
      // Cash owed at the counter (core's refundState 'due_at_counter') waits for its customer, not
      // for a provider: it is money owed, counted as given back above, and not a problem.
      .where((eb) => eb.not(eb.and([eb('p.provider', '=', COUNTER_CASH_PROVIDER), eb('r.shift_id', 'is', null)])))
      .execute(),
  );

  report(
    'a refunded payment belongs to a booking that is still confirmed or pending',
    await k
      .selectFrom('payments as p')
      .innerJoin('bookings as b', 'b.id', 'p.booking_id')
      .select(['p.id as payment_id', 'b.reference', 'b.status'])
      .where('p.status', '=', 'refunded')
      .where('b.status', 'in', ['confirmed'])
      .execute(),
  );

  report(
    "a showtime's seats do not add up to its capacity",
    await k
      .selectFrom('events as e')
      .select([
        'e.id as event_id',
        'e.total_seats',
        // Blocked seats are drawn on the map but are not capacity.
        sql<number>`(select count(*) from seats s where s.event_id = e.id and s.kind <> 'blocked')`.as('seats'),
      ])
      .where(
        sql<number>`(select count(*) from seats s where s.event_id = e.id and s.kind <> 'blocked')`,
        '!=',
        sql<number>`e.total_seats`,
      )
      .execute(),
  );

  return problems;
}

export type MoneyTotals = {
  taken: number;
  refunded: number;
  kept: number;
  soldSeats: number;
  /** Of `refunded`: cash owed for cancelled showtimes, not yet paid out at a counter. */
  owedAtCounter: number;
};

/**
 * The night's money as the payment records hold it (minor units): taken by payments that
 * succeeded (refunded ones included), given back by refunds (paid or on their way), and the seats
 * sold. Sales reports and the dashboard count the same money: a difference is a bug in one of them.
 */
export async function findMoneyTotals(db: Db): Promise<MoneyTotals> {
  const k = db.kysely;
  const taken = await k
    .selectFrom('payments')
    .select(sql<number>`coalesce(sum(amount), 0)`.as('total'))
    .where('status', 'in', ['succeeded', 'refunded'])
    .executeTakeFirstOrThrow();
  const refunded = await k
    .selectFrom('refunds')
    .select(sql<number>`coalesce(sum(amount), 0)`.as('total'))
    .executeTakeFirstOrThrow();
  const owed = await k
    .selectFrom('refunds as r')
    .innerJoin('payments as p', 'p.id', 'r.payment_id')
    .select(sql<number>`coalesce(sum(r.amount), 0)`.as('total'))
    .where('r.status', '=', 'pending')
    .where('p.provider', '=', COUNTER_CASH_PROVIDER)
    .where('r.shift_id', 'is', null)
    .executeTakeFirstOrThrow();
  const seats = await k
    .selectFrom('booking_seats as bs')
    .innerJoin('bookings as b', 'b.id', 'bs.booking_id')
    .select(sql<number>`count(*)`.as('total'))
    .where('b.status', '=', 'confirmed')
    .where('bs.cancelled_at', 'is', null)
    .executeTakeFirstOrThrow();
  const t = Number(taken.total);
  const r = Number(refunded.total);
  return { taken: t, refunded: r, kept: t - r, soldSeats: Number(seats.total), owedAtCounter: Number(owed.total) };
}
