import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findIntegrityProblems } from '../src/db/stores/integrity-store.js';
import type { StripeSettings } from '../src/payment-settings.js';
import { stripeProvider } from '../src/payments/stripe-provider.js';
import { helmetOptions } from '../src/server/plugins/security.js';
import { SETTLE_UNFINISHED_PAYMENTS_AFTER_MS } from '../src/services/booking-service.js';
import { advance, confirm, gridShowtime, HOLD_TTL_MS, hold, seatStatuses } from './bookings-support.js';
import { testDialect } from './helpers/database.js';
import { FAKE_WEBHOOK_SECRET, type FakeStripe, startFakeStripe } from './helpers/fake-stripe.js';
import { APPROVED_CARD, createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * Card payments with Stripe, against a local fake of Stripe's API (test/helpers/fake-stripe.ts)
 * and webhooks signed as Stripe signs them: the checkout answer and its one hold extension, the
 * webhook's signature rules, each event applied once whatever the order, money after the hold ran
 * out (seats booked again, or refunded through Stripe), refunds, disputes and reconciliation.
 */

type User = Awaited<ReturnType<TestApp['makeUser']>>;
let t: TestApp;
let fake: FakeStripe;
let admin: User;
let alice: User;
let bob: User;

beforeAll(async () => {
  fake = await startFakeStripe();
  const settings: StripeSettings = {
    secretKey: fake.secretKey,
    publishableKey: 'pk_test_fake',
    webhookSecret: FAKE_WEBHOOK_SECRET,
    apiUrl: fake.url,
    timeoutMs: 5_000,
    maxNetworkRetries: 1,
  };
  t = await createTestApp({ config: { payments: { provider: 'stripe', ...settings } }, payments: stripeProvider(settings) });
  admin = await t.makeUser('admin');
  alice = await t.makeUser('user');
  bob = await t.makeUser('user');
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});
afterEach(async () => {
  // Whatever a test did, no seat is sold twice and no money is kept without a seat.
  await t.flushOutbox();
  expect(await findIntegrityProblems(t.db, t.clock.now())).toEqual([]);
});

const nowSeconds = () => Math.floor(t.clock.now() / 1000);

const checkout = (user: User, reference: string) =>
  t.call('POST', '/api/confirm-payment', { token: user.token, body: { booking_reference: reference } });

/** POSTs a webhook body exactly as given (the signature covers these bytes). */
async function post(event: { body: string; signature?: string }) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/payments/stripe/webhook',
    headers: { 'content-type': 'application/json', ...(event.signature ? { 'stripe-signature': event.signature } : {}) },
    payload: event.body,
  });
  return { status: res.statusCode, body: JSON.parse(res.body) };
}

const bookingOf = (reference: string) =>
  t.db.kysely.selectFrom('bookings').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();

const paymentsOf = async (reference: string) =>
  t.db.kysely
    .selectFrom('payments as p')
    .innerJoin('bookings as b', 'b.id', 'p.booking_id')
    .select(['p.id', 'p.status', 'p.failure_kind', 'p.provider', 'p.provider_intent_id', 'p.provider_payment_id', 'p.amount'])
    .where('b.reference', '=', reference)
    .orderBy('p.id')
    .execute();

const refundsOf = (reference: string) =>
  t.db.kysely
    .selectFrom('refunds as r')
    .innerJoin('bookings as b', 'b.id', 'r.booking_id')
    .select(['r.id', 'r.amount', 'r.status', 'r.reason', 'r.provider_refund_id'])
    .where('b.reference', '=', reference)
    .orderBy('r.id')
    .execute();

const auditCount = async (reference: string, action: string) =>
  Number(
    (
      await t.db.kysely
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('target_id', '=', reference)
        .where('action', '=', action)
        .executeTakeFirstOrThrow()
    ).n,
  );

const mailsOf = async (reference: string) =>
  (await t.db.kysely.selectFrom('outbox').select('payload').where('kind', '=', 'email').execute())
    .map((m) => /"message_id":"<([^"@>]+)/.exec(m.payload)?.[1] ?? m.payload)
    .filter((id) => id.includes(reference));

