import type { Transaction } from 'kysely';
import { effectiveStatus, transition } from '../../core/booking-lifecycle.js';
import {
  COUNTER_CASH_PROVIDER,
  type CounterPaymentMethod,
  decideCounterMove,
  decideShiftClose,
  type MoneyMove,
  refundState,
} from '../../core/box-office.js';
import type { RefundPolicy } from '../../core/refund-policy.js';
import type { Db } from '../database.js';
import type { Database } from '../schema.js';
import { type AuditActor, markPaymentRefundedIfFull, Rollback, rollbackWith } from './apply-transition.js';
import { appendAudit } from './audit-store.js';
import type { BookingStore, StepResult } from './booking-store.js';
import { isUniqueViolation } from './hall-store.js';

const HELD = ['pending', 'awaiting_payment'] as const;

export type ShiftRefusal = { ok: false; code: 'NO_OPEN_SHIFT' | 'NOT_YOUR_SHIFT' | 'SHIFT_CLOSED' | 'SALES_IN_PROGRESS' };

const auditOf = (actor: AuditActor, now: number, action: string, shiftId: number, details: Record<string, unknown>) => ({
  at: now,
  actor_id: actor?.id ?? null,
  actor_email: actor?.email ?? null,
  action,
  target_type: 'box_office_shift',
  target_id: String(shiftId),
  details,
  ip: actor?.ip ?? null,
  outcome: 'success' as const,
});

/**
 * Shifts at the box office and the counter's own steps of the booking lifecycle. A counter step
 * locks the shift first, then the booking and its seats (the order of every lifecycle step), so a
 * shift closes either before a sale or refund of it or after it, never in between.
 */
