import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StripeSettings } from '../src/payment-settings.js';
import { stripeProvider } from '../src/payments/stripe-provider.js';
import { confirm, expectRefused, gridShowtime, hold } from './bookings-support.js';
import { testDialect } from './helpers/database.js';
import { FAKE_WEBHOOK_SECRET, type FakeStripe, startFakeStripe } from './helpers/fake-stripe.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * Ticket types, formats and the child-ticket rule: the price card of a showtime, what a hold
 * charges per seat, what the booking records and shows, what the payment takes, and the admin's
 * screens behind it. The default grid sells rows A-B at 18 (premium), C-D at 15 (standard), E at 12 (economy).
 */

type User = Awaited<ReturnType<TestApp['makeUser']>>;

describe(`ticket types and formats (${testDialect()})`, () => {
  let t: TestApp;
  let admin: User;
  let alice: User;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.makeUser('admin');
    alice = await t.makeUser('user');
  });
  afterAll(async () => t.close());

  const setCard = (eventId: number, body: unknown) =>
    t.call('PUT', `/api/admin/events/${eventId}/price-card`, { token: admin.token, body });

  /** A showtime whose child tickets cost 9 in standard; IMAX with a surcharge of 2.5 when asked. */
  async function pricedShowtime(options: { imax?: boolean; rating?: string } = {}) {
    const show = await gridShowtime(t, admin);
    if (options.rating) {
      const movie = await t.call('PUT', `/api/admin/movies/${show.movie.id}`, {
        token: admin.token,
        body: { rating: options.rating },
      });
      expect(movie.status, movie.raw).toBe(200);
    }
    const card = await setCard(show.eventId, {
      ticket_types: [
        { code: 'adult', label: 'Adult' },
        { code: 'child', label: 'Child', prices: { standard: 9, premium: 11 } },
        { code: 'senior', label: 'Senior', prices: { standard: 10 } },
        { code: 'student', label: 'Student' },
      ],
      ...(options.imax ? { format: 'IMAX', format_surcharge: 2.5 } : {}),
    });
    expect(card.status, card.raw).toBe(200);
    return show;
  }

  it('holds without ticket types exactly as before: every seat adult, at the seat price, 2D', async () => {
    const show = await gridShowtime(t, admin);
    const held = await hold(t, alice, [show.seat('A1'), show.seat('C1')]);
    expect(held.total_amount).toBe(33);
    expect(held).toMatchObject({
      format: '2D',
      subtotal_amount: 33,
      breakdown: [
        { seat: 'A1', ticket_type: 'adult', ticket_label: 'Adult', base_price: 18, surcharge: 0, price: 18 },
        { seat: 'C1', ticket_type: 'adult', ticket_label: 'Adult', base_price: 15, surcharge: 0, price: 15 },
      ],
    });
    // Every default type is sold at the seat price until the admin sets prices.
    const other = await hold(t, alice, [show.seat('E1'), show.seat('E2')], {
      ticket_types: { [show.seat('E1')]: 'child', [show.seat('E2')]: 'student' },
    });
    expect(other.total_amount).toBe(24);
  });

  it('prices each seat by its type, records it, charges the total and shows the breakdown', async () => {
    const show = await pricedShowtime();
    const [c1, c2, c3, a1] = [show.seat('C1'), show.seat('C2'), show.seat('C3'), show.seat('A1')];
    const held = await hold(t, alice, [c1, c2, c3, a1], {
      ticket_types: { [c1]: 'child', [c2]: 'senior', [a1]: 'child' },
    });
    // child 9 + senior 10 + adult 15 + child premium 11
    expect(held.total_amount).toBe(45);
    expect(held).toMatchObject({
      breakdown: [
        { seat_id: c1, seat: 'C1', category: 'standard', ticket_type: 'child', ticket_label: 'Child', price: 9 },
        { seat_id: c2, seat: 'C2', ticket_type: 'senior', price: 10 },
        { seat_id: c3, seat: 'C3', ticket_type: 'adult', price: 15 },
        { seat_id: a1, seat: 'A1', category: 'premium', ticket_type: 'child', price: 11 },
      ].sort((x, y) => x.seat_id - y.seat_id),
    });
    const rows = await t.db.kysely
      .selectFrom('booking_seats')
      .innerJoin('bookings', 'bookings.id', 'booking_seats.booking_id')
      .select(['booking_seats.seat_id', 'booking_seats.ticket_type', 'booking_seats.price'])
      .where('bookings.reference', '=', held.booking_reference)
      .orderBy('booking_seats.seat_id')
      .execute();
    expect(rows).toEqual(
      [
        { seat_id: c1, ticket_type: 'child', price: 900 },
        { seat_id: c2, ticket_type: 'senior', price: 1000 },
        { seat_id: c3, ticket_type: 'adult', price: 1500 },
        { seat_id: a1, ticket_type: 'child', price: 1100 },
      ].sort((x, y) => x.seat_id - y.seat_id),
    );

    const paid = await confirm(t, alice, held.booking_reference);
    expect(paid.status, paid.raw).toBe(200);
    expect(paid.body.total_amount).toBe(45);
    const payment = await t.db.kysely
      .selectFrom('payments')
      .innerJoin('bookings', 'bookings.id', 'payments.booking_id')
      .select(['payments.amount', 'payments.status'])
      .where('bookings.reference', '=', held.booking_reference)
      .executeTakeFirstOrThrow();
    expect(payment).toEqual({ amount: 4500, status: 'succeeded' });

    const detail = await t.call('GET', `/api/bookings/${held.booking_reference}`, { token: alice.token });
    expect(detail.body.breakdown).toEqual(
      [
        { seat_id: c1, seat: 'C1', ticket_type: 'child', ticket_label: 'Child', surcharge: 0, price: 9 },
        { seat_id: c2, seat: 'C2', ticket_type: 'senior', ticket_label: 'Senior', surcharge: 0, price: 10 },
        { seat_id: c3, seat: 'C3', ticket_type: 'adult', ticket_label: 'Adult', surcharge: 0, price: 15 },
        { seat_id: a1, seat: 'A1', ticket_type: 'child', ticket_label: 'Child', surcharge: 0, price: 11 },
      ].sort((x, y) => x.seat_id - y.seat_id),
    );
    const mine = await t.call('GET', '/api/bookings', { token: alice.token });
    const listed = mine.body.find((b: { booking_reference: string }) => b.booking_reference === held.booking_reference);
    expect(listed.breakdown).toEqual(detail.body.breakdown);

    // A partial cancellation refunds the seat at what it was sold for.
    const quote = await t.call('GET', `/api/bookings/${held.booking_reference}/cancellation?seat_ids=${c1}`, {
      token: alice.token,
    });
    expect(quote.body).toMatchObject({ allowed: true, refund_amount: 9 });
  });

  it('refuses an unknown ticket type and a seat that is not selected, naming them, and writes nothing', async () => {
    const show = await pricedShowtime();
    const [c1, c2] = [show.seat('C1'), show.seat('C2')];
    const unknown = await expectRefused(
      t,
      'POST',
      '/api/book-seats',
      { token: alice.token, body: { seat_ids: [c1, c2], ticket_types: { [c2]: 'member' } } },
      422,
      'VALIDATION_FAILED',
    );
    expect(unknown.body.errors).toEqual([{ field: `body/ticket_types/${c2}`, message: expect.stringContaining('"member"') }]);
    const stranger = await expectRefused(
      t,
      'POST',
      '/api/book-seats',
      { token: alice.token, body: { seat_ids: [c1], ticket_types: { [c2]: 'child' } } },
      422,
      'VALIDATION_FAILED',
    );
    expect(stranger.body.errors[0]).toMatchObject({ field: 'body/ticket_types', message: expect.stringContaining(String(c2)) });
  });

  it('refuses child tickets for a restricted rating, naming the rating; the admin decides which ratings', async () => {
    const show = await pricedShowtime({ rating: 'NC-17' });
    const [c1, c2] = [show.seat('C1'), show.seat('C2')];
    const body = { seat_ids: [c1, c2], ticket_types: { [c1]: 'child' } };
    const refused = await expectRefused(
      t,
      'POST',
      '/api/book-seats',
      { token: alice.token, body },
      422,
      'CHILD_TICKET_NOT_ALLOWED',
    );
    expect(refused.body.detail).toContain('NC-17');
    expect(refused.body.seat_ids).toEqual([c1]);
    // Adults only is fine.
    const adults = await hold(t, alice, [show.seat('D1')]);
    expect(adults.total_amount).toBe(15);

    const map = await t.call('GET', `/api/events/${show.eventId}/seats`);
    expect(map.body.child_tickets_allowed).toBe(false);

    const current = await t.call('GET', '/api/admin/settings/child-restricted-ratings', { token: admin.token });
    expect(current.body).toEqual({ ratings: ['NC-17', '18', 'R18+'] });
    const changed = await t.call('PUT', '/api/admin/settings/child-restricted-ratings', {
      token: admin.token,
      body: { ratings: [' R ', 'r', '18'] },
    });
    expect(changed.status, changed.raw).toBe(200);
    expect(changed.body).toEqual({ ratings: ['R', '18'] });
    expect((await t.call('GET', `/api/events/${show.eventId}/seats`)).body.child_tickets_allowed).toBe(true);
    const allowed = await hold(t, alice, [c1, c2], { ticket_types: { [c1]: 'child' } });
    expect(allowed.total_amount).toBe(24);

    const audit = await t.call('GET', '/api/admin/audit?action=settings.child_restricted_ratings', { token: admin.token });
    expect(audit.body[0]).toMatchObject({ action: 'settings.child_restricted_ratings', actor_id: admin.id });

    const tooLong = await t.call('PUT', '/api/admin/settings/child-restricted-ratings', {
      token: admin.token,
      body: { ratings: Array.from({ length: 51 }, (_, i) => `R${i}`) },
    });
    expect(tooLong.status).toBe(422);
    const blank = await t.call('PUT', '/api/admin/settings/child-restricted-ratings', {
      token: admin.token,
      body: { ratings: [' '] },
    });
    expect(blank.status).toBe(422);
    expect(blank.body.errors[0].field).toBe('body/ratings/0');
    // Restore the default for the other tests.
    await t.call('PUT', '/api/admin/settings/child-restricted-ratings', {
      token: admin.token,
      body: { ratings: ['NC-17', '18', 'R18+'] },
    });
  });

  it('adds the format surcharge to every seat, in listings, the seat map and the hold', async () => {
    const show = await pricedShowtime({ imax: true });
    const listed = (await t.call('GET', '/api/events')).body.find((e: { event_id: number }) => e.event_id === show.eventId);
    expect(listed).toMatchObject({ format: 'IMAX', format_surcharge: 2.5, price_from: 14.5 });
    const map = await t.call('GET', `/api/events/${show.eventId}/seats`);
    expect(map.body).toMatchObject({ format: 'IMAX', format_surcharge: 2.5, child_tickets_allowed: true });
    expect(map.body.price_ranges).toEqual(
      expect.arrayContaining([
        { category: 'standard', min: 11.5, max: 17.5 },
        { category: 'premium', min: 13.5, max: 20.5 },
        { category: 'economy', min: 14.5, max: 14.5 },
      ]),
    );
    expect(map.body.ticket_types.find((x: { code: string }) => x.code === 'child').prices).toEqual({
      economy: 12,
      premium: 11,
      standard: 9,
    });
    const c1 = map.body.seats.find((s: { label: string }) => s.label === 'C1');
    expect(c1.price).toBe(17.5);

    const held = await hold(t, alice, [show.seat('C1'), show.seat('C2')], { ticket_types: { [show.seat('C1')]: 'child' } });
    expect(held).toMatchObject({
      format: 'IMAX',
      total_amount: 29,
      breakdown: [
        { ticket_type: 'child', base_price: 9, surcharge: 2.5, price: 11.5 },
        { ticket_type: 'adult', base_price: 15, surcharge: 2.5, price: 17.5 },
      ],
    });
    const best = await t.call('POST', `/api/events/${show.eventId}/best-seats`, { body: { count: 1, category: 'economy' } });
    expect(best.status, best.raw).toBe(200);
    expect(best.body.total_amount).toBe(14.5);
  });

  it('lets the admin read and set a price card, with custom types, audited, and refuses a bad one', async () => {
    const show = await gridShowtime(t, admin);
    const before = await t.call('GET', `/api/admin/events/${show.eventId}/price-card`, { token: admin.token });
    expect(before.status, before.raw).toBe(200);
    expect(before.body).toMatchObject({
      event_id: show.eventId,
      currency: 'USD',
      format: '2D',
      format_surcharge: 0,
      formats: expect.arrayContaining(['2D', '3D', 'IMAX', 'Dolby Atmos']),
    });
    expect(before.body.categories).toEqual(
      expect.arrayContaining([
        { category: 'premium', seat_price: 18 },
        { category: 'standard', seat_price: 15 },
        { category: 'economy', seat_price: 12 },
      ]),
    );
    expect(before.body.ticket_types.map((x: { code: string }) => x.code)).toEqual(['adult', 'child', 'senior', 'student']);
    expect(before.body.ticket_types[1]).toMatchObject({ prices: { premium: 18, standard: 15, economy: 12 }, set_prices: {} });

    const set = await setCard(show.eventId, {
      ticket_types: [
        { code: 'adult', label: 'Adult', prices: { standard: 14 } },
        { code: 'member', label: 'Member', prices: { standard: 8, premium: 10 } },
      ],
      format: 'Dolby Atmos',
      format_surcharge: 1,
    });
    expect(set.status, set.raw).toBe(200);
    expect(set.body).toMatchObject({ format: 'Dolby Atmos', format_surcharge: 1 });
    expect(set.body.ticket_types).toEqual([
      { code: 'adult', label: 'Adult', prices: { economy: 12, premium: 18, standard: 14 }, set_prices: { standard: 14 } },
      {
        code: 'member',
        label: 'Member',
        prices: { economy: 12, premium: 10, standard: 8 },
        set_prices: { premium: 10, standard: 8 },
      },
    ]);
    const held = await hold(t, alice, [show.seat('C1'), show.seat('C2')], { ticket_types: { [show.seat('C1')]: 'member' } });
    expect(held.total_amount).toBe(24); // member 8 + adult 14, plus 1 each
    // Child is no longer offered at this showtime.
    const gone = await t.call('POST', '/api/book-seats', {
      token: alice.token,
      body: { seat_ids: [show.seat('D1')], ticket_types: { [show.seat('D1')]: 'child' } },
    });
    expect(gone.status).toBe(422);

    const audit = await t.call('GET', `/api/admin/audit?action=event.price_card`, { token: admin.token });
    expect(audit.body[0]).toMatchObject({ action: 'event.price_card', target_id: String(show.eventId), actor_id: admin.id });

    const bad = await setCard(show.eventId, {
      ticket_types: [{ code: 'member', label: 'Member', prices: { balcony: 5 } }],
      format: 'IMAX',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'body/ticket_types',
      'body/ticket_types/0/prices/balcony',
    ]);
    const badFormat = await setCard(show.eventId, { ticket_types: [{ code: 'adult', label: 'Adult' }], format: '5D' });
    expect(badFormat.status).toBe(422);
    const tooMany = await setCard(show.eventId, {
      ticket_types: Array.from({ length: 13 }, (_, i) => ({ code: i ? `t${i}` : 'adult', label: `T${i}` })),
    });
    expect(tooMany.status).toBe(422);
    // Nothing of the refused cards was kept.
    const after = await t.call('GET', `/api/admin/events/${show.eventId}/price-card`, { token: admin.token });
    expect(after.body.format).toBe('Dolby Atmos');
    expect(after.body.ticket_types.map((x: { code: string }) => x.code)).toEqual(['adult', 'member']);

    expect((await t.call('GET', '/api/admin/events/999999/price-card', { token: admin.token })).status).toBe(404);
    expect((await setCard(999999, { ticket_types: [{ code: 'adult', label: 'Adult' }] })).status).toBe(404);
  });

  it('takes format and surcharge on admin showtime create and update', async () => {
    const movie = await t.call('POST', '/api/admin/movies', {
      token: admin.token,
      body: { title: 'Deep', duration_minutes: 90 },
    });
    const created = await t.call('POST', '/api/admin/events', {
      token: admin.token,
      body: {
        movie_id: movie.body.id,
        start_time: new Date(t.clock.now() + 30 * 3_600_000).toISOString(),
        total_seats: 4,
        format: '3D',
        format_surcharge: 3,
      },
    });
    expect(created.status, created.raw).toBe(201);
    expect(created.body).toMatchObject({ format: '3D', format_surcharge: 3 });
    const id = created.body.event_id;
    const updated = await t.call('PUT', `/api/admin/events/${id}`, { token: admin.token, body: { format: 'IMAX 3D' } });
    expect(updated.status, updated.raw).toBe(200);
    expect(updated.body).toMatchObject({ format: 'IMAX 3D', format_surcharge: 3 });
    const wrong = await t.call('PUT', `/api/admin/events/${id}`, { token: admin.token, body: { format: '8K' } });
    expect(wrong.status).toBe(422);
    const odd = await t.call('PUT', `/api/admin/events/${id}`, { token: admin.token, body: { format_surcharge: 1.234 } });
    expect(odd.status).toBe(422);
  });

  it('reports sales per ticket type in the analytics', async () => {
    const before = await t.call('GET', '/api/admin/analytics', { token: admin.token });
    const count = (body: { by_ticket_type: { ticket_type: string; seats: number; revenue: number }[] }, type: string) =>
      body.by_ticket_type.find((x) => x.ticket_type === type) ?? { seats: 0, revenue: 0 };
    const show = await pricedShowtime();
    const held = await hold(t, alice, [show.seat('C1'), show.seat('C2')], { ticket_types: { [show.seat('C1')]: 'child' } });
    expect((await confirm(t, alice, held.booking_reference)).status).toBe(200);
    const after = await t.call('GET', '/api/admin/analytics', { token: admin.token });
    expect(after.status, after.raw).toBe(200);
    expect(count(after.body, 'child').seats - count(before.body, 'child').seats).toBe(1);
    expect(count(after.body, 'child').revenue - count(before.body, 'child').revenue).toBe(9);
    expect(count(after.body, 'adult').seats - count(before.body, 'adult').seats).toBe(1);
  });
});

describe(`ticket types paid with Stripe (${testDialect()})`, () => {
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

  it("asks Stripe for the total of the seats' ticket prices", async () => {
    const admin = await t.makeUser('admin');
    const alice = await t.makeUser('user');
    const show = await gridShowtime(t, admin);
    const card = await t.call('PUT', `/api/admin/events/${show.eventId}/price-card`, {
      token: admin.token,
      body: {
        ticket_types: [
          { code: 'adult', label: 'Adult' },
          { code: 'child', label: 'Child', prices: { standard: 7.5 } },
        ],
      },
    });
    expect(card.status, card.raw).toBe(200);
    const held = await hold(t, alice, [show.seat('C1'), show.seat('C2')], { ticket_types: { [show.seat('C1')]: 'child' } });
    expect(held.total_amount).toBe(22.5);
    const checkout = await t.call('POST', '/api/confirm-payment', {
      token: alice.token,
      body: { booking_reference: held.booking_reference },
    });
    expect(checkout.status, checkout.raw).toBe(200);
    expect(fake.intent(checkout.body.payment.payment_intent_id).amount).toBe(2250);
  });
});
