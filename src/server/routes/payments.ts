import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { ErrorBody } from '../../contract/errors.js';
import { PaymentsConfig, WebhookAck } from '../../contract/payments.js';
import type { App, RouteContext } from '../types.js';

/** Stripe's events are a few kilobytes; this leaves room for large ones and refuses anything bigger (413). */
export const WEBHOOK_BODY_LIMIT = 256 * 1024;

const tags = ['payments'];

export function paymentRoutes(app: App, { services, deps }: RouteContext) {
  const settings = deps.config.payments;

  app.get('/api/payments/config', {
    schema: { tags, summary: 'Which payment provider the checkout uses', response: { 200: PaymentsConfig } },
    handler: async () =>
      settings.provider === 'stripe'
        ? { provider: 'stripe' as const, publishable_key: settings.publishableKey }
        : { provider: 'simulated' as const },
  });

  const webhooks = services.bookings.stripeWebhooks;
  if (!webhooks) return;

  // Its own scope: the signature is checked over the body exactly as sent, so this route reads it
  // raw (a Buffer), not through the app's JSON parser.
  void app.register(async (scope) => {
    const raw = new WeakMap<FastifyRequest, Buffer>();
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT },
      (request, body, done) => {
        raw.set(request, body as Buffer);
        done(null, {});
      },
    );
    scope.post('/api/payments/stripe/webhook', {
      bodyLimit: WEBHOOK_BODY_LIMIT,
      schema: {
        tags,
        summary: "Stripe's webhook events",
        description:
          'Signed by Stripe (Stripe-Signature, checked over the raw body with STRIPE_WEBHOOK_SECRET; older than 5 minutes is refused). ' +
          'Handles payment_intent.succeeded, payment_intent.payment_failed, charge.refunded and charge.dispute.created; ' +
          'each event id is applied once. A missing or bad signature gets 400 and changes nothing.',
        headers: Type.Object({ 'stripe-signature': Type.Optional(Type.String({ maxLength: 2048 })) }),
        response: { 200: WebhookAck, 400: ErrorBody, 413: ErrorBody, 415: ErrorBody },
      },
      handler: async (request) => {
        const signature = request.headers['stripe-signature'];
        const outcome = await webhooks.receive(
          raw.get(request) ?? Buffer.alloc(0),
          typeof signature === 'string' ? signature : undefined,
        );
        return { received: true as const, outcome };
      },
    });
  });
}