export function boxOfficeStore(db: Db, bookings: BookingStore) {
  const k = db.kysely;
  const pg = db.dialect === 'postgres';

  /** Throws a Rollback unless `staffId` may record money in `shiftId` now. */
  async function requireOpenShift(trx: Transaction<Database>, shiftId: number, staffId: number) {
    const shift = await bookings.lockShift(trx, shiftId);
    const move = decideCounterMove(shift && { staffId: shift.staff_id, status: shift.status }, staffId);
    if (!move.ok) throw new Rollback<ShiftRefusal>(move);
  }

  return {
    findShift: (shiftId: number) => k.selectFrom('box_office_shifts').selectAll().where('id', '=', shiftId).executeTakeFirst(),

    openShiftOf: (staffId: number) =>
      k
        .selectFrom('box_office_shifts')
        .selectAll()
        .where('staff_id', '=', staffId)
        .where('status', '=', 'open')
        .executeTakeFirst(),

    /** A new open shift, or ALREADY_OPEN (one open shift per staff member, by a unique index). */
    async openShift(input: { staffId: number; openingFloat: number; currency: string; now: number; actor: AuditActor }) {
      try {
        return await db.transaction(async (trx) => {
          const row = await trx
            .insertInto('box_office_shifts')
            .values({
              staff_id: input.staffId,
              status: 'open',
              currency: input.currency,
              opening_float: input.openingFloat,
              opened_at: input.now,
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          await appendAudit(trx, [
            auditOf(input.actor, input.now, 'box_office.shift_open', row.id, { opening_float: input.openingFloat }),
          ]);
          return { ok: true as const, shift: row };
        });
      } catch (error) {
        if (isUniqueViolation(error)) return { ok: false as const, code: 'ALREADY_OPEN' as const };
        throw error;
      }
    },

    /**
     * Closes an open shift with the cash counted. Refused while a sale of the shift is half done
     * (seats held for it, or a card at the terminal): the shift's lock makes a sale being held
     * right now finish first, and then it is counted here.
     */
    async closeShift(input: { shiftId: number; countedCash: number; now: number; actor: AuditActor }) {
      const { shiftId, now } = input;
      return db.transaction(async (trx) => {
        const shift = await trx
          .selectFrom('box_office_shifts')
          .select(['status'])
          .where('id', '=', shiftId)
          .$if(pg, (q) => q.forUpdate())
          .executeTakeFirstOrThrow();
        const held = await trx
          .selectFrom('bookings')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('shift_id', '=', shiftId)
          .where('status', 'in', HELD)
          .where('expires_at', '>', now)
          .executeTakeFirstOrThrow();
        const paying = await trx
          .selectFrom('payments')
          .innerJoin('bookings', 'bookings.id', 'payments.booking_id')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('bookings.shift_id', '=', shiftId)
          .where('payments.status', '=', 'processing')
          .executeTakeFirstOrThrow();
        const decision = decideShiftClose({ status: shift.status, salesInProgress: Number(held.n) + Number(paying.n) });
        if (!decision.ok) return decision;
        await trx
          .updateTable('box_office_shifts')
          .set({ status: 'closed', counted_cash: input.countedCash, closed_at: now })
          .where('id', '=', shiftId)
          .execute();
        await appendAudit(trx, [
          auditOf(input.actor, now, 'box_office.shift_close', shiftId, { counted_cash: input.countedCash }),
        ]);
        return { ok: true as const };
      });
    },

    /** The money a shift took and gave back, by payment method (minor units). */
    async moves(shiftId: number): Promise<{ sales: MoneyMove[]; refunds: MoneyMove[] }> {
      const sales = await k
        .selectFrom('payments')
        .innerJoin('bookings', 'bookings.id', 'payments.booking_id')
        .select(['bookings.payment_method', 'payments.amount', 'bookings.discount_amount'])
        .where('bookings.shift_id', '=', shiftId)
        .where('payments.status', 'in', ['succeeded', 'refunded'])
        .orderBy('payments.id')
        .execute();
      const refunds = await k
        .selectFrom('refunds')
        .innerJoin('bookings', 'bookings.id', 'refunds.booking_id')
        .select(['bookings.payment_method', 'refunds.amount'])
        .where('refunds.shift_id', '=', shiftId)
        .orderBy('refunds.id')
        .execute();
      const asMove = (r: { payment_method: CounterPaymentMethod | null; amount: number }): MoneyMove => ({
        method: r.payment_method ?? 'card',
        amount: Number(r.amount),
      });
      return {
        sales: sales.map((r) => ({ ...asMove(r), discount: Number(r.discount_amount) })),
        refunds: refunds.map(asMove),
      };
    },

    /**
     * Cash handed over at the counter: recorded as a succeeded payment, and the booking confirmed by
     * the lifecycle as for any payment, in one transaction, only into the staff member's open
     * shift and only while the hold lives (the cash has not been taken otherwise).
     */
    payCash(input: {
      bookingId: number;
      reference: string;
      shiftId: number;
      staffId: number;
      amount: number;
      currency: string;
      now: number;
      actor: AuditActor;
    }): Promise<StepResult | ShiftRefusal> {
      const { now } = input;
      const receipt = `cash_${input.reference}`;
      return rollbackWith(
        bookings.step(
          input.bookingId,
          now,
          (facts) =>
            effectiveStatus(facts, now) === 'pending'
              ? transition(facts, { type: 'payment_succeeded', now, amount: input.amount, seatsFree: false })
              : { ok: false, code: 'HOLD_EXPIRED' },
          {
            actor: input.actor,
            providerPaymentId: receipt,
            before: async (trx) => {
              await requireOpenShift(trx, input.shiftId, input.staffId);
              await trx
                .insertInto('payments')
                .values({
                  booking_id: input.bookingId,
                  status: 'succeeded',
                  amount: input.amount,
                  currency: input.currency,
                  provider: COUNTER_CASH_PROVIDER,
                  provider_payment_id: receipt,
                  created_at: now,
                  updated_at: now,
                })
                .execute();
            },
          },
        ),
      );
    },

    /** Cash refunds of a booking owed at the counter (the cinema cancelled its showtime), minor units. */
    async cashRefundDue(bookingId: number): Promise<number> {
      const rows = await dueRefunds(k, bookingId);
      return rows.reduce((sum, r) => sum + Number(r.amount), 0);
    },

    /**
     * A clerk pays out the cash owed for a booking from their open shift's drawer: every refund of
     * it still due at the counter is marked paid and filed under the shift (its report counts it as
     * a cash refund), in one transaction after the shift's lock. Two clerks paying the same booking
     * at once: the second finds nothing due (NOTHING_DUE), as the rows are re-read under lock.
     */
    payOutCashDue(input: {
      bookingId: number;
      shiftId: number;
      staffId: number;
      now: number;
      actor: AuditActor;
    }): Promise<{ ok: true; amount: number } | { ok: false; code: 'NOTHING_DUE' } | ShiftRefusal> {
      const { now } = input;
      return rollbackWith(
        db.transaction(async (trx): Promise<{ ok: true; amount: number } | { ok: false; code: 'NOTHING_DUE' }> => {
          await requireOpenShift(trx, input.shiftId, input.staffId);
          // The booking's lock, as every lifecycle step takes it, so a payout and a step never interleave.
          await trx
            .selectFrom('bookings')
            .select('id')
            .where('id', '=', input.bookingId)
            .$if(pg, (q) => q.forUpdate())
            .executeTakeFirstOrThrow();
          const due = await dueRefunds(trx, input.bookingId);
          if (due.length === 0) return { ok: false as const, code: 'NOTHING_DUE' as const };
          let amount = 0;
          for (const refund of due) {
            await trx
              .updateTable('refunds')
              .set({ status: 'succeeded', shift_id: input.shiftId, updated_at: now })
              .where('id', '=', refund.id)
              .execute();
            await markPaymentRefundedIfFull(trx, refund.payment_id, null, now);
            amount += Number(refund.amount);
          }
          await appendAudit(trx, [
            auditOf(input.actor, now, 'box_office.cash_refund_paid', input.shiftId, {
              booking_id: input.bookingId,
              amount,
              refund_ids: due.map((r) => r.id),
            }),
          ]);
          return { ok: true as const, amount };
        }),
      );
    },

    /**
     * A counter sale given back at the counter, whole or some seats: the lifecycle's cancel as an
     * admin's (a full refund, whenever), its refund filed under the staff member's open shift.
     */
    refund(input: {
      bookingId: number;
      shiftId: number;
      staffId: number;
      seatIds?: number[];
      policy: RefundPolicy;
      now: number;
      actor: AuditActor;
    }): Promise<StepResult | ShiftRefusal> {
      const { now } = input;
      return rollbackWith(
        bookings.step(
          input.bookingId,
          now,
          (facts) =>
            transition(facts, {
              type: 'cancel',
              now,
              by: 'admin',
              policy: input.policy,
              ...(input.seatIds ? { seatIds: input.seatIds } : {}),
            }),
          {
            actor: input.actor,
            refundShiftId: input.shiftId,
            before: (trx) => requireOpenShift(trx, input.shiftId, input.staffId),
          },
        ),
      );
    },
  };
}

/** A booking's refunds still owed at the counter, as core's refundState tells them. */
async function dueRefunds(k: Db['kysely'] | Transaction<Database>, bookingId: number) {
  const rows = await k
    .selectFrom('refunds')
    .innerJoin('payments', 'payments.id', 'refunds.payment_id')
    .select(['refunds.id', 'refunds.amount', 'refunds.payment_id', 'refunds.status', 'refunds.shift_id', 'payments.provider'])
    .where('refunds.booking_id', '=', bookingId)
    .where('refunds.status', '=', 'pending')
    .where('payments.provider', '=', COUNTER_CASH_PROVIDER)
    .orderBy('refunds.id')
    .execute();
  return rows.filter((r) => refundState({ status: r.status, provider: r.provider, shiftId: r.shift_id }) === 'due_at_counter');
}

export type BoxOfficeStore = ReturnType<typeof boxOfficeStore>;
