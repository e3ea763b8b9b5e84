import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_DECLINES_PER_BOOKING } from '../src/core/payment-declines.js';
import type { StripeSettings } from '../src/payment-settings.js';
import { stripeProvider } from '../src/payments/stripe-provider.js';
import { confirm, expectRefused, gridShowtime, HOLD_TTL_MS, hold } from './bookings-support.js';
import { testDialect } from './helpers/database.js';
import { FAKE_WEBHOOK_SECRET, type FakeStripe, startFakeStripe } from './helpers/fake-stripe.js';
import { createTestApp, DECLINED_CARD, HOUR, type TestApp } from './helpers/test-app.js';

/**
 * Promo codes: the admin's codes, what a hold takes off, the refusals, the cap under concurrent
 * holds, uses given back when a booking ends unsold, payment and refunds of discounted bookings,
 * and sales per code. The default grid sells rows A-B at 18, C-D at 15, E at 12.
 */

type User = Awaited<ReturnType<TestApp['makeUser']>>;

describe(`promo codes (${testDialect()})`, () => {
  let t: TestApp;
  let admin: User;
  let alice: User;
  let serial = 0;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.makeUser('admin');
    alice = await t.makeUser('user');
  });
  afterAll(async () => t.close());

  /** A code with a fresh name; `terms` as the API takes them. */
  async function makeCode(terms: Record<string, unknown> = {}) {
    serial += 1;
    const res = await t.call('POST', '/api/admin/promo-codes', {
      token: admin.token,
      body: { code: `code-${serial}-${Math.random().toString(36).slice(2, 6)}`, kind: 'percent', value: 10, ...terms },
    });
    expect(res.status, res.raw).toBe(201);
    return res.body as { id: number; code: string; uses: number };
  }

  const codeRow = async (id: number) => {
    const res = await t.call('GET', '/api/admin/promo-codes', { token: admin.token });
    expect(res.status, res.raw).toBe(200);
    return res.body.promo_codes.find((c: { id: number }) => c.id === id);
  };

  const refusePromo = async (user: User, seatIds: number[], extra: Record<string, unknown>, status: number, code: string) =>
    expectRefused(t, 'POST', '/api/book-seats', { token: user.token, body: { seat_ids: seatIds, ...extra } }, status, code);

  it('lets the admin create, list, edit and delete codes, case-insensitively unique, audited', async () => {
    const created = await t.call('POST', '/api/admin/promo-codes', {
      token: admin.token,
      body: { code: 'Spring_26', kind: 'fixed', value: 2.5, max_uses: 5, max_uses_per_user: 1, min_seats: 2 },
    });
    expect(created.status, created.raw).toBe(201);
    expect(created.body).toMatchObject({ code: 'SPRING_26', kind: 'fixed', value: 2.5, uses: 0, active: true, min_seats: 2 });
    const again = await t.call('POST', '/api/admin/promo-codes', {
      token: admin.token,
      body: { code: 'spring_26', kind: 'percent', value: 5 },
    });
    expect(again.status, again.raw).toBe(409);
    expect(again.body.code).toBe('PROMO_CODE_TAKEN');

    for (const body of [
      { code: 'ab', kind: 'percent', value: 5 },
      { code: 'NO SPACES', kind: 'percent', value: 5 },
      { code: 'PCT101', kind: 'percent', value: 101 },
      { code: 'FIX0', kind: 'fixed', value: 0 },
      { code: 'CENTS', kind: 'fixed', value: 0.001 },
      { code: 'WHEN', kind: 'percent', value: 5, valid_from: '2100-02-01T00:00:00Z', valid_until: '2100-01-01T00:00:00Z' },
      { code: 'BADTIME', kind: 'percent', value: 5, valid_from: 'tomorrow' },
    ]) {
      const res = await t.call('POST', '/api/admin/promo-codes', { token: admin.token, body });
      expect(res.status, `${JSON.stringify(body)} ${res.raw}`).toBe(422);
    }
    const list = await t.call('GET', '/api/admin/promo-codes', { token: admin.token });
    expect(list.body.promo_codes.map((c: { code: string }) => c.code)).toContain('SPRING_26');

    const edited = await t.call('PUT', `/api/admin/promo-codes/${created.body.id}`, {
      token: admin.token,
      body: { code: 'SPRING_26', kind: 'percent', value: 20, active: false },
    });
    expect(edited.status, edited.raw).toBe(200);
    expect(edited.body).toMatchObject({ kind: 'percent', value: 20, active: false, max_uses: null, min_seats: 1 });

    const gone = await t.call('DELETE', `/api/admin/promo-codes/${created.body.id}`, { token: admin.token });
    expect(gone.body).toEqual({ id: created.body.id, outcome: 'deleted' });
    expect((await t.call('DELETE', `/api/admin/promo-codes/${created.body.id}`, { token: admin.token })).status).toBe(404);

    const customer = await t.call('GET', '/api/admin/promo-codes', { token: alice.token });
    expect(customer.status).toBe(403);
    for (const action of ['promo_code.create', 'promo_code.update', 'promo_code.delete']) {
      const audit = await t.call('GET', `/api/admin/audit?action=${action}`, { token: admin.token });
      expect(audit.body[0], action).toMatchObject({ action, actor_id: admin.id, target_id: String(created.body.id) });
    }
  });

  it('takes a percentage off the hold, shows it in the hold and the booking, and charges the discounted total', async () => {
    const show = await gridShowtime(t, admin);
    const promo = await makeCode({ value: 10 });
    const held = await hold(t, alice, [show.seat('A1'), show.seat('C1')], { promo_code: promo.code.toLowerCase() });
    expect(held).toMatchObject({ subtotal_amount: 33, discount_amount: 3.3, total_amount: 29.7, promo_code: promo.code });
    const paid = await confirm(t, alice, held.booking_reference);
    expect(paid.status, paid.raw).toBe(200);
    expect(paid.body.total_amount).toBe(29.7);
    const payment = await t.db.kysely
      .selectFrom('payments')
      .innerJoin('bookings', 'bookings.id', 'payments.booking_id')
      .select('payments.amount')
      .where('bookings.reference', '=', held.booking_reference)
      .executeTakeFirstOrThrow();
    expect(payment.amount).toBe(2970);
    const detail = await t.call('GET', `/api/bookings/${held.booking_reference}`, { token: alice.token });
    expect(detail.body).toMatchObject({ total_amount: 29.7, discount_amount: 3.3, promo_code: promo.code });
    expect(detail.body.breakdown.map((s: { discount: number }) => s.discount)).toEqual([1.8, 1.5]);
    expect((await codeRow(promo.id)).uses).toBe(1);
  });

  it('applies a code to the best seats held at once (best-seats with hold), and refuses a bad one there too', async () => {
    const show = await gridShowtime(t, admin);
    const promo = await makeCode({ value: 10 });
    const best = await t.call('POST', `/api/events/${show.eventId}/best-seats`, {
      token: alice.token,
      body: { count: 2, hold: true, promo_code: promo.code },
    });
    expect(best.status, best.raw).toBe(201);
    expect(best.body.promo_code).toBe(promo.code);
    expect(best.body.discount_amount).toBeCloseTo(best.body.subtotal_amount * 0.1, 2);
    expect((await codeRow(promo.id)).uses).toBe(1);
    const refused = await t.call('POST', `/api/events/${show.eventId}/best-seats`, {
      token: alice.token,
      body: { count: 2, hold: true, promo_code: 'NO-SUCH-CODE' },
    });
    expect(refused.status, refused.raw).toBe(422);
    expect(refused.body.code).toBe('PROMO_CODE_INVALID');
  });

  it('discounts only the ticket types the code names, and never below zero', async () => {
    const show = await gridShowtime(t, admin);
    const promo = await makeCode({ value: 50, ticket_types: ['child'] });
    const held = await hold(t, alice, [show.seat('C1'), show.seat('C2')], {
      promo_code: promo.code,
      ticket_types: { [show.seat('C2')]: 'child' },
    });
    expect(held).toMatchObject({ subtotal_amount: 30, discount_amount: 7.5, total_amount: 22.5 });
    const big = await makeCode({ kind: 'fixed', value: 1000 });
    const free = await hold(t, alice, [show.seat('E1')], { promo_code: big.code });
    expect(free).toMatchObject({ subtotal_amount: 12, discount_amount: 12, total_amount: 0 });
  });

  it('refuses a code that does not apply with 422 and a reason, and writes nothing', async () => {
    const show = await gridShowtime(t, admin);
    const other = await gridShowtime(t, admin);
    const seats = [show.seat('C1')];
    const cases: [Record<string, unknown> | null, string][] = [
      [null, 'There is no such promo code'],
      [{ valid_from: new Date(t.clock.now() + HOUR).toISOString() }, 'not valid yet'],
      [{ valid_until: new Date(t.clock.now()).toISOString() }, 'has expired'],
      [{ movie_ids: [other.movie.id] }, 'not valid for this film'],
      [{ event_ids: [other.eventId] }, 'not valid for this showtime'],
      [{ ticket_types: ['senior'] }, 'valid only for senior tickets'],
      [{ min_seats: 2 }, 'needs at least 2'],
    ];
    for (const [terms, detail] of cases) {
      const code = terms === null ? 'NO-SUCH-CODE' : (await makeCode(terms)).code;
      const res = await refusePromo(alice, seats, { promo_code: code }, 422, 'PROMO_CODE_INVALID');
      expect(res.body.detail).toContain(detail);
    }
    const off = await makeCode();
    await t.call('PUT', `/api/admin/promo-codes/${off.id}`, {
      token: admin.token,
      body: { code: off.code, kind: 'percent', value: 10, active: false },
    });
    await refusePromo(alice, seats, { promo_code: off.code }, 422, 'PROMO_CODE_INVALID');
    const bad = await t.call('POST', '/api/book-seats', {
      token: alice.token,
      body: { seat_ids: seats, promo_code: 'x'.repeat(65) },
    });
    expect(bad.status).toBe(422);
  });

  it('counts the per-customer cap over live bookings, and a used-up code gets 409', async () => {
    const show = await gridShowtime(t, admin);
    const bob = await t.makeUser('user');
    const once = await makeCode({ max_uses_per_user: 1 });
    await hold(t, bob, [show.seat('A1')], { promo_code: once.code });
    const res = await refusePromo(bob, [show.seat('A2')], { promo_code: once.code }, 422, 'PROMO_CODE_INVALID');
    expect(res.body.detail).toContain('limit per customer');
    await hold(t, alice, [show.seat('A3')], { promo_code: once.code });

    const single = await makeCode({ max_uses: 1 });
    await hold(t, bob, [show.seat('B1')], { promo_code: single.code });
    const used = await refusePromo(alice, [show.seat('B2')], { promo_code: single.code }, 409, 'PROMO_CODE_USED_UP');
    expect(used.body.detail).toContain('used up');
  });

  it('gives 50 simultaneous holds with a 10-use code exactly 10 discounts; the rest 409 and hold nothing', async () => {
    const show = await t.makeShowtime(admin, { rows: 8, perRow: 8, price: 10 });
    const promo = await makeCode({ max_uses: 10, value: 20 });
    const buyers = await Promise.all(Array.from({ length: 50 }, () => t.makeUser('user')));
    const results = await Promise.all(
      buyers.map((buyer, i) =>
        t.call('POST', '/api/book-seats', {
          token: buyer.token,
          body: { seat_ids: [show.seatIds[i] as number], promo_code: promo.code },
        }),
      ),
    );
    const won = results.filter((r) => r.status === 201);
    const lost = results.filter((r) => r.status !== 201);
    expect(won).toHaveLength(10);
    for (const r of won) expect(r.body.discount_amount).toBeGreaterThan(0);
    expect(lost.map((r) => `${r.status} ${r.body.code}`)).toEqual(Array(40).fill('409 PROMO_CODE_USED_UP'));
    expect((await codeRow(promo.id)).uses).toBe(10);
    const discounted = await t.db.kysely
      .selectFrom('bookings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('promo_code', '=', promo.code)
      .executeTakeFirstOrThrow();
    expect(Number(discounted.n)).toBe(10);
    const held = await t.db.kysely
      .selectFrom('seats')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('event_id', '=', show.eventId)
      .where('status', '=', 'held')
      .executeTakeFirstOrThrow();
    expect(Number(held.n)).toBe(10);
  });

  it('races online holds and box-office cash sales for one 8-use code: exactly 8 discounts, the rest 409 and nothing kept', async () => {
    const show = await t.makeShowtime(admin, { rows: 8, perRow: 8, price: 10 });
    const promo = await makeCode({ max_uses: 8, value: 20 });
    const buyers = await Promise.all(Array.from({ length: 24 }, () => t.makeUser('user')));
    const clerks = await Promise.all(Array.from({ length: 6 }, () => t.makeUser('box_office')));
    for (const clerk of clerks) {
      const open = await t.call('POST', '/api/box-office/shifts', { token: clerk.token, body: { opening_float: 0 } });
      expect(open.status, open.raw).toBe(201);
    }
    const seat = (i: number) => show.seatIds[i] as number;
    const online = buyers.map((buyer, i) =>
      t.call('POST', '/api/book-seats', { token: buyer.token, body: { seat_ids: [seat(i)], promo_code: promo.code } }),
    );
    // Two sales per clerk at once, each a 10.00 seat paid with a 10 note (8.00 after the code).
    const counter = clerks.flatMap((clerk, c) =>
      [0, 1].map((k) =>
        t.call('POST', '/api/box-office/sales', {
          token: clerk.token,
          body: {
            event_id: show.eventId,
            seat_ids: [seat(24 + c * 2 + k)],
            payment_method: 'cash',
            cash_given: 10,
            promo_code: promo.code.toLowerCase(),
          },
        }),
      ),
    );
    const results = await Promise.all([...online, ...counter]);
    const won = results.filter((r) => r.status === 201);
    const lost = results.filter((r) => r.status !== 201);
    expect(won).toHaveLength(8);
    expect(lost.map((r) => `${r.status} ${r.body.code}`)).toEqual(Array(28).fill('409 PROMO_CODE_USED_UP'));
    for (const r of won) expect(r.body.discount_amount).toBe(2);
    for (const r of won.filter((r) => r.body.payment_method === 'cash')) {
      expect(r.body).toMatchObject({ status: 'confirmed', total_amount: 8, change_due: 2, promo_code: promo.code });
    }
    expect((await codeRow(promo.id)).uses).toBe(8);
    const bookings = await t.db.kysely
      .selectFrom('bookings')
      .select(['status', 'promo_code', 'shift_id'])
      .where('event_id', '=', show.eventId)
      .execute();
    // A losing counter sale holds nothing and takes no cash; every live booking carries the code.
    expect(bookings).toHaveLength(8);
    expect(bookings.every((b) => b.promo_code === promo.code)).toBe(true);
    const cash = await t.db.kysely
      .selectFrom('payments')
      .innerJoin('bookings', 'bookings.id', 'payments.booking_id')
      .select(['payments.amount'])
      .where('bookings.event_id', '=', show.eventId)
      .execute();
    expect(cash.map((p) => Number(p.amount))).toEqual(Array(bookings.filter((b) => b.shift_id !== null).length).fill(800));
  });

  it('gives the use back when the hold expires (sweep) or the booking is cancelled whole; a partial cancel keeps it', async () => {
    const show = await gridShowtime(t, admin);
    const promo = await makeCode({ max_uses: 1 });
    const first = await hold(t, alice, [show.seat('C1')], { promo_code: promo.code });
    expect((await codeRow(promo.id)).uses).toBe(1);
    t.clock.advance(HOLD_TTL_MS + 1);
    alice.token = t.services.auth.issueToken(alice.id, 'user');
    admin.token = t.services.auth.issueToken(admin.id, 'admin');
    await t.services.bookings.releaseExpiredHolds();
    expect((await codeRow(promo.id)).uses).toBe(0);
    const redemption = await t.db.kysely
      .selectFrom('promo_redemptions')
      .innerJoin('bookings', 'bookings.id', 'promo_redemptions.booking_id')
      .select(['promo_redemptions.released_at', 'bookings.status'])
      .where('bookings.reference', '=', first.booking_reference)
      .executeTakeFirstOrThrow();
    expect(redemption).toMatchObject({ status: 'expired', released_at: expect.anything() });
    await t.services.bookings.releaseExpiredHolds();
    expect((await codeRow(promo.id)).uses).toBe(0);

    // Cancelled unpaid: the lifecycle's cancel step (apply-transition) gives it back.
    const second = await hold(t, alice, [show.seat('C2')], { promo_code: promo.code });
    const cancel = await t.call('POST', '/api/cancel-booking', {
      token: alice.token,
      body: { booking_reference: second.booking_reference },
    });
    expect(cancel.status, cancel.raw).toBe(200);
    expect((await codeRow(promo.id)).uses).toBe(0);

    // Paid, then some seats cancelled: the booking still uses the code; cancelled whole, it does not.
    const third = await hold(t, alice, [show.seat('C3'), show.seat('C4')], { promo_code: promo.code });
    expect((await confirm(t, alice, third.booking_reference)).status).toBe(200);
    const partial = await t.call('POST', '/api/cancel-booking', {
      token: alice.token,
      body: { booking_reference: third.booking_reference, seat_ids: [show.seat('C3')] },
    });
    expect(partial.status, partial.raw).toBe(200);
    expect((await codeRow(promo.id)).uses).toBe(1);
    const rest = await t.call('POST', '/api/cancel-booking', {
      token: alice.token,
      body: { booking_reference: third.booking_reference },
    });
    expect(rest.status, rest.raw).toBe(200);
    expect((await codeRow(promo.id)).uses).toBe(0);
  });

  it('gives the use back when too many declined cards cancel the booking', async () => {
    const show = await gridShowtime(t, admin);
    const carol = await t.makeUser('user');
    const promo = await makeCode({ max_uses: 1 });
    const held = await hold(t, carol, [show.seat('D2')], { promo_code: promo.code });
    expect((await codeRow(promo.id)).uses).toBe(1);
    for (let i = 0; i < MAX_DECLINES_PER_BOOKING; i++) await confirm(t, carol, held.booking_reference, DECLINED_CARD);
    const booking = await t.call('GET', `/api/bookings/${held.booking_reference}`, { token: carol.token });
    expect(booking.body).toMatchObject({ status: 'cancelled', cancel_reason: 'too_many_declines' });
    expect((await codeRow(promo.id)).uses).toBe(0);
  });

  it('gives the use back when the cinema cancels the showtime', async () => {
    const show = await gridShowtime(t, admin);
    const promo = await makeCode({ max_uses: 3 });
    const held = await hold(t, alice, [show.seat('D1')], { promo_code: promo.code });
    expect((await confirm(t, alice, held.booking_reference)).status).toBe(200);
    expect((await codeRow(promo.id)).uses).toBe(1);
    const cancelled = await t.call('POST', `/api/admin/events/${show.eventId}/cancel`, { token: admin.token, body: {} });
    expect(cancelled.status, cancelled.raw).toBe(200);
    expect((await codeRow(promo.id)).uses).toBe(0);
    const refund = await t.db.kysely
      .selectFrom('bookings')
      .select('refund_amount')
      .where('reference', '=', held.booking_reference)
      .executeTakeFirstOrThrow();
    expect(refund.refund_amount).toBe(1350);
  });

  it('refunds what was paid, never the discount: seat by seat and in total', async () => {
    const show = await gridShowtime(t, admin);
    const promo = await makeCode({ kind: 'fixed', value: 10 });
    const held = await hold(t, alice, [show.seat('A4'), show.seat('C4')], { promo_code: promo.code });
    expect(held).toMatchObject({ subtotal_amount: 33, discount_amount: 10, total_amount: 23 });
    expect((await confirm(t, alice, held.booking_reference)).status).toBe(200);
    // The discount is shared by price: 18 carries 5.45, 15 carries 4.55.
    const quote = await t.call('GET', `/api/bookings/${held.booking_reference}/cancellation?seat_ids=${show.seat('A4')}`, {
      token: alice.token,
    });
    expect(quote.body).toMatchObject({ allowed: true, refund_amount: 12.55 });
    const one = await t.call('POST', '/api/cancel-booking', {
      token: alice.token,
      body: { booking_reference: held.booking_reference, seat_ids: [show.seat('A4')] },
    });
    expect(one.body.refund_amount).toBe(12.55);
    const detail = await t.call('GET', `/api/bookings/${held.booking_reference}`, { token: alice.token });
    expect(detail.body.cancellation.refund_amount).toBe(10.45);
    const rest = await t.call('POST', '/api/cancel-booking', {
      token: admin.token,
      body: { booking_reference: held.booking_reference },
    });
    expect(rest.body.refund_amount).toBe(10.45);
    await t.flushOutbox();
    const refunds = await t.db.kysely
      .selectFrom('refunds')
      .innerJoin('bookings', 'bookings.id', 'refunds.booking_id')
      .select((eb) => eb.fn.sum<number>('refunds.amount').as('total'))
      .where('bookings.reference', '=', held.booking_reference)
      .executeTakeFirstOrThrow();
    expect(Number(refunds.total)).toBe(2300);
  });

  it('reports paid bookings per code in the analytics', async () => {
    const show = await gridShowtime(t, admin);
    const promo = await makeCode({ value: 50 });
    const held = await hold(t, alice, [show.seat('E1'), show.seat('E2')], { promo_code: promo.code });
    const before = await t.call('GET', '/api/admin/analytics', { token: admin.token });
    expect(before.body.by_promo_code.find((p: { code: string }) => p.code === promo.code)).toBeUndefined();
    expect((await confirm(t, alice, held.booking_reference)).status).toBe(200);
    const after = await t.call('GET', '/api/admin/analytics', { token: admin.token });
    expect(after.body.by_promo_code.find((p: { code: string }) => p.code === promo.code)).toEqual({
      code: promo.code,
      bookings: 1,
      discount: 12,
      revenue: 12,
    });
    const used = await t.call('DELETE', `/api/admin/promo-codes/${promo.id}`, { token: admin.token });
    expect(used.body.outcome).toBe('deactivated');
    expect((await codeRow(promo.id)).active).toBe(false);
  });
});

describe(`promo codes paid with Stripe (${testDialect()})`, () => {
  let t: TestApp;
  let fake: FakeStripe;

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
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  it('asks Stripe for the discounted total', async () => {
    const admin = await t.makeUser('admin');
    const alice = await t.makeUser('user');
    const show = await gridShowtime(t, admin);
    const code = await t.call('POST', '/api/admin/promo-codes', {
      token: admin.token,
      body: { code: 'STRIPE5', kind: 'fixed', value: 5 },
    });
    expect(code.status, code.raw).toBe(201);
    const held = await hold(t, alice, [show.seat('C1'), show.seat('C2')], { promo_code: 'stripe5' });
    expect(held.total_amount).toBe(25);
    const checkout = await t.call('POST', '/api/confirm-payment', {
      token: alice.token,
      body: { booking_reference: held.booking_reference },
    });
    expect(checkout.status, checkout.raw).toBe(200);
    expect(fake.intent(checkout.body.payment.payment_intent_id).amount).toBe(2500);
  });
});
