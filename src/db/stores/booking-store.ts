import type { Selectable, Transaction } from 'kysely';
import { decideHoldAllowance, NEW_HOLDS_PER_CUSTOMER } from '../../core/hold-limits.js';
import type { SeatStatus } from '../../core/holds.js';
import {
  type AfterDecline,
  DECLINES_PER_CUSTOMER,
  decideAfterDecline,
  decidePaymentAttempt,
} from '../../core/payment-declines.js';
import type { Db } from '../database.js';
import type { BookingsTable, Database } from '../schema.js';
import { appendAudit } from './audit-store.js';
import {
  cardDeclinesOf,
  liveHeldSeats,
  lockCustomer,
  paymentsInFlight,
  recentDeclineTimes,
  recentHoldTimes,
} from './customer-activity.js';
import { isUniqueViolation } from './hall-store.js';
import { releaseBookingSeats } from './seat-writes.js';

export type SeatChangeRow = { event_id: number; seat_id: number; status: SeatStatus };
export type BookingRow = Selectable<BookingsTable>;

/** Carries a decision out of a transaction while rolling it back. */
class Rollback<T> extends Error {
  constructor(readonly result: T) {
    super('rollback');
  }
}

async function rollbackWith<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof Rollback) return error.result as T;
    throw error;
  }
}

export type HoldResult =
  | { ok: true; bookingId: number; seats: { id: number; label: string; price: number }[]; total: number }
  | { ok: false; code: 'SEATS_UNAVAILABLE'; seatIds: number[] }
  | { ok: false; code: 'EVENT_GONE' }
  | { ok: false; code: 'HOLD_LIMIT'; max: number; held: number }
  | { ok: false; code: 'RATE_LIMITED'; retryAfterSeconds: number };

export type StartPaymentResult =
  | { ok: true; paymentId: number }
  | { ok: false; code: 'IN_PROGRESS' | 'ALREADY_PAID' | 'NOT_PAYABLE' | 'CANCELLED' }
  | { ok: false; code: 'RATE_LIMITED'; retryAfterSeconds: number };

export type DeclineResult = { decision: AfterDecline; cancelled: boolean; changes: SeatChangeRow[] };

export type CompletePaymentResult = { ok: true; changes: SeatChangeRow[] } | { ok: false; code: 'HOLD_EXPIRED' };

