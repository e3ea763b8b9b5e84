import { transition } from '../../core/booking-lifecycle.js';
import type { ProviderRefund } from '../../payments/payment-provider.js';
import type { Db } from '../database.js';
import { type AuditActor, rollbackWith } from './apply-transition.js';
import { appendAudit } from './audit-store.js';
import type { BookingStore, StepResult } from './booking-store.js';
import { cardDeclinesOf, lockCustomer } from './customer-activity.js';
import { type DuplicateEvent, type ProviderEventRef, recordProviderEventOnce } from './provider-event-store.js';

/**
 * Payments the customer completes on a provider's page (Stripe): each attempt is a payments row
 * that names its PaymentIntent, and what the provider reports (by webhook or when asked) moves the
 * booking through the lifecycle in one transaction with the event's de-duplication record.
 */
export function checkoutStore(db: Db, bookings: BookingStore) {
  const k = db.kysely;
  const pg = db.dialect === 'postgres';

  return {
    /** The booking's attempt still open with the provider, if any. */
    liveCheckout: (bookingId: number) =>
      k
        .selectFrom('payments')
        .select(['id', 'provider_intent_id', 'created_at'])
        .where('booking_id', '=', bookingId)
        .where('status', '=', 'processing')
        .executeTakeFirst(),

    /** The attempt a PaymentIntent belongs to, with its booking. */
    paymentByIntent: (intentId: string) =>
      k
        .selectFrom('payments as p')
        .innerJoin('bookings as b', 'b.id', 'p.booking_id')
        .select(['p.id', 'p.booking_id', 'p.status', 'p.amount', 'p.currency', 'b.user_id', 'b.reference'])
        .where('p.provider_intent_id', '=', intentId)
        .executeTakeFirst(),

    /** The attempt now has its intent, and the customer is on the provider's page: the hold is extended once. */
    beginCheckout(input: {
      bookingId: number;
      paymentId: number;
      intentId: string;
      holdTtlMs: number;
      now: number;
      actor: AuditActor;
    }): Promise<StepResult> {
      const { now } = input;
      return bookings.step(
        input.bookingId,
        now,
        (facts) => transition(facts, { type: 'start_checkout', now, holdTtlMs: input.holdTtlMs }),
        {
          actor: input.actor,
          before: async (trx) => {
            await trx
              .updateTable('payments')
              .set({ provider_intent_id: input.intentId, updated_at: now })
              .where('id', '=', input.paymentId)
              .execute();
          },
        },
      );
    },

    /**
     * The provider refused a card on the booking's open checkout. The checkout stays open (the
     * customer may try another card), and the refusal is a declined attempt of its own, so the
     * limits in core/payment-declines.ts count it as they count a simulated decline: the last
     * allowed one cancels the booking.
     */
    recordCheckoutDecline(input: {
      bookingId: number;
      userId: number;
      amount: number;
      currency: string;
      chargeId: string | null;
      now: number;
      event: ProviderEventRef;
    }): Promise<StepResult> {
      const { now } = input;
      return bookings.step(
        input.bookingId,
        now,
        async (facts, trx) =>
          transition(facts, { type: 'payment_declined', now, declines: await cardDeclinesOf(trx, input.bookingId) }),
        {
          actor: null,
          before: async (trx) => {
            await recordProviderEventOnce(trx, input.event, now);
            await lockCustomer(trx, pg, input.userId);
            await trx
              .insertInto('payments')
              .values({
                booking_id: input.bookingId,
                status: 'declined',
                failure_kind: 'card_declined',
                amount: input.amount,
                currency: input.currency,
                provider: 'stripe',
                provider_payment_id: input.chargeId,
                created_at: now,
                updated_at: now,
              })
              .execute();
          },
        },
      );
    },

    /** The customer's bank disputes the charge: the booking is flagged for staff. */
    flagDispute(input: { bookingId: number; now: number; event: ProviderEventRef; disputeId: string }): Promise<StepResult> {
      const { now } = input;
      return bookings.step(input.bookingId, now, (facts) => transition(facts, { type: 'dispute_opened', now }), {
        actor: null,
        before: (trx) => recordProviderEventOnce(trx, input.event, now),
      });
    },

    /**
     * What the provider has refunded on one payment, recorded: our own refunds are marked done
     * with the provider's id, and one made in the provider's dashboard gets a row of its own (and
     * an audit entry). A payment refunded in full says so.
     */
    async recordProviderRefunds(input: {
      paymentId: number;
      bookingId: number;
      reference: string;
      currency: string;
      refunds: ProviderRefund[];
      now: number;
      event: ProviderEventRef;
    }): Promise<{ ok: true; recorded: number } | DuplicateEvent> {
      const { now } = input;
      return rollbackWith(
        db.transaction(async (trx): Promise<{ ok: true; recorded: number }> => {
          await recordProviderEventOnce(trx, input.event, now);
          const ours = await trx
            .selectFrom('refunds')
            .select(['id', 'status', 'provider_refund_id'])
            .where('payment_id', '=', input.paymentId)
            .execute();
          let recorded = 0;
          for (const refund of input.refunds.filter((r) => r.status === 'succeeded')) {
            const mine = ours.find((r) => r.id === refund.ourRefundId || r.provider_refund_id === refund.id);
            if (mine) {
              if (mine.status === 'succeeded') continue;
              await trx
                .updateTable('refunds')
                .set({ status: 'succeeded', provider_refund_id: refund.id, updated_at: now })
                .where('id', '=', mine.id)
                .execute();
              recorded += 1;
              continue;
            }
            await trx
              .insertInto('refunds')
              .values({
                booking_id: input.bookingId,
                payment_id: input.paymentId,
                amount: refund.amount,
                currency: input.currency,
                reason: 'provider_dashboard',
                status: 'succeeded',
                provider_refund_id: refund.id,
                created_at: now,
                updated_at: now,
              })
              .execute();
            await trx
              .updateTable('bookings')
              .set((eb) => ({ refund_amount: eb(eb.fn.coalesce('refund_amount', eb.val(0)), '+', refund.amount) }))
              .where('id', '=', input.bookingId)
              .execute();
            await appendAudit(trx, [
              {
                at: now,
                actor_id: null,
                actor_email: null,
                action: 'payment.refund',
                target_type: 'booking',
                target_id: input.reference,
                details: { reason: 'provider_dashboard', amount: refund.amount, provider_refund_id: refund.id },
                ip: null,
                outcome: 'success',
              },
            ]);
            recorded += 1;
          }
          const payment = await trx
            .selectFrom('payments')
            .select('amount')
            .where('id', '=', input.paymentId)
            .executeTakeFirstOrThrow();
          const back = await trx
            .selectFrom('refunds')
            .select((eb) => eb.fn.sum<number>('amount').as('total'))
            .where('payment_id', '=', input.paymentId)
            .where('status', '=', 'succeeded')
            .executeTakeFirstOrThrow();
          if (Number(back.total ?? 0) >= payment.amount) {
            await trx
              .updateTable('payments')
              .set({ status: 'refunded', updated_at: now })
              .where('id', '=', input.paymentId)
              .where('status', '=', 'succeeded')
              .execute();
          }
          return { ok: true, recorded };
        }),
      );
    },
  };
}

export type CheckoutStore = ReturnType<typeof checkoutStore>;
