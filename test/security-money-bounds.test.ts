import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirm, expectRefused, hold } from './bookings-support.js';
import { createTestApp, HOUR, type TestApp } from './helpers/test-app.js';

/**
 * SECURITY.md, "Money and idempotency": prices are bounded (a base seat price of at most 10,000.00,
 * category factors of at most 10; beyond them 422 naming the field), and every money column is a
 * 64-bit integer on both databases. Before, price 100,000 x factor 100 x 3 seats passed
 * PostgreSQL's 32-bit integer and the hold answered 500.
 */

type User = Awaited<ReturnType<TestApp['makeUser']>>;

let t: TestApp;
let admin: User;
let alice: User;
let movieId: number;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.makeUser('admin');
  alice = await t.makeUser();
  const movie = await t.call('POST', '/api/admin/movies', {
    token: admin.token,
    body: { title: 'Dear Seats', duration_minutes: 90 },
  });
  movieId = movie.body.id;
});
afterAll(async () => t.close());

let hallCount = 0;
const hallBody = (factor: number) => ({
  name: `Gold ${++hallCount}`,
  rows: 2,
  seats_per_row: 10,
  categories: [{ name: 'gold', from_row: 1, to_row: 1, price_factor: factor }],
});
const eventBody = (hallId: number, price: number) => ({
  movie_id: movieId,
  hall_id: hallId,
  start_time: new Date(t.clock.now() + 24 * HOUR + hallCount * 3 * HOUR).toISOString(),
  price,
});

describe('price bounds', () => {
  it('the reproduction (price 100,000, factor 100, 3 seats) is refused with 422 naming each field, and nothing is created', async () => {
    const factor = await expectRefused(
      t,
      'POST',
      '/api/admin/halls',
      { token: admin.token, body: hallBody(100) },
      422,
      'VALIDATION_FAILED',
    );
    expect(factor.body.errors).toEqual([expect.objectContaining({ field: 'body/categories/0/price_factor' })]);
    expect(factor.body.detail).toContain('price_factor');

    const hall = await t.call('POST', '/api/admin/halls', { token: admin.token, body: hallBody(10) });
    expect(hall.status, hall.raw).toBe(201);
    const price = await expectRefused(
      t,
      'POST',
      '/api/admin/events',
      { token: admin.token, body: eventBody(hall.body.id, 100_000) },
      422,
      'VALIDATION_FAILED',
    );
    expect(price.body.errors).toEqual([expect.objectContaining({ field: 'body/price' })]);
    expect(price.body.detail).toContain('body/price');

    // The same bounds on changes.
    const patchHall = await t.call('PUT', `/api/admin/halls/${hall.body.id}`, {
      token: admin.token,
      body: { categories: [{ name: 'gold', from_row: 1, to_row: 1, price_factor: 10.5 }] },
    });
    expect(patchHall.status, patchHall.raw).toBe(422);
    expect(patchHall.body.errors[0].field).toBe('body/categories/0/price_factor');
    const event = await t.call('POST', '/api/admin/events', { token: admin.token, body: eventBody(hall.body.id, 15) });
    expect(event.status, event.raw).toBe(201);
    const patchEvent = await t.call('PUT', `/api/admin/events/${event.body.event_id}`, {
      token: admin.token,
      body: { price: 10_000.01 },
    });
    expect(patchEvent.status, patchEvent.raw).toBe(422);
    expect(patchEvent.body.errors[0].field).toBe('body/price');
  });

  it('the dearest allowed seats (10,000.00 x factor 10) x 10 book and pay for exactly 1,000,000.00', async () => {
    const hall = await t.call('POST', '/api/admin/halls', { token: admin.token, body: hallBody(10) });
    expect(hall.status, hall.raw).toBe(201);
    const event = await t.call('POST', '/api/admin/events', { token: admin.token, body: eventBody(hall.body.id, 10_000) });
    expect(event.status, event.raw).toBe(201);
    const map = await t.call('GET', `/api/events/${event.body.event_id}/seats`);
    const gold = map.body.seats.filter((s: { category: string }) => s.category === 'gold');
    expect(gold).toHaveLength(10);
    expect(gold.every((s: { price: number }) => s.price === 100_000)).toBe(true);

    const booking = await hold(
      t,
      alice,
      gold.map((s: { seat_id: number }) => s.seat_id),
    );
    expect(booking.total_amount).toBe(1_000_000);
    const paid = await confirm(t, alice, booking.booking_reference);
    expect(paid.status, paid.raw).toBe(200);
    expect(paid.body.total_amount).toBe(1_000_000);

    const row = await t.db.kysely
      .selectFrom('bookings as b')
      .innerJoin('payments as p', 'p.booking_id', 'b.id')
      .select(['b.total_amount', 'p.amount', 'p.status'])
      .where('b.reference', '=', booking.booking_reference)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ total_amount: 100_000_000, amount: 100_000_000, status: 'succeeded' });
  });

  it('stores money as 64-bit integers: 3,000,000,000 minor units (the old overflow) round-trip exactly in every money column', async () => {
    const big = 3_000_000_000;
    const hall = await t.call('POST', '/api/admin/halls', { token: admin.token, body: hallBody(1) });
    const event = await t.call('POST', '/api/admin/events', { token: admin.token, body: eventBody(hall.body.id, 15) });
    const seatIds = (await t.call('GET', `/api/events/${event.body.event_id}/seats`)).body.seats.map(
      (s: { seat_id: number }) => s.seat_id,
    );
    const booking = await hold(t, alice, [seatIds[0]]);
    const paid = await confirm(t, alice, booking.booking_reference);
    expect(paid.status, paid.raw).toBe(200);
    const k = t.db.kysely;
    const id = (
      await k.selectFrom('bookings').select('id').where('reference', '=', booking.booking_reference).executeTakeFirstOrThrow()
    ).id;
    await k.updateTable('events').set({ base_price: big }).where('id', '=', event.body.event_id).execute();
    await k.updateTable('seats').set({ price: big }).where('id', '=', seatIds[0]).execute();
    await k.updateTable('booking_seats').set({ price: big }).where('booking_id', '=', id).execute();
    await k.updateTable('bookings').set({ total_amount: big, refund_amount: big }).where('id', '=', id).execute();
    await k.updateTable('payments').set({ amount: big }).where('booking_id', '=', id).execute();

    expect(
      await k.selectFrom('events').select('base_price').where('id', '=', event.body.event_id).executeTakeFirstOrThrow(),
    ).toEqual({ base_price: big });
    expect(await k.selectFrom('seats').select('price').where('id', '=', seatIds[0]).executeTakeFirstOrThrow()).toEqual({
      price: big,
    });
    expect(await k.selectFrom('booking_seats').select('price').where('booking_id', '=', id).executeTakeFirstOrThrow()).toEqual({
      price: big,
    });
    expect(
      await k.selectFrom('bookings').select(['total_amount', 'refund_amount']).where('id', '=', id).executeTakeFirstOrThrow(),
    ).toEqual({ total_amount: big, refund_amount: big });
    expect(await k.selectFrom('payments').select('amount').where('booking_id', '=', id).executeTakeFirstOrThrow()).toEqual({
      amount: big,
    });
    const detail = await t.call('GET', `/api/bookings/${booking.booking_reference}`, { token: alice.token });
    expect(detail.body.total_amount).toBe(30_000_000);
  });
});
