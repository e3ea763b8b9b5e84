import type Stripe from 'stripe';
import { AppError } from '../contract/errors.js';
import type { BookingStore, SeatChangeRow } from '../db/stores/booking-store.js';
import { checkoutStore } from '../db/stores/checkout-store.js';
import { type ProviderEventRef, providerEventStore } from '../db/stores/provider-event-store.js';
import type { CheckoutProvider } from '../payments/payment-provider.js';
import type { StripeEvent, WebhookVerifier } from '../payments/stripe-provider.js';
import type { CheckoutService } from './checkout-service.js';
import type { Deps } from './deps.js';

export type WebhookOutcome = 'handled' | 'duplicate' | 'ignored';

const idOf = (value: string | { id: string } | null | undefined): string | null =>
  value == null ? null : typeof value === 'string' ? value : value.id;

/**
 * Stripe's webhooks. Each event is checked (signature over the raw body, 5-minute tolerance), then
 * applied once: its id is recorded in the same transaction as the change it makes, so a
 * redelivered event changes nothing. Events may come in any order; one about a payment not yet
 * settled here (a refund or dispute before the success) first settles it from Stripe's own record.
 */
export function stripeWebhookService(
  deps: Deps,
  provider: CheckoutProvider,
  verify: WebhookVerifier,
  parts: { store: BookingStore; checkout: CheckoutService; committed(changes?: SeatChangeRow[]): void },
) {
  const { clock } = deps;
  const events = providerEventStore(deps.db);
  const checkouts = checkoutStore(deps.db, parts.store);

  /** The attempt an intent belongs to, settled first when Stripe says it was paid. */
  async function settledAttempt(intentId: string | null) {
    if (!intentId) return undefined;
    const payment = await checkouts.paymentByIntent(intentId);
    if (payment && (payment.status === 'processing' || payment.status === 'declined')) {
      const checkout = await provider.checkout(intentId);
      if (checkout.status === 'succeeded')
        await parts.checkout.settle({ id: payment.id, booking_id: payment.booking_id }, checkout, null);
      return checkouts.paymentByIntent(intentId);
    }
    return payment;
  }

  const outcome = (result: { ok: boolean; code?: string }): WebhookOutcome =>
    result.ok ? 'handled' : result.code === 'DUPLICATE_EVENT' ? 'duplicate' : 'ignored';

  async function apply(event: StripeEvent, ref: ProviderEventRef): Promise<WebhookOutcome> {
    const now = clock.now();
    switch (event.type) {
      case 'payment_intent.succeeded': {
        const intent = event.data.object as Stripe.PaymentIntent;
        const payment = await checkouts.paymentByIntent(intent.id);
        if (!payment) break;
        const result = await parts.checkout.settle(
          { id: payment.id, booking_id: payment.booking_id },
          {
            intentId: intent.id,
            clientSecret: '',
            status: 'succeeded',
            amount: intent.amount_received || intent.amount,
            currency: intent.currency.toUpperCase(),
          },
          null,
          ref,
        );
        if (!result.ok && result.code !== 'DUPLICATE_EVENT') break;
        return outcome(result);
      }
      case 'payment_intent.payment_failed': {
        const intent = event.data.object as Stripe.PaymentIntent;
        const payment = await checkouts.paymentByIntent(intent.id);
        if (!payment) break;
        const result = await checkouts.recordCheckoutDecline({
          bookingId: payment.booking_id,
          userId: payment.user_id,
          amount: intent.amount,
          currency: intent.currency.toUpperCase(),
          chargeId: idOf(intent.latest_charge) ?? idOf(intent.last_payment_error?.charge as string | undefined),
          now,
          event: ref,
        });
        if (result.ok) parts.committed(result.applied.changes);
        if (result.ok && result.decision.status === 'cancelled') deps.metrics?.cancellations.inc();
        if (!result.ok && result.code !== 'DUPLICATE_EVENT') break; // the booking moved on: the refusal changes nothing
        return outcome(result);
      }
      case 'charge.refunded': {
        const charge = event.data.object as Stripe.Charge;
        const intentId = idOf(charge.payment_intent);
        const payment = await settledAttempt(intentId);
        if (!payment || !intentId) break;
        const result = await checkouts.recordProviderRefunds({
          paymentId: payment.id,
          bookingId: payment.booking_id,
          reference: payment.reference,
          currency: payment.currency,
          refunds: await provider.refundsOf(intentId),
          now,
          event: ref,
        });
        return outcome(result);
      }
      case 'charge.dispute.created': {
        const dispute = event.data.object as Stripe.Dispute;
        const payment = await settledAttempt(idOf(dispute.payment_intent));
        if (!payment) break;
        const result = await checkouts.flagDispute({ bookingId: payment.booking_id, now, event: ref, disputeId: dispute.id });
        if (result.ok) parts.committed(result.applied.changes);
        if (!result.ok && result.code !== 'DUPLICATE_EVENT') break;
        return outcome(result);
      }
      default:
        break;
    }
    // Not about a payment of ours, an event type we do not act on, or one the booking's state makes moot.
    await events.remember(ref, now);
    return 'ignored';
  }

  return {
    async receive(rawBody: Buffer, signature: string | undefined): Promise<WebhookOutcome> {
      const event = verify(rawBody, signature, clock.now());
      if (!event) {
        throw new AppError(
          'BAD_REQUEST',
          'The Stripe-Signature header is missing, does not match this body, or was made more than 5 minutes ago',
        );
      }
      const ref = { id: event.id, type: event.type };
      if (await events.seen(event.id)) return 'duplicate';
      return apply(event, ref);
    },
  };
}

export type StripeWebhookService = ReturnType<typeof stripeWebhookService>;
