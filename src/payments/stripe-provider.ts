import Stripe from 'stripe';
import type { StripeSettings } from '../payment-settings.js';
import type { ChargeLookup, Checkout, CheckoutProvider, CheckoutStatus, ProviderRefund } from './payment-provider.js';

/** Stripe accepts a webhook signed within this many seconds of its arrival (Stripe's own default). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export type StripeEvent = Stripe.Event;

function statusOf(intent: Stripe.PaymentIntent): CheckoutStatus {
  switch (intent.status) {
    case 'succeeded':
      return 'succeeded';
    case 'canceled':
      return 'canceled';
    case 'processing':
    case 'requires_capture':
      return 'processing';
    default:
      // requires_payment_method (new, or after a declined card), requires_confirmation, requires_action (3-D Secure)
      return 'open';
  }
}

const checkoutOf = (intent: Stripe.PaymentIntent): Checkout => ({
  intentId: intent.id,
  clientSecret: intent.client_secret ?? '',
  status: statusOf(intent),
  amount: intent.amount_received || intent.amount,
  currency: intent.currency.toUpperCase(),
});

function stripeClient(settings: StripeSettings): Stripe {
  const api = settings.apiUrl ? new URL(settings.apiUrl) : undefined;
  return new Stripe(settings.secretKey, {
    timeout: settings.timeoutMs,
    maxNetworkRetries: settings.maxNetworkRetries,
    ...(api
      ? {
          host: api.hostname,
          port: api.port || (api.protocol === 'https:' ? 443 : 80),
          protocol: api.protocol === 'https:' ? 'https' : 'http',
        }
      : {}),
  });
}

/**
 * Payments with Stripe: the customer's browser pays a PaymentIntent with Stripe.js, so card data
 * never reaches our server. Each attempt (a payments row) has one intent, created with that
 * attempt's idempotency key and the booking reference in its metadata. Refunds carry the refund
 * row's id as their idempotency key and metadata, so a refund sent twice is made once and a
 * refund made in Stripe's dashboard can be told from ours.
 */
export function stripeProvider(settings: StripeSettings): CheckoutProvider & { verifyWebhook: WebhookVerifier } {
  const stripe = stripeClient(settings);
  const provider: CheckoutProvider = {
    name: 'stripe',
    flow: 'checkout',
    publishableKey: settings.publishableKey,

    async openCheckout(request) {
      const intent = await stripe.paymentIntents.create(
        {
          amount: request.amount,
          currency: request.currency.toLowerCase(),
          automatic_payment_methods: { enabled: true },
          description: `bookmemovie ${request.bookingReference}`,
          metadata: { booking_reference: request.bookingReference, payment_id: String(request.paymentId) },
        },
        { idempotencyKey: request.idempotencyKey },
      );
      return checkoutOf(intent);
    },

    checkout: async (intentId) => checkoutOf(await stripe.paymentIntents.retrieve(intentId)),

    async closeCheckout(intentId) {
      const intent = await stripe.paymentIntents.retrieve(intentId);
      if (statusOf(intent) !== 'open') return checkoutOf(intent);
      try {
        return checkoutOf(await stripe.paymentIntents.cancel(intentId, {}, { idempotencyKey: `cancel-${intentId}` }));
      } catch (error) {
        // Paid (or being paid) between the two calls: Stripe refuses to cancel; say where it ended.
        if (error instanceof Stripe.errors.StripeInvalidRequestError)
          return checkoutOf(await stripe.paymentIntents.retrieve(intentId));
        throw error;
      }
    },

    async refundsOf(intentId) {
      const refunds: ProviderRefund[] = [];
      for await (const refund of stripe.refunds.list({ payment_intent: intentId, limit: 100 })) {
        const ours = Number(refund.metadata?.refund_id);
        refunds.push({
          id: refund.id,
          amount: refund.amount,
          status:
            refund.status === 'succeeded'
              ? 'succeeded'
              : refund.status === 'failed' || refund.status === 'canceled'
                ? 'failed'
                : 'pending',
          ourRefundId: Number.isSafeInteger(ours) && ours > 0 ? ours : null,
        });
      }
      return refunds;
    },

    async refund(request) {
      const refundId = Number(request.idempotencyKey.replace(/^refund-/, ''));
      const refund = await stripe.refunds.create(
        {
          payment_intent: request.paymentId,
          amount: request.amount,
          ...(Number.isSafeInteger(refundId) ? { metadata: { refund_id: String(refundId) } } : {}),
        },
        { idempotencyKey: request.idempotencyKey },
      );
      return { refundId: refund.id };
    },

    async lookup(attempt): Promise<ChargeLookup> {
      // Without an intent id the customer never got a client secret, so nobody could have paid.
      if (!attempt.intentId) return { charged: false, open: false };
      const found = checkoutOf(await stripe.paymentIntents.retrieve(attempt.intentId));
      if (found.status === 'succeeded') return { charged: true, paymentId: found.intentId, amount: found.amount };
      return { charged: false, open: found.status !== 'canceled' };
    },
  };
  return { ...provider, verifyWebhook: webhookVerifier(settings.webhookSecret) };
}

export type WebhookVerifier = (rawBody: Buffer, signature: string | undefined, nowMs: number) => StripeEvent | null;

/**
 * Checks a webhook's Stripe-Signature over the raw body with the endpoint's secret, and that it
 * was signed within WEBHOOK_TOLERANCE_SECONDS of `nowMs` (a replayed old event is refused).
 */
export function webhookVerifier(secret: string): WebhookVerifier {
  return (rawBody, signature, nowMs) => {
    if (!signature) return null;
    try {
      return Stripe.webhooks.constructEvent(rawBody, signature, secret, WEBHOOK_TOLERANCE_SECONDS, undefined, nowMs);
    } catch {
      return null;
    }
  };
}
