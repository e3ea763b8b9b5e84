import type { Transaction } from 'kysely';
import type { Database } from '../schema.js';

/**
 * What one customer holds and tries, read inside the transaction that is about to add to it, so
 * the limits in `core/hold-limits.ts` and `core/payment-declines.ts` are judged on committed data.
 */

type Trx = Transaction<Database>;

/**
 * PostgreSQL: one customer's holds and payment starts queue behind each other. Under READ
 * COMMITTED two transactions could otherwise each count 9 held seats and both add 3. NO KEY
 * UPDATE leaves foreign-key checks on the user row (FOR KEY SHARE, e.g. a sign-in's refresh
 * token) unblocked. SQLite needs nothing: BEGIN IMMEDIATE already admits one writer at a time.
 * Take it before any seat lock, so the order is always user, then seats.
 */
export async function lockCustomer(trx: Trx, pg: boolean, userId: number): Promise<void> {
  if (!pg) return;
  await trx.selectFrom('users').select('id').where('id', '=', userId).forNoKeyUpdate().execute();
}

/**
 * What a new hold is judged on, in one statement: the seats of one showtime held for the customer
 * by holds still running at `now` (expired ones are free), and when their newest holds (bookings)
 * since `since` were made, newest first, at most `limit`.
 */
export async function holdActivity(
  trx: Trx,
  input: { userId: number; eventId: number; now: number; since: number; limit: number },
): Promise<{ heldSeats: number; recentHolds: number[] }> {
  const held = trx
    .selectFrom('seats as s')
    .innerJoin('bookings as b', 'b.id', 's.booking_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('b.user_id', '=', input.userId)
    .where('s.event_id', '=', input.eventId)
    .where('s.status', '=', 'held')
    .where('s.hold_expires_at', '>', input.now);
  const recent = trx
    .selectFrom('bookings')
    .select('created_at')
    .where('user_id', '=', input.userId)
    .where('created_at', '>', input.since)
    .orderBy('created_at', 'desc')
    .limit(input.limit);
  const rows = await trx
    .selectFrom(held.as('h'))
    .leftJoin(recent.as('r'), (join) => join.onTrue())
    .select(['h.n', 'r.created_at'])
    .execute();
  return {
    heldSeats: Number(rows[0]?.n ?? 0),
    recentHolds: rows
      .filter((r) => r.created_at !== null)
      .map((r) => Number(r.created_at))
      .sort((a, b) => b - a),
  };
}

/** When the customer's cards were last refused by the processor since `since`, newest first. */
export async function recentDeclineTimes(trx: Trx, userId: number, since: number, limit: number): Promise<number[]> {
  const rows = await trx
    .selectFrom('payments as p')
    .innerJoin('bookings as b', 'b.id', 'p.booking_id')
    .select('p.updated_at')
    .where('b.user_id', '=', userId)
    .where('p.status', '=', 'declined')
    .where('p.failure_kind', '=', 'card_declined')
    .where('p.updated_at', '>', since)
    .orderBy('p.updated_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => Number(r.updated_at));
}

/** The customer's payments at the processor right now (started since `since`; older ones were lost to a crash). */
export async function paymentsInFlight(trx: Trx, userId: number, since: number): Promise<number> {
  const row = await trx
    .selectFrom('payments as p')
    .innerJoin('bookings as b', 'b.id', 'p.booking_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('b.user_id', '=', userId)
    .where('p.status', '=', 'processing')
    .where('p.created_at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** How many times the processor refused a card for this booking. */
export async function cardDeclinesOf(trx: Trx, bookingId: number): Promise<number> {
  const row = await trx
    .selectFrom('payments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('booking_id', '=', bookingId)
    .where('status', '=', 'declined')
    .where('failure_kind', '=', 'card_declined')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
