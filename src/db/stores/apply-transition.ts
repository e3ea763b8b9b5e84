import type { Transaction } from 'kysely';
import type { LifecycleEffect, Transition } from '../../core/booking-lifecycle.js';
import { refundPayout } from '../../core/box-office.js';
import type { SeatStatus } from '../../core/holds.js';
import {
  bookingCancelledEmail,
  bookingConfirmedEmail,
  type EmailEffect,
  latePaymentRefundedEmail,
  showCancelledEmail,
} from '../../core/mail.js';
import { topics } from '../../core/outbox.js';
import type { Database } from '../schema.js';
import { type AuditEntry, appendAudit } from './audit-store.js';
import { enqueueEffects, type OutboxEffect } from './outbox-store.js';
import { givePromoUsesBack, retakePromoUse } from './promo-code-store.js';
import { issueTickets, voidTickets } from './ticket-store.js';

export type SeatChangeRow = { event_id: number; seat_id: number; status: SeatStatus };

/** Who caused a change, for the audit log; null when the service did it by itself (expiry, webhook). */
export type AuditActor = { id: number; email: string | null; ip: string | null } | null;

export type BookingRef = {
  id: number;
  reference: string;
  user_id: number;
  event_id: number;
  currency: string;
  /** The status read under the booking's lock, before this transition. */
  status?: string;
};

/** Outbox kinds delivered by src/services/outbox-handlers.ts. */
export const SEATS_CHANGED = 'seats.changed';
export const PAYMENT_REFUND = 'payment.refund';

export type SeatsChangedPayload = { event_id: number; changes: { seat_id: number; status: SeatStatus }[] };
export type RefundPayload = { refund_id: number };

/** Carries a result out of a transaction while rolling it back. */
export class Rollback<T> extends Error {
  constructor(readonly result: T) {
    super('rollback');
  }
}

export async function rollbackWith<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof Rollback) return error.result as T;
    throw error;
  }
}

/** Seat pushes go out per showtime, in order, and never wait behind a booking's email or refund. */
export function seatChangeEffects(changes: SeatChangeRow[]): OutboxEffect[] {
  const byEvent = new Map<number, SeatsChangedPayload['changes']>();
  for (const c of changes) {
    const list = byEvent.get(c.event_id) ?? [];
    list.push({ seat_id: c.seat_id, status: c.status });
    byEvent.set(c.event_id, list);
  }
  return [...byEvent].map(([eventId, list]) => ({
    topic: topics.showtime(eventId),
    kind: SEATS_CHANGED,
    payload: { event_id: eventId, changes: list } satisfies SeatsChangedPayload,
  }));
}

/**
 * Emails of one booking go out in order on a topic of their own: a mail server that is down
 * delays mail, never a refund or a seat push.
 */
export const mailTopic = (bookingId: number) => `mail:${topics.booking(bookingId)}`;

export type Applied = { changes: SeatChangeRow[]; refundId?: number };
export type ApplyFailure = { ok: false; code: 'SEATS_LOST' };

/**
 * Applies one lifecycle decision inside the caller's transaction: the seats, the tickets, the
 * booking row, a refund to send, the emails, the audit entries and the seat pushes, all in this one commit.
 * Seat claims are conditional; if one does not cover every seat the decision named, the whole
 * transaction rolls back (Rollback with SEATS_LOST) and nothing of it is kept.
 */