const providerEventCount = async () =>
  Number(
    (
      await t.db.kysely
        .selectFrom('provider_events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/** Reconciliation's minute: attempts left open on bookings that ended are closed at Stripe. */
async function closeAbandoned() {
  advance(t, SETTLE_UNFINISHED_PAYMENTS_AFTER_MS + 1, alice, bob, admin);
  await t.services.bookings.reconcilePayments();
}

/** A held booking with its checkout opened: the intent the browser would pay. */
async function openCheckout(user: User, seatIds: number[]) {
  const booking = await hold(t, user, seatIds);
  const res = await checkout(user, booking.booking_reference);
  expect(res.status, res.raw).toBe(200);
  return { reference: booking.booking_reference, intentId: res.body.payment.payment_intent_id as string, answer: res.body };
}

describe(`Stripe checkout (${testDialect()})`, () => {
  it('opens a PaymentIntent for the booking and extends the hold once', async () => {
    const show = await gridShowtime(t, admin);
    const booking = await hold(t, alice, [show.seat('A1'), show.seat('C1')]);
    const heldUntil = Date.parse(booking.expires_at);

    const first = await checkout(alice, booking.booking_reference);
    expect(first.status, first.raw).toBe(200);
    const intent = fake.intent(first.body.payment.payment_intent_id);
    expect(first.body).toEqual({
      booking_reference: booking.booking_reference,
      status: 'awaiting_payment',
      expires_at: new Date(heldUntil + HOLD_TTL_MS).toISOString(),
      payment: {
        provider: 'stripe',
        client_secret: intent.client_secret,
        publishable_key: 'pk_test_fake',
        payment_intent_id: intent.id,
      },
    });
    expect(intent).toMatchObject({ amount: 3300, currency: 'usd', metadata: { booking_reference: booking.booking_reference } });
    const [payment] = await paymentsOf(booking.booking_reference);
    const creates = fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/payment_intents');
    expect(creates.at(-1)?.idempotencyKey).toBe(`intent-${payment?.id}`);
    expect(payment).toMatchObject({ status: 'processing', provider: 'stripe', provider_intent_id: intent.id });
    const row = await bookingOf(booking.booking_reference);
    expect(row).toMatchObject({ status: 'awaiting_payment', expires_at: heldUntil + HOLD_TTL_MS });

    // Asked again (a reload, the customer's return): the same intent, and the hold is not extended twice.
    advance(t, 60_000, alice, bob, admin);
    const again = await checkout(alice, booking.booking_reference);
    expect(again.body).toEqual(first.body);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/payment_intents')).toHaveLength(creates.length);
    expect((await bookingOf(booking.booking_reference)).expires_at).toBe(heldUntil + HOLD_TTL_MS);
    expect(await auditCount(booking.booking_reference, 'booking.checkout')).toBe(1);

    // The seats' holds moved with the booking's: after the first hold period nobody else can take them.
    advance(t, HOLD_TTL_MS, alice, bob, admin);
    const taken = await t.call('POST', '/api/book-seats', { token: bob.token, body: { seat_ids: [show.seat('A1')] } });
    expect(taken.status).toBe(409);
    expect((await seatStatuses(t, show.eventId))[show.seat('A1')]).toBe('held');

    // An intent closed at Stripe (say, by staff) is replaced by a new one; the hold stays where it is.
    fake.cancel(intent.id);
    const reopened = await checkout(alice, booking.booking_reference);
    expect(reopened.status, reopened.raw).toBe(200);
    expect(reopened.body.payment.payment_intent_id).not.toBe(intent.id);
    expect(reopened.body.expires_at).toBe(first.body.expires_at);
    expect((await paymentsOf(booking.booking_reference)).map((p) => [p.status, p.failure_kind])).toEqual([
      ['declined', 'provider_error'],
      ['processing', null],
    ]);
    await t.call('POST', '/api/cancel-booking', { token: alice.token, body: { booking_reference: booking.booking_reference } });
    await closeAbandoned();
    expect(fake.intent(reopened.body.payment.payment_intent_id).status).toBe('canceled');
    expect((await paymentsOf(booking.booking_reference)).map((p) => p.status)).toEqual(['declined', 'declined']);
  });

  it('refuses card details with Stripe (they never reach this server): 422 naming body/payment', async () => {
    const show = await gridShowtime(t, admin);
    const booking = await hold(t, alice, [show.seat('A2')]);
    const before = await t.tableCounts();
    const res = await confirm(t, alice, booking.booking_reference, APPROVED_CARD);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ field: 'body/payment', message: expect.stringContaining('Stripe') }]);
    expect(await t.tableCounts()).toEqual(before);
    await t.call('POST', '/api/cancel-booking', { token: alice.token, body: { booking_reference: booking.booking_reference } });
  });

  it('answers 502 and leaves the booking payable when Stripe cannot be reached', async () => {
    const show = await gridShowtime(t, admin);
    const booking = await hold(t, alice, [show.seat('A3')]);
    fake.failNext(2); // the first try and its one retry
    const down = await checkout(alice, booking.booking_reference);
    expect(down.status, down.raw).toBe(502);
    expect(down.body.code).toBe('PAYMENT_PROVIDER_ERROR');
    expect((await bookingOf(booking.booking_reference)).status).toBe('pending');
    const up = await checkout(alice, booking.booking_reference);
    expect(up.status, up.raw).toBe(200);
    await t.call('POST', '/api/cancel-booking', { token: alice.token, body: { booking_reference: booking.booking_reference } });
    await closeAbandoned();
  });

  it('tells the web app which provider to use, and lets Stripe.js load only now', async () => {
    const config = await t.call('GET', '/api/payments/config');
    expect(config.body).toEqual({ provider: 'stripe', publishable_key: 'pk_test_fake' });
    const csp = String(config.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self' https:\/\/js\.stripe\.com/);
    expect(csp).toMatch(/frame-src [^;]*https:\/\/js\.stripe\.com[^;]*https:\/\/hooks\.stripe\.com/);
    expect(csp).toMatch(/connect-src 'self' https:\/\/api\.stripe\.com/);
    // With the simulated processor no Stripe origin is allowed anywhere.
    const simulated = JSON.stringify(helmetOptions({ payments: { provider: 'simulated' } }));
    expect(simulated).not.toContain('stripe');
  });
});

describe(`Stripe webhooks (${testDialect()})`, () => {
  it('refuses a missing, wrong or stale signature with 400 and changes nothing', async () => {
    const show = await gridShowtime(t, admin);
    const { reference, intentId } = await openCheckout(alice, [show.seat('B1')]);
    fake.succeed(intentId);
    const good = fake.events.succeeded(intentId, nowSeconds());
    const before = { tables: await t.tableCounts(), events: await providerEventCount() };

    const refusals = [
      { body: good.body }, // no signature
      { body: good.body, signature: 't=1,v1=00' },
      { body: good.body.replace('"livemode":false', '"livemode":true'), signature: good.signature }, // body changed
      fake.events.other('payment_intent.succeeded', fake.intent(intentId), nowSeconds(), { secret: 'whsec_someone_else' }),
      fake.events.succeeded(intentId, nowSeconds() - 301), // signed more than 5 minutes ago
    ];
    for (const refused of refusals) {
      const res = await post(refused);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'BAD_REQUEST', detail: expect.stringContaining('Stripe-Signature') });
    }
    expect({ tables: await t.tableCounts(), events: await providerEventCount() }).toEqual(before);
    expect((await bookingOf(reference)).status).toBe('awaiting_payment');

    // Within the tolerance it is taken.
    const recent = fake.events.succeeded(intentId, nowSeconds() - 290);
    expect((await post(recent)).body).toEqual({ received: true, outcome: 'handled' });
    expect((await bookingOf(reference)).status).toBe('confirmed');
  });

  it('refuses an oversized body (413) before reading it as an event', async () => {
    const huge = { body: JSON.stringify({ pad: 'x'.repeat(300 * 1024) }), signature: 't=1,v1=00' };
    expect((await post(huge)).status).toBe(413);
  });

  it('confirms once on payment_intent.succeeded, however often and in whatever order it comes', async () => {
    const show = await gridShowtime(t, admin);
    const { reference, intentId } = await openCheckout(alice, [show.seat('B2'), show.seat('B3')]);
    fake.succeed(intentId);
    const event = fake.events.succeeded(intentId, nowSeconds());

    expect((await post(event)).body).toEqual({ received: true, outcome: 'handled' });
    expect(await post(event)).toEqual({ status: 200, body: { received: true, outcome: 'duplicate' } });
    // The same news under another event id (Stripe may send it again): a repeat, nothing more.
    expect((await post(fake.events.succeeded(intentId, nowSeconds()))).status).toBe(200);
    // And the customer's return afterwards answers confirmed without charging or confirming again.
    const back = await checkout(alice, reference);
    expect(back.body).toMatchObject({ status: 'confirmed', payment_id: intentId, total_amount: 36 });

    const booking = await bookingOf(reference);
    expect(booking).toMatchObject({ status: 'confirmed', payment_id: intentId });
    expect(await paymentsOf(reference)).toEqual([
      expect.objectContaining({ status: 'succeeded', provider_payment_id: intentId }),
    ]);
    expect(await auditCount(reference, 'booking.confirm')).toBe(1);
    expect(await mailsOf(reference)).toEqual([expect.stringContaining('confirmed')]);
    const seats = await seatStatuses(t, show.eventId);
    expect([seats[show.seat('B2')], seats[show.seat('B3')]]).toEqual(['booked', 'booked']);
  });

  it('confirms once when the customer returns at the same moment the webhook arrives', async () => {
    const show = await gridShowtime(t, admin);
    for (const seat of ['C2', 'C3', 'C4']) {
      const { reference, intentId } = await openCheckout(alice, [show.seat(seat)]);
      fake.succeed(intentId);
      const event = fake.events.succeeded(intentId, nowSeconds());
      const [returned, hooked, again] = await Promise.all([checkout(alice, reference), post(event), post(event)]);
      expect(returned.status, returned.raw).toBe(200);
      expect(returned.body.status).toBe('confirmed');
      expect(hooked.status).toBe(200);
      expect(again.status).toBe(200);
      expect([hooked.body.outcome, again.body.outcome].sort()).toEqual(['duplicate', 'handled']);
      expect(await auditCount(reference, 'booking.confirm')).toBe(1);
      expect(await mailsOf(reference)).toHaveLength(1);
      expect((await paymentsOf(reference)).map((p) => p.status)).toEqual(['succeeded']);
    }
  });

  it('keeps the booking payable after payment_intent.payment_failed, counting the decline', async () => {
    const show = await gridShowtime(t, admin);
    const { reference, intentId, answer } = await openCheckout(alice, [show.seat('C5')]);
    fake.decline(intentId);
    expect((await post(fake.events.failed(intentId, nowSeconds()))).body.outcome).toBe('handled');
    expect((await bookingOf(reference)).status).toBe('awaiting_payment');
    expect((await paymentsOf(reference)).map((p) => [p.status, p.failure_kind])).toEqual([
      ['processing', null],
      ['declined', 'card_declined'],
    ]);
    expect(await auditCount(reference, 'payment.decline')).toBe(1);
    // The customer tries another card on the same intent.
    const again = await checkout(alice, reference);
    expect(again.body).toEqual(answer);
    fake.succeed(intentId);
    expect((await post(fake.events.succeeded(intentId, nowSeconds()))).body.outcome).toBe('handled');
    expect((await bookingOf(reference)).status).toBe('confirmed');
  });

  it('cancels the booking at the last allowed decline, and refunds money that still comes for it', async () => {
    const show = await gridShowtime(t, admin);
    const { reference, intentId } = await openCheckout(bob, [show.seat('D1')]);
    for (let i = 0; i < 5; i++) {
      fake.decline(intentId);
      expect((await post(fake.events.failed(intentId, nowSeconds()))).status).toBe(200);
    }
    const booking = await bookingOf(reference);
    expect(booking).toMatchObject({ status: 'cancelled', cancel_reason: 'too_many_declines' });
    expect((await seatStatuses(t, show.eventId))[show.seat('D1')]).toBe('available');
    // Paid after all (the intent was still open at Stripe): the money goes back.
    fake.succeed(intentId);
    expect((await post(fake.events.succeeded(intentId, nowSeconds()))).body.outcome).toBe('handled');
    await t.flushOutbox();
    expect(await refundsOf(reference)).toEqual([expect.objectContaining({ reason: 'paid_after_cancel', status: 'succeeded' })]);
    expect((await bookingOf(reference)).status).toBe('cancelled');
  });

  it('books the same seats when the money comes after the hold ran out and they are still free', async () => {
    const show = await gridShowtime(t, admin);
    const { reference, intentId } = await openCheckout(alice, [show.seat('D2')]);
    advance(t, 2 * HOLD_TTL_MS + 1, alice, bob, admin);
    await t.services.bookings.releaseExpiredHolds();
    expect((await bookingOf(reference)).status).toBe('expired');
    fake.succeed(intentId);
    expect((await post(fake.events.succeeded(intentId, nowSeconds()))).body.outcome).toBe('handled');
    expect((await bookingOf(reference)).status).toBe('confirmed');
    expect((await seatStatuses(t, show.eventId))[show.seat('D2')]).toBe('booked');
    expect(await refundsOf(reference)).toEqual([]);
  });

  it('refunds through Stripe when the money comes after the hold ran out and the seats are taken, and tells the customer', async () => {
    const show = await gridShowtime(t, admin);
    const { reference, intentId } = await openCheckout(alice, [show.seat('D3')]);
    advance(t, 2 * HOLD_TTL_MS + 1, alice, bob, admin);
    const other = await hold(t, bob, [show.seat('D3')]);
    fake.succeed(intentId);
    const refundsBefore = fake.refunds().length;
    expect((await post(fake.events.succeeded(intentId, nowSeconds()))).body.outcome).toBe('handled');
    expect((await bookingOf(reference)).status).toBe('expired');
    expect(await mailsOf(reference)).toEqual([expect.stringContaining('late-payment-refunded')]);
    await t.flushOutbox();

    const made = fake.refunds().slice(refundsBefore);
    const [ours] = await refundsOf(reference);
    expect(made).toEqual([
      expect.objectContaining({ payment_intent: intentId, amount: 1500, metadata: { refund_id: String(ours?.id) } }),
    ]);
    const sent = fake.requests.filter(
      (r) => r.method === 'POST' && r.path === '/v1/refunds' && r.form.payment_intent === intentId,
    );
    expect(sent.map((r) => r.idempotencyKey)).toEqual([`refund-${ours?.id}`]);
    expect(ours).toMatchObject({ amount: 1500, status: 'succeeded', reason: 'late_payment', provider_refund_id: made[0]?.id });

    // Stripe then reports the refund: recorded once, nothing new, and the payment reads refunded.
    expect((await post(fake.events.refunded(intentId, nowSeconds()))).body.outcome).toBe('handled');
    expect(await refundsOf(reference)).toHaveLength(1);
    expect((await paymentsOf(reference)).map((p) => p.status)).toEqual(['refunded']);
    expect((await bookingOf(other.booking_reference)).status).toBe('pending');
    expect((await seatStatuses(t, show.eventId))[show.seat('D3')]).toBe('held');
  });

  it('records a refund made in Stripe’s dashboard, even before the success it refunds arrives', async () => {
    const show = await gridShowtime(t, admin);
    const { reference, intentId } = await openCheckout(alice, [show.seat('D4')]);
    fake.succeed(intentId);
    const succeeded = fake.events.succeeded(intentId, nowSeconds());
    const dashboard = fake.refundInDashboard(intentId, 500);
    // Out of order: the refund's event comes first; the payment is settled from Stripe's record.
    expect((await post(fake.events.refunded(intentId, nowSeconds()))).body.outcome).toBe('handled');
    expect((await bookingOf(reference)).status).toBe('confirmed');
    expect(await refundsOf(reference)).toEqual([
      expect.objectContaining({
        amount: 500,
        status: 'succeeded',
        reason: 'provider_dashboard',
        provider_refund_id: dashboard.id,
      }),
    ]);
    expect((await bookingOf(reference)).refund_amount).toBe(500);
    expect((await post(succeeded)).body.outcome).toBe('handled');
    expect(await auditCount(reference, 'booking.confirm')).toBe(1);
    expect((await paymentsOf(reference)).map((p) => p.status)).toEqual(['succeeded']);
  });

  it('flags a disputed booking for staff, and the admin bookings list shows it', async () => {
    const show = await gridShowtime(t, admin);
    const { reference, intentId } = await openCheckout(alice, [show.seat('E1')]);
    fake.succeed(intentId);
    // The dispute's event first, then the success: both end in one confirmed, flagged booking.
    expect((await post(fake.events.disputeCreated(intentId, nowSeconds()))).body.outcome).toBe('handled');
    expect((await post(fake.events.succeeded(intentId, nowSeconds()))).body.outcome).toBe('handled');
    const booking = await bookingOf(reference);
    expect(booking).toMatchObject({ status: 'confirmed', disputed_at: t.clock.now() });
    expect(await auditCount(reference, 'payment.dispute')).toBe(1);
    const listed = await t.call('GET', `/api/admin/bookings?reference=${reference}`, { token: admin.token });
    expect(listed.status, listed.raw).toBe(200);
    const row = listed.body.find((b: { booking_reference: string }) => b.booking_reference === reference);
    expect(row).toMatchObject({ disputed: true, status: 'confirmed' });
  });

  it('answers 200 to events it does not act on, and to events about payments it does not know', async () => {
    const before = await t.tableCounts();
    const unknown = fake.events.other('customer.created', { id: 'cus_1', object: 'customer' }, nowSeconds());
    expect(await post(unknown)).toEqual({ status: 200, body: { received: true, outcome: 'ignored' } });
    const stranger = fake.events.other(
      'payment_intent.succeeded',
      { id: 'pi_elsewhere', object: 'payment_intent', amount: 1, currency: 'usd' },
      nowSeconds(),
    );
    expect((await post(stranger)).body.outcome).toBe('ignored');
    expect(await post(unknown)).toEqual({ status: 200, body: { received: true, outcome: 'duplicate' } });
    expect(await t.tableCounts()).toEqual(before);
  });
});