export function bookingStore(db: Db) {
  const k = db.kysely;
  const pg = db.dialect === 'postgres';

  async function ownedSeats(trx: Transaction<Database>, bookingId: number) {
    return trx
      .selectFrom('booking_seats')
      .select(['seat_id', 'label', 'price'])
      .where('booking_id', '=', bookingId)
      .orderBy('seat_id')
      .execute();
  }

  /**
   * PostgreSQL: locks seat rows in id order, as holdSeats does, before a multi-row seat UPDATE.
   * An UPDATE locks rows in whatever order it scans them, which can cross a hold's ordered locks
   * and deadlock (one side then fails with a 500).
   */
  async function lockSeatsInOrder(trx: Transaction<Database>, which: { bookingId: number } | { expiredAt: number }) {
    if (!pg) return;
    const seats = trx.selectFrom('seats').select('id');
    const filtered =
      'bookingId' in which
        ? seats.where('booking_id', '=', which.bookingId)
        : seats.where('status', '=', 'held').where('hold_expires_at', '<=', which.expiredAt);
    await filtered.orderBy('id').forUpdate().execute();
  }

  return {
    seatsForHold: (seatIds: number[]) => k.selectFrom('seats').select(['id', 'event_id']).where('id', 'in', seatIds).execute(),

    showtimeForHold: (eventId: number) =>
      k
        .selectFrom('events')
        .select(['id', 'start_time'])
        .where('id', '=', eventId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst(),

    /**
     * Holds every requested seat for a new pending booking, or none. One conditional UPDATE is
     * the judge: it claims only seats that are free (or whose hold has run out) and the claim
     * must cover every seat asked for, else the whole transaction rolls back.
     */
    async holdSeats(input: {
      reference: string;
      userId: number;
      eventId: number;
      seatIds: number[];
      currency: string;
      now: number;
      expiresAt: number;
      /** Absent for staff, who are exempt. */
      limits?: { maxHeldSeats: number };
    }): Promise<HoldResult> {
      const { seatIds, now } = input;
      return rollbackWith(
        db.transaction(async (trx): Promise<HoldResult> => {
          if (input.limits) {
            // Counted under the customer's lock and before anything is written, so concurrent
            // holds by one customer are judged one after another on what the others committed.
            await lockCustomer(trx, pg, input.userId);
            const allowance = decideHoldAllowance({
              requestedSeats: seatIds.length,
              heldSeats: await liveHeldSeats(trx, input.userId, input.eventId, now),
              maxHeldSeats: input.limits.maxHeldSeats,
              recentHolds: await recentHoldTimes(
                trx,
                input.userId,
                now - NEW_HOLDS_PER_CUSTOMER.windowMs,
                NEW_HOLDS_PER_CUSTOMER.limit,
              ),
              now,
            });
            if (!allowance.ok) return allowance;
          }
          const event = await trx
            .selectFrom('events')
            .select('id')
            .where('id', '=', input.eventId)
            .where('deleted_at', 'is', null)
            .where('start_time', '>', now)
            .$if(pg, (q) => q.forShare())
            .executeTakeFirst();
          if (!event) return { ok: false, code: 'EVENT_GONE' };
          if (pg) {
            // Lock in id order so two overlapping holds queue instead of deadlocking.
            await trx.selectFrom('seats').select('id').where('id', 'in', seatIds).orderBy('id').forUpdate().execute();
          }
          const booking = await trx
            .insertInto('bookings')
            .values({
              reference: input.reference,
              user_id: input.userId,
              event_id: input.eventId,
              status: 'pending',
              total_amount: 0,
              currency: input.currency,
              expires_at: input.expiresAt,
              created_at: now,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          const claimed = await trx
            .updateTable('seats')
            .set({ status: 'held', booking_id: booking.id, hold_expires_at: input.expiresAt })
            .where('event_id', '=', input.eventId)
            .where('id', 'in', seatIds)
            .where((eb) =>
              eb.or([eb('status', '=', 'available'), eb.and([eb('status', '=', 'held'), eb('hold_expires_at', '<=', now)])]),
            )
            .returning(['id', 'label', 'price'])
            .execute();
          if (claimed.length !== seatIds.length) {
            const won = new Set(claimed.map((s) => s.id));
            throw new Rollback<HoldResult>({
              ok: false,
              code: 'SEATS_UNAVAILABLE',
              seatIds: seatIds.filter((id) => !won.has(id)),
            });
          }
          claimed.sort((a, b) => a.id - b.id);
          const total = claimed.reduce((sum, s) => sum + s.price, 0);
          await trx
            .insertInto('booking_seats')
            .values(claimed.map((s) => ({ booking_id: booking.id, seat_id: s.id, label: s.label, price: s.price })))
            .execute();
          await trx.updateTable('bookings').set({ total_amount: total }).where('id', '=', booking.id).execute();
          return { ok: true, bookingId: booking.id, seats: claimed, total };
        }),
      );
    },

    showtimeStart: (eventId: number) =>
      k.selectFrom('events').select('start_time').where('id', '=', eventId).executeTakeFirstOrThrow(),

    findByReference: (reference: string) =>
      k.selectFrom('bookings').selectAll().where('reference', '=', reference).executeTakeFirst(),

    seatsOf: (bookingId: number) =>
      k
        .selectFrom('booking_seats')
        .select(['seat_id', 'label', 'price'])
        .where('booking_id', '=', bookingId)
        .orderBy('seat_id')
        .execute(),

    /**
     * Opens a payment for a pending booking still inside its hold. The partial unique index on
     * payments lets only one open-or-paid payment exist per booking, so racing confirms cannot
     * both charge. A customer whose cards were declined too often this hour gets no new payment:
     * counted under their lock with the attempts still at the processor, so that concurrent
     * confirms of several bookings cannot together send more cards than the limit.
     */
    async startPayment(booking: BookingRow, now: number): Promise<StartPaymentResult> {
      try {
        return await db.transaction(async (trx): Promise<StartPaymentResult> => {
          await lockCustomer(trx, pg, booking.user_id);
          const fresh = await trx
            .selectFrom('bookings')
            .select(['status', 'expires_at'])
            .where('id', '=', booking.id)
            .executeTakeFirstOrThrow();
          if (fresh.status === 'confirmed') return { ok: false, code: 'ALREADY_PAID' };
          if (fresh.status === 'cancelled') return { ok: false, code: 'CANCELLED' };
          if (fresh.status !== 'pending' || fresh.expires_at <= now) return { ok: false, code: 'NOT_PAYABLE' };
          const since = now - DECLINES_PER_CUSTOMER.windowMs;
          const allowance = decidePaymentAttempt({
            recentDeclines: await recentDeclineTimes(trx, booking.user_id, since, DECLINES_PER_CUSTOMER.limit),
            inFlight: await paymentsInFlight(trx, booking.user_id, since),
            now,
          });
          if (!allowance.ok) return { ok: false, code: 'RATE_LIMITED', retryAfterSeconds: allowance.retryAfterSeconds };
          const row = await trx
            .insertInto('payments')
            .values({
              booking_id: booking.id,
              status: 'processing',
              amount: booking.total_amount,
              currency: booking.currency,
              created_at: now,
              updated_at: now,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          return { ok: true, paymentId: row.id };
        });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        const paid = await k.selectFrom('bookings').select('status').where('id', '=', booking.id).executeTakeFirst();
        return { ok: false, code: paid?.status === 'confirmed' ? 'ALREADY_PAID' : 'IN_PROGRESS' };
      }
    },

    /** The payment ended without a sale: the processor could not be reached, or (when the decline itself could not be recorded) refused the card. */
    async markPaymentFailed(
      paymentId: number,
      now: number,
      kind: 'provider_error' | 'card_declined' = 'provider_error',
    ): Promise<void> {
      await k
        .updateTable('payments')
        .set({ status: 'declined', failure_kind: kind, updated_at: now })
        .where('id', '=', paymentId)
        .execute();
    },

    /**
     * Records that the processor refused the card and applies what core decides about the
     * booking: after too many refusals it is cancelled and its seats are freed. The decline is
     * audited in the same transaction, so no refused card goes unrecorded.
     */
    async recordDecline(input: { booking: BookingRow; paymentId: number; now: number }): Promise<DeclineResult> {
      const { booking, now } = input;
      return db.transaction(async (trx): Promise<DeclineResult> => {
        // startPayment counts declines and payments in flight in two statements; without the
        // customer's lock this payment could move from one count to the other between them
        // (READ COMMITTED), and a concurrent start would count it in neither.
        await lockCustomer(trx, pg, booking.user_id);
        await trx
          .updateTable('payments')
          .set({ status: 'declined', failure_kind: 'card_declined', updated_at: now })
          .where('id', '=', input.paymentId)
          .execute();
        // One payment per booking is at the processor at a time (payments_one_live), so the
        // declines of one booking are recorded one after another and this count is exact.
        const decision = decideAfterDecline(await cardDeclinesOf(trx, booking.id));
        let changes: SeatChangeRow[] = [];
        let cancelled = false;
        if (decision.cancel) {
          await lockSeatsInOrder(trx, { bookingId: booking.id });
          const updated = await trx
            .updateTable('bookings')
            .set({ status: 'cancelled', cancelled_at: now, refund_amount: 0, cancel_reason: decision.reason })
            .where('id', '=', booking.id)
            .where('status', '=', 'pending')
            .executeTakeFirst();
          cancelled = Number(updated.numUpdatedRows) === 1;
          if (cancelled) changes = await releaseBookingSeats(trx, booking.id);
        }
        const owner = await trx.selectFrom('users').select('email').where('id', '=', booking.user_id).executeTakeFirst();
        const target = { target_type: 'booking', target_id: booking.reference, ip: null };
        await appendAudit(trx, [
          {
            ...target,
            at: now,
            actor_id: booking.user_id,
            actor_email: owner?.email ?? null,
            action: 'payment.decline',
            outcome: 'failure',
            details: { outcome: 'declined', attempt: decision.attempt, booking_cancelled: cancelled },
          },
          // The cancellation is the service's doing, not the customer's: no actor, like an expiry.
          ...(cancelled
            ? [
                {
                  ...target,
                  at: now,
                  actor_id: null,
                  actor_email: null,
                  action: 'booking.cancel',
                  details: { reason: 'too_many_declines' },
                },
              ]
            : []),
        ]);
        return { decision, cancelled, changes };
      });
    },

    /** Turns the held seats into sold ones, provided the hold is still alive at `now`. */
    async completePayment(input: {
      booking: BookingRow;
      paymentId: number;
      providerPaymentId: string;
      now: number;
    }): Promise<CompletePaymentResult> {
      const { booking, now } = input;
      return rollbackWith(
        db.transaction(async (trx): Promise<CompletePaymentResult> => {
          await lockSeatsInOrder(trx, { bookingId: booking.id });
          const seats = await ownedSeats(trx, booking.id);
          const sold = await trx
            .updateTable('seats')
            .set({ status: 'booked', hold_expires_at: null })
            .where('booking_id', '=', booking.id)
            .where('status', '=', 'held')
            .where('hold_expires_at', '>', now)
            .returning(['id', 'event_id'])
            .execute();
          if (sold.length !== seats.length) throw new Rollback<CompletePaymentResult>({ ok: false, code: 'HOLD_EXPIRED' });
          const updated = await trx
            .updateTable('bookings')
            .set({ status: 'confirmed', paid_at: now, payment_id: input.providerPaymentId })
            .where('id', '=', booking.id)
            .where('status', '=', 'pending')
            .executeTakeFirst();
          if (Number(updated.numUpdatedRows) !== 1)
            throw new Rollback<CompletePaymentResult>({ ok: false, code: 'HOLD_EXPIRED' });
          await trx
            .updateTable('payments')
            .set({ status: 'succeeded', provider_payment_id: input.providerPaymentId, updated_at: now })
            .where('id', '=', input.paymentId)
            .execute();
          return { ok: true, changes: sold.map((s) => ({ event_id: s.event_id, seat_id: s.id, status: 'booked' as const })) };
        }),
      );
    },

    async markPaymentRefunded(paymentId: number, providerRefundId: string, now: number): Promise<void> {
      await k
        .updateTable('payments')
        .set({ status: 'refunded', provider_refund_id: providerRefundId, updated_at: now })
        .where('id', '=', paymentId)
        .execute();
    },

    successfulPayment: (bookingId: number) =>
      k
        .selectFrom('payments')
        .selectAll()
        .where('booking_id', '=', bookingId)
        .where('status', '=', 'succeeded')
        .executeTakeFirst(),

    /**
     * Cancels a booking if it is still in the state the caller decided on, and frees its seats.
     * The conditional update makes concurrent cancels safe: only one of them changes the row.
     */
    async cancel(input: {
      booking: BookingRow;
      expectedStatus: 'pending' | 'confirmed';
      refundAmount: number;
      now: number;
    }): Promise<{ ok: true; changes: SeatChangeRow[] } | { ok: false }> {
      const { booking, now } = input;
      return db.transaction(async (trx) => {
        await lockSeatsInOrder(trx, { bookingId: booking.id });
        const updated = await trx
          .updateTable('bookings')
          .set({ status: 'cancelled', cancelled_at: now, refund_amount: input.refundAmount })
          .where('id', '=', booking.id)
          .where('status', '=', input.expectedStatus)
          .$if(input.expectedStatus === 'pending', (q) => q.where('expires_at', '>', now))
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1) return { ok: false } as const;
        return {
          ok: true,
          changes: await releaseBookingSeats(trx, booking.id),
        } as const;
      });
    },

    /**
     * Frees every hold that has run out and marks its booking expired. Safe to run from many
     * instances at once: each seat row is freed by exactly one UPDATE, and only that caller
     * reports it.
     */
    async releaseExpiredHolds(now: number): Promise<{ changes: SeatChangeRow[]; expiredBookings: number }> {
      return db.transaction(async (trx) => {
        await lockSeatsInOrder(trx, { expiredAt: now });
        const freed = await trx
          .updateTable('seats')
          .set({ status: 'available', booking_id: null, hold_expires_at: null })
          .where('status', '=', 'held')
          .where('hold_expires_at', '<=', now)
          .returning(['id', 'event_id'])
          .execute();
        const expired = await trx
          .updateTable('bookings')
          .set({ status: 'expired' })
          .where('status', '=', 'pending')
          .where('expires_at', '<=', now)
          .returning(['id', 'reference'])
          .execute();
        // The expiry is a booking state change like any other: the audit log records it, in the
        // same transaction, with no actor (the system did it).
        if (expired.length > 0) {
          await trx
            .insertInto('audit_log')
            .values(
              expired.map((b) => ({
                at: now,
                actor_id: null,
                actor_email: null,
                action: 'booking.expire',
                target_type: 'booking',
                target_id: b.reference,
                details: JSON.stringify({ reason: 'hold ran out before payment' }),
                ip: null,
              })),
            )
            .execute();
        }
        return {
          changes: freed.map((s) => ({ event_id: s.event_id, seat_id: s.id, status: 'available' as const })),
          expiredBookings: expired.length,
        };
      });
    },
  };
}

export type BookingStore = ReturnType<typeof bookingStore>;