export async function applyTransition(
  trx: Transaction<Database>,
  input: {
    booking: BookingRef;
    decision: Extract<Transition, { ok: true }>;
    now: number;
    actor: AuditActor;
    publicUrl: string;
    /** The payment a refund draws on; defaults to the booking's succeeded payment. */
    paymentId?: number;
    /** Set when this transition records a payment (confirm). */
    providerPaymentId?: string;
    /** The open shift whose drawer pays a refund out now (a refund given at the counter). */
    refundShiftId?: number;
    auditDetails?: Record<string, unknown>;
  },
): Promise<Applied> {
  const { booking, decision, now } = input;
  const changes: SeatChangeRow[] = [];
  const outbox: OutboxEffect[] = [];
  const audits: AuditEntry[] = [];
  let refundId: number | undefined;
  const seatEffects = decision.effects.filter((e): e is Extract<LifecycleEffect, { kind: 'seats' }> => e.kind === 'seats');

  for (const effect of seatEffects) {
    if (effect.seatIds.length === 0) continue;
    if (effect.action === 'release') {
      const freed = await trx
        .updateTable('seats')
        .set({ status: 'available', booking_id: null, hold_expires_at: null })
        .where('booking_id', '=', booking.id)
        .where('id', 'in', effect.seatIds)
        .returning(['id', 'event_id'])
        .execute();
      for (const s of freed) changes.push({ event_id: s.event_id, seat_id: s.id, status: 'available' });
      if (decision.status !== 'cancelled' && decision.status !== 'expired') {
        // Some seats of a booking that goes on: they leave it, and its history keeps them marked.
        await trx
          .updateTable('booking_seats')
          .set({ cancelled_at: now })
          .where('booking_id', '=', booking.id)
          .where('seat_id', 'in', effect.seatIds)
          .execute();
      }
      continue;
    }
    const sold = await trx
      .updateTable('seats')
      .set({ status: 'booked', booking_id: booking.id, hold_expires_at: null })
      .where('id', 'in', effect.seatIds)
      .where((eb) =>
        effect.action === 'book'
          ? eb.and([eb('booking_id', '=', booking.id), eb('status', '=', 'held')])
          : eb.or([
              eb('booking_id', '=', booking.id),
              eb('status', '=', 'available'),
              eb.and([eb('status', '=', 'held'), eb('hold_expires_at', '<=', now)]),
            ]),
      )
      .returning(['id', 'event_id'])
      .execute();
    if (sold.length !== effect.seatIds.length) throw new Rollback<ApplyFailure>({ ok: false, code: 'SEATS_LOST' });
    for (const s of sold) changes.push({ event_id: s.event_id, seat_id: s.id, status: 'booked' });
  }

  // A repeated success (a webhook after the customer's return) leaves the first payment's time and id.
  const confirmed = decision.status === 'confirmed' && input.providerPaymentId !== undefined && booking.status !== 'confirmed';
  if (decision.expiresAt !== undefined) {
    // The seats' holds are what a competing hold is judged by: they move with the booking's.
    await trx
      .updateTable('seats')
      .set({ hold_expires_at: decision.expiresAt })
      .where('booking_id', '=', booking.id)
      .where('status', '=', 'held')
      .execute();
  }
  await trx
    .updateTable('bookings')
    .set((eb) => ({
      status: decision.status,
      ...(decision.expiresAt !== undefined ? { expires_at: decision.expiresAt, hold_extended_at: now } : {}),
      ...(decision.status === 'cancelled' ? { cancelled_at: now } : {}),
      ...(decision.cancelReason ? { cancel_reason: decision.cancelReason } : {}),
      ...(decision.disputedAt !== undefined ? { disputed_at: eb.fn.coalesce('disputed_at', eb.val(decision.disputedAt)) } : {}),
      ...(confirmed ? { paid_at: now, payment_id: input.providerPaymentId } : {}),
      ...(decision.refund > 0 || decision.status === 'cancelled'
        ? { refund_amount: eb(eb.fn.coalesce('refund_amount', eb.val(0)), '+', decision.refund) }
        : {}),
      ...(decision.fee > 0 ? { fee_amount: eb('fee_amount', '+', decision.fee) } : {}),
    }))
    .where('id', '=', booking.id)
    .execute();

  // A booking that ends unsold gives its promo code's use back (a partial cancel keeps it); money
  // that came late and sold the seats after all takes it again, if the cap allows.
  if (decision.status === 'cancelled' || decision.status === 'expired') await givePromoUsesBack(trx, [booking.id], now);
  else if (seatEffects.some((e) => e.action === 'reclaim')) await retakePromoUse(trx, booking.id);

  // A counter sale belongs to the staff member who sold it: its emails go to the customer's
  // address given at the counter, or nowhere.
  const recipient = await trx
    .selectFrom('bookings')
    .innerJoin('users', 'users.id', 'bookings.user_id')
    .select(['users.email', 'bookings.shift_id', 'bookings.customer_email'])
    .where('bookings.id', '=', booking.id)
    .executeTakeFirst();
  const to = recipient ? (recipient.shift_id === null ? recipient.email : recipient.customer_email) : null;
  const mailBase = { to: to ?? '', publicUrl: input.publicUrl, now };
  const ref = { id: booking.id, reference: booking.reference, userId: booking.user_id };

  for (const effect of decision.effects) {
    switch (effect.kind) {
      case 'seats':
        break;
      case 'tickets':
        // After the seats: a ticket is issued only for a seat this transaction has sold.
        if (effect.action === 'issue') await issueTickets(trx, booking, effect.seatIds, now);
        else await voidTickets(trx, booking.id, effect.seatIds, now);
        break;
      case 'refund': {
        const payment = await trx
          .selectFrom('payments')
          .select(['id', 'provider', 'provider_payment_id'])
          .$if(input.paymentId !== undefined, (q) => q.where('id', '=', input.paymentId as number))
          .$if(input.paymentId === undefined, (q) =>
            q.where('booking_id', '=', booking.id).where('status', 'in', ['succeeded', 'refunded']),
          )
          .executeTakeFirst();
        if (payment === undefined) break; // nothing was paid through bookmemovie: nothing to send back
        const payout = refundPayout({
          provider: payment.provider,
          providerPaymentId: payment.provider_payment_id,
          counterShiftId: input.refundShiftId ?? null,
        });
        // Cash from a drawer is paid as this commits; cash owed waits for a clerk (no outbox
        // row: nothing can be sent); the rest goes to the processor through the outbox.
        const paidNow = payout === 'drawer';
        const row = await trx
          .insertInto('refunds')
          .values({
            booking_id: booking.id,
            payment_id: payment.id,
            amount: effect.amount,
            currency: booking.currency,
            reason: effect.reason,
            status: paidNow ? 'succeeded' : 'pending',
            provider_refund_id: null,
            created_at: now,
            updated_at: now,
            ...(payout === 'drawer' || (payout === 'provider' && input.refundShiftId !== undefined)
              ? { shift_id: input.refundShiftId }
              : {}),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        refundId = row.id;
        if (paidNow) await markPaymentRefundedIfFull(trx, payment.id, null, now);
        else if (payout !== 'counter_due') {
          outbox.push({
            topic: topics.booking(booking.id),
            kind: PAYMENT_REFUND,
            payload: { refund_id: row.id } satisfies RefundPayload,
          });
        }
        break;
      }
      case 'email': {
        if (!to) break;
        let mail: EmailEffect;
        if (effect.template === 'booking_confirmed') mail = bookingConfirmedEmail(ref, mailBase);
        else if (effect.template === 'late_payment_refunded') mail = latePaymentRefundedEmail(ref, decision.refund, mailBase);
        else if (effect.template === 'show_cancelled') mail = showCancelledEmail(ref, decision.refund, mailBase);
        else {
          const released = seatEffects.find((e) => e.action === 'release')?.seatIds ?? [];
          mail = bookingCancelledEmail(
            ref,
            {
              id: `${now.toString(36)}-${released.length}`,
              refundAmount: decision.refund,
              ...(decision.status === 'cancelled' ? {} : { seatIds: released }),
            },
            mailBase,
          );
        }
        outbox.push({ ...mail, topic: mailTopic(booking.id) });
        break;
      }
      case 'audit': {
        const actor = effect.system ? null : input.actor;
        audits.push({
          at: now,
          actor_id: actor?.id ?? null,
          actor_email: actor?.email ?? null,
          action: effect.action,
          target_type: 'booking',
          target_id: booking.reference,
          details: { ...effect.details, ...input.auditDetails },
          ip: actor?.ip ?? null,
          outcome: effect.action === 'payment.decline' ? 'failure' : 'success',
        });
        break;
      }
    }
  }
  await appendAudit(trx, audits);
  await enqueueEffects(trx, [...seatChangeEffects(changes), ...outbox], now);
  return { changes, ...(refundId !== undefined ? { refundId } : {}) };
}

/** A payment whose refunds (paid ones) add up to what it took is marked refunded. */
export async function markPaymentRefundedIfFull(
  trx: Transaction<Database>,
  paymentId: number,
  providerRefundId: string | null,
  now: number,
): Promise<void> {
  const payment = await trx.selectFrom('payments').select('amount').where('id', '=', paymentId).executeTakeFirstOrThrow();
  const back = await trx
    .selectFrom('refunds')
    .select((eb) => eb.fn.sum<number>('amount').as('total'))
    .where('payment_id', '=', paymentId)
    .where('status', '=', 'succeeded')
    .executeTakeFirstOrThrow();
  if (Number(back.total ?? 0) >= Number(payment.amount)) {
    await trx
      .updateTable('payments')
      .set({ status: 'refunded', provider_refund_id: providerRefundId, updated_at: now })
      .where('id', '=', paymentId)
      .execute();
  }
}