describe(`Stripe payments a crash left unsettled (${testDialect()})`, () => {
  const settleLater = () => advance(t, SETTLE_UNFINISHED_PAYMENTS_AFTER_MS + 1, alice, bob, admin);

  it('confirms a payment Stripe took whose webhook never came', async () => {
    const show = await gridShowtime(t, admin);
    const { reference, intentId } = await openCheckout(alice, [show.seat('E2')]);
    fake.succeed(intentId);
    settleLater();
    expect(await t.services.bookings.reconcilePayments()).toEqual({ settled: 1, failed: 0 });
    expect((await bookingOf(reference)).status).toBe('confirmed');
    expect(await t.services.bookings.reconcilePayments()).toEqual({ settled: 0, failed: 0 });
  });

  it('refunds a payment Stripe took after the hold ran out and the seats went to someone else', async () => {
    const show = await gridShowtime(t, admin);
    const { reference, intentId } = await openCheckout(alice, [show.seat('E3')]);
    fake.succeed(intentId);
    advance(t, 2 * HOLD_TTL_MS + 1, alice, bob, admin);
    await hold(t, bob, [show.seat('E3')]);
    expect(await t.services.bookings.reconcilePayments()).toEqual({ settled: 1, failed: 0 });
    await t.flushOutbox();
    expect(await refundsOf(reference)).toEqual([expect.objectContaining({ reason: 'late_payment', status: 'succeeded' })]);
    expect((await bookingOf(reference)).status).toBe('expired');
  });

  it('gives a never-charged attempt back to the customer; leaves an open one alone while the hold lasts, then closes it', async () => {
    const show = await gridShowtime(t, admin);
    // A checkout closed at Stripe without money: the attempt ends and the booking is payable again.
    const closed = await openCheckout(alice, [show.seat('E4')]);
    fake.cancel(closed.intentId);
    // An attempt whose request died before Stripe answered: no intent id, so nobody could pay it.
    const lost = await hold(t, bob, [show.seat('E5')]);
    const lostRow = await bookingOf(lost.booking_reference);
    await t.db.kysely
      .insertInto('payments')
      .values({
        booking_id: lostRow.id,
        status: 'processing',
        amount: lostRow.total_amount,
        currency: 'USD',
        provider: 'stripe',
        provider_payment_id: null,
        provider_refund_id: null,
        failure_kind: null,
        created_at: t.clock.now(),
        updated_at: t.clock.now(),
      })
      .execute();
    // One the customer may still be paying.
    const open = await openCheckout(alice, [show.seat('A5')]);

    settleLater();
    expect(await t.services.bookings.reconcilePayments()).toEqual({ settled: 0, failed: 2 });
    expect((await paymentsOf(closed.reference)).map((p) => [p.status, p.failure_kind])).toEqual([['declined', 'provider_error']]);
    expect((await bookingOf(closed.reference)).status).toBe('awaiting_payment');
    const reopened = await checkout(alice, closed.reference);
    expect(reopened.status, reopened.raw).toBe(200);
    expect(reopened.body.payment.payment_intent_id).not.toBe(closed.intentId);
    expect((await checkout(bob, lost.booking_reference)).status).toBe(200);
    expect(fake.intent(open.intentId).status).toBe('requires_payment_method');

    // The hold runs out with the intent still open: it is closed at Stripe so no money can follow.
    advance(t, 2 * HOLD_TTL_MS, alice, bob, admin);
    await t.services.bookings.reconcilePayments();
    expect(fake.intent(open.intentId).status).toBe('canceled');
    expect((await paymentsOf(open.reference)).map((p) => p.status)).toEqual(['declined']);
  });
});
