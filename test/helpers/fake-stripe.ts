import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

/**
 * A local stand-in for the part of Stripe's API the provider uses (PaymentIntents, refunds), with
 * Stripe's idempotency (a repeated key answers what the first request got) and Stripe's error
 * shape. Tests move intents along as a customer's browser and bank would (succeed, fail, refund in
 * the dashboard, dispute) and get the webhook event Stripe would send, signed as Stripe signs it.
 */

export const FAKE_WEBHOOK_SECRET = 'whsec_test_0123456789abcdefghijklmnop';

type Intent = {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_received: number;
  currency: string;
  status: string;
  client_secret: string;
  description: string | null;
  metadata: Record<string, string>;
  latest_charge: string | null;
  last_payment_error: { code: string; message: string; charge: string | null } | null;
  created: number;
  livemode: false;
};

type Refund = {
  id: string;
  object: 'refund';
  amount: number;
  currency: string;
  payment_intent: string;
  charge: string | null;
  status: string;
  metadata: Record<string, string>;
  created: number;
};

export type FakeStripeRequest = {
  method: string;
  path: string;
  idempotencyKey: string | undefined;
  form: Record<string, string>;
};

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

export async function startFakeStripe() {
  const intents = new Map<string, Intent>();
  const refunds: Refund[] = [];
  const answered = new Map<string, { status: number; body: unknown }>();
  const requests: FakeStripeRequest[] = [];
  let outage = 0;

  function send(res: ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req') });
    res.end(JSON.stringify(body));
  }
  const invalid = (message: string, code = 'resource_missing') => ({
    status: code === 'resource_missing' ? 404 : 400,
    body: { error: { type: 'invalid_request_error', code, message } },
  });

  function route(method: string, path: string, form: Record<string, string>, query: URLSearchParams) {
    const metadata = Object.fromEntries(
      Object.entries(form)
        .filter(([key]) => key.startsWith('metadata['))
        .map(([key, value]) => [key.slice('metadata['.length, -1), value]),
    );
    if (method === 'POST' && path === '/v1/payment_intents') {
      const intentId = id('pi');
      const intent: Intent = {
        id: intentId,
        object: 'payment_intent',
        amount: Number(form.amount),
        amount_received: 0,
        currency: form.currency ?? 'usd',
        status: 'requires_payment_method',
        client_secret: `${intentId}_secret_${randomBytes(8).toString('hex')}`,
        description: form.description ?? null,
        metadata,
        latest_charge: null,
        last_payment_error: null,
        created: Math.floor(Date.now() / 1000),
        livemode: false,
      };
      intents.set(intentId, intent);
      return { status: 200, body: intent };
    }
    const intentPath = /^\/v1\/payment_intents\/([^/]+)(\/cancel|\/confirm)?$/.exec(path);
    if (intentPath) {
      const intent = intents.get(intentPath[1] as string);
      if (!intent) return invalid(`No such payment_intent: '${intentPath[1]}'`);
      if (method === 'GET' && !intentPath[2]) return { status: 200, body: intent };
      if (method === 'POST' && intentPath[2] === '/cancel') {
        if (intent.status === 'succeeded' || intent.status === 'processing') {
          return invalid(
            `You cannot cancel this PaymentIntent because it has a status of ${intent.status}.`,
            'payment_intent_unexpected_state',
          );
        }
        intent.status = 'canceled';
        return { status: 200, body: intent };
      }
      if (method === 'POST' && intentPath[2] === '/confirm') {
        if (form.payment_method === 'pm_card_chargeDeclined') decline(intent);
        else succeed(intent);
        return { status: 200, body: intent };
      }
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const intent = intents.get(form.payment_intent ?? '');
      if (!intent) return invalid(`No such payment_intent: '${form.payment_intent}'`);
      if (intent.status !== 'succeeded') return invalid('This PaymentIntent has not been charged', 'charge_not_captured');
      const refunded = refunds.filter((r) => r.payment_intent === intent.id).reduce((sum, r) => sum + r.amount, 0);
      const amount = form.amount ? Number(form.amount) : intent.amount_received - refunded;
      if (amount + refunded > intent.amount_received)
        return invalid('Refund amount is greater than unrefunded amount', 'amount_too_large');
      return { status: 200, body: refund(intent, amount, metadata) };
    }
    if (method === 'GET' && path === '/v1/refunds') {
      const data = refunds.filter((r) => !query.get('payment_intent') || r.payment_intent === query.get('payment_intent'));
      return { status: 200, body: { object: 'list', data, has_more: false, url: '/v1/refunds' } };
    }
    return invalid(`Unrecognized request URL (${method}: ${path})`, 'url_invalid');
  }

  function succeed(intent: Intent) {
    intent.status = 'succeeded';
    intent.amount_received = intent.amount;
    intent.latest_charge = id('ch');
    intent.last_payment_error = null;
  }

  function decline(intent: Intent) {
    const charge = id('ch');
    intent.status = 'requires_payment_method';
    intent.latest_charge = charge;
    intent.last_payment_error = { code: 'card_declined', message: 'Your card was declined.', charge };
  }

  function refund(intent: Intent, amount: number, metadata: Record<string, string>): Refund {
    const made: Refund = {
      id: id('re'),
      object: 'refund',
      amount,
      currency: intent.currency,
      payment_intent: intent.id,
      charge: intent.latest_charge,
      status: 'succeeded',
      metadata,
      created: Math.floor(Date.now() / 1000),
    };
    refunds.push(made);
    return made;
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      const idempotencyKey = req.headers['idempotency-key'] as string | undefined;
      const method = req.method ?? 'GET';
      requests.push({ method, path: url.pathname, idempotencyKey, form });
      if (req.headers.authorization !== 'Bearer sk_test_fake') {
        send(res, 401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
        return;
      }
      if (outage > 0) {
        outage -= 1;
        send(res, 500, { error: { type: 'api_error', message: 'Stripe is having a bad day' } });
        return;
      }
      // Stripe's idempotency: a POST with a key seen before gets the first answer back.
      const remembered = method === 'POST' && idempotencyKey ? answered.get(idempotencyKey) : undefined;
      const answer = remembered ?? route(method, url.pathname, form, url.searchParams);
      if (method === 'POST' && idempotencyKey && !remembered) answered.set(idempotencyKey, answer);
      send(res, answer.status, answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const intentOf = (intentId: string) => {
    const intent = intents.get(intentId);
    if (!intent) throw new Error(`fake Stripe has no intent ${intentId}`);
    return intent;
  };

  /** A webhook event as Stripe would send it, with its body and a Stripe-Signature made at `timestampSeconds`. */
  function event(type: string, object: unknown, timestampSeconds: number, options: { id?: string; secret?: string } = {}) {
    const body = JSON.stringify({
      id: options.id ?? id('evt'),
      object: 'event',
      api_version: Stripe.API_VERSION,
      created: timestampSeconds,
      type,
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object },
    });
    const signature = Stripe.webhooks.generateTestHeaderString({
      payload: body,
      secret: options.secret ?? FAKE_WEBHOOK_SECRET,
      timestamp: timestampSeconds,
    });
    return { body, signature };
  }

  const chargeOf = (intent: Intent, amountRefunded: number) => ({
    id: intent.latest_charge,
    object: 'charge',
    amount: intent.amount,
    amount_refunded: amountRefunded,
    payment_intent: intent.id,
    refunded: amountRefunded >= intent.amount,
  });

  return {
    url: `http://127.0.0.1:${port}`,
    secretKey: 'sk_test_fake',
    requests,
    intents: () => [...intents.values()],
    intent: intentOf,
    refunds: () => [...refunds],
    /** The next `n` requests answer 500, as Stripe does when it is down. */
    failNext: (n: number) => {
      outage = n;
    },
    /** The customer paid (Stripe.js confirmed the intent, 3-D Secure passed). */
    succeed: (intentId: string) => succeed(intentOf(intentId)),
    /** The customer's bank refused the card; the intent can be paid with another. */
    decline: (intentId: string) => decline(intentOf(intentId)),
    cancel: (intentId: string) => {
      intentOf(intentId).status = 'canceled';
    },
    /** A refund someone made in Stripe's dashboard (no metadata of ours). */
    refundInDashboard: (intentId: string, amount: number) => refund(intentOf(intentId), amount, {}),
    events: {
      succeeded: (intentId: string, at: number, options?: { id?: string }) =>
        event('payment_intent.succeeded', intentOf(intentId), at, options),
      failed: (intentId: string, at: number) => event('payment_intent.payment_failed', intentOf(intentId), at),
      refunded: (intentId: string, at: number) => {
        const intent = intentOf(intentId);
        const back = refunds.filter((r) => r.payment_intent === intentId).reduce((sum, r) => sum + r.amount, 0);
        return event('charge.refunded', chargeOf(intent, back), at);
      },
      disputeCreated: (intentId: string, at: number) => {
        const intent = intentOf(intentId);
        return event(
          'charge.dispute.created',
          {
            id: id('dp'),
            object: 'dispute',
            amount: intent.amount,
            charge: intent.latest_charge,
            payment_intent: intent.id,
            status: 'needs_response',
          },
          at,
        );
      },
      other: (type: string, object: unknown, at: number, options?: { id?: string; secret?: string }) =>
        event(type, object, at, options),
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type FakeStripe = Awaited<ReturnType<typeof startFakeStripe>>;
