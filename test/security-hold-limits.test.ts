import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advance, confirm, expectRefused, HOLD_TTL_MS, hold } from './bookings-support.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * SECURITY.md, "Seats and payments": one customer cannot take a showtime off sale. At most
 * MAX_HELD_SEATS_PER_USER (10) seats of one showtime held at once across their pending bookings
 * (409 HOLD_LIMIT), at most 20 new holds per 10 minutes (429), staff exempt. The cap is judged
 * inside the hold transaction, so concurrent holds by one customer cannot pass it together.
 */

type User = Awaited<ReturnType<TestApp['makeUser']>>;

let t: TestApp;
let admin: User;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.makeUser('admin');
});
afterAll(async () => t.close());

const heldSeatsOf = async (userId: number, eventId: number) => {
  const row = await t.db.kysely
    .selectFrom('seats as s')
    .innerJoin('bookings as b', 'b.id', 's.booking_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('b.user_id', '=', userId)
    .where('s.event_id', '=', eventId)
    .where('s.status', '=', 'held')
    .executeTakeFirstOrThrow();
  return Number(row.n);
};

const bookSeats = (user: User, seatIds: number[]) =>
  t.call('POST', '/api/book-seats', { token: user.token, body: { seat_ids: seatIds } });

describe('seat hoarding: held seats per customer and showtime', () => {
  it('holds at most 10 seats of one showtime across bookings; beyond that 409 HOLD_LIMIT naming the limit, nothing held', async () => {
    const alice = await t.makeUser();
    const show = await t.makeShowtime(admin, { rows: 5, perRow: 10 });
    const other = await t.makeShowtime(admin, { rows: 5, perRow: 10 });
    const seats = show.seatIds;
    const first = await hold(t, alice, seats.slice(0, 4));
    const second = await hold(t, alice, seats.slice(4, 8));

    const refused = await expectRefused(
      t,
      'POST',
      '/api/book-seats',
      { token: alice.token, body: { seat_ids: seats.slice(8, 11) } },
      409,
      'HOLD_LIMIT',
    );
    expect(refused.body.detail).toContain('You can hold at most 10 seats of one showtime at a time; you already hold 8');
    expect(await heldSeatsOf(alice.id, show.eventId)).toBe(8);

    await hold(t, alice, seats.slice(8, 10));
    expect(await heldSeatsOf(alice.id, show.eventId)).toBe(10);
    expect((await bookSeats(alice, [seats[10] as number])).body.code).toBe('HOLD_LIMIT');
    // Another showtime has its own ten.
    await hold(t, alice, other.seatIds.slice(0, 10));

    // Cancelling a pending booking, or paying for it, takes its seats off the count.
    const cancelled = await t.call('POST', '/api/cancel-booking', {
      token: alice.token,
      body: { booking_reference: first.booking_reference },
    });
    expect(cancelled.status, cancelled.raw).toBe(200);
    await hold(t, alice, seats.slice(11, 15));
    expect((await confirm(t, alice, second.booking_reference)).status).toBe(200);
    await hold(t, alice, seats.slice(15, 19));
    expect(await heldSeatsOf(alice.id, show.eventId)).toBe(10);
  });

  it('counts only holds still running: after they expire the customer may hold again', async () => {
    const bob = await t.makeUser();
    const show = await t.makeShowtime(admin, { rows: 5, perRow: 10 });
    await hold(t, bob, show.seatIds.slice(0, 10));
    expect((await bookSeats(bob, show.seatIds.slice(10, 11))).status).toBe(409);
    advance(t, HOLD_TTL_MS, bob, admin);
    await hold(t, bob, show.seatIds.slice(10, 20));
  });

  it('exempts staff: an admin holds 20 seats of one showtime', async () => {
    const show = await t.makeShowtime(admin, { rows: 5, perRow: 10 });
    await hold(t, admin, show.seatIds.slice(0, 10));
    await hold(t, admin, show.seatIds.slice(10, 20));
    expect(await heldSeatsOf(admin.id, show.eventId)).toBe(20);
  });

  it('8 concurrent holds of 3 seats by one customer: at most 10 seats end up held (3 holds win, 5 get HOLD_LIMIT)', async () => {
    const show = await t.makeShowtime(admin, { rows: 10, perRow: 10 });
    // Several rounds with fresh customers: a race that slips through once in a while still shows.
    for (let round = 0; round < 4; round++) {
      const carol = await t.makeUser();
      const base = round * 24;
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, i) => bookSeats(carol, show.seatIds.slice(base + 3 * i, base + 3 * i + 3))),
      );
      const statuses = answers.map((a) => a.status).sort();
      expect(await heldSeatsOf(carol.id, show.eventId)).toBeLessThanOrEqual(10);
      expect(statuses, answers.map((a) => a.raw).join('\n')).toEqual([201, 201, 201, 409, 409, 409, 409, 409]);
      for (const refused of answers.filter((a) => a.status === 409)) expect(refused.body.code).toBe('HOLD_LIMIT');
      expect(await heldSeatsOf(carol.id, show.eventId)).toBe(9);
    }
  });

  it('follows MAX_HELD_SEATS_PER_USER', async () => {
    const small = await createTestApp({ config: { maxHeldSeatsPerUser: 3 } });
    try {
      const staff = await small.makeUser('admin');
      const dave = await small.makeUser();
      const show = await small.makeShowtime(staff, { rows: 2, perRow: 5 });
      const res = await small.call('POST', '/api/book-seats', {
        token: dave.token,
        body: { seat_ids: show.seatIds.slice(0, 4) },
      });
      expect(res.status, res.raw).toBe(409);
      expect(res.body).toMatchObject({ code: 'HOLD_LIMIT' });
      expect(res.body.detail).toContain('at most 3 seats');
      await hold(small, dave, show.seatIds.slice(0, 3));
    } finally {
      await small.close();
    }
  });
});

describe('seat hoarding: new holds per customer', () => {
  it('allows 20 holds per 10 minutes; the 21st is 429 RATE_LIMITED with Retry-After, and a hold works again once the first leaves the window', async () => {
    const erin = await t.makeUser();
    const show = await t.makeShowtime(admin, { rows: 5, perRow: 10 });
    for (let i = 0; i < 20; i++) {
      // Hold and cancel, so the seat cap never gets in the way: only the number of holds counts.
      const booking = await hold(t, erin, [show.seatIds[i] as number]);
      const cancelled = await t.call('POST', '/api/cancel-booking', {
        token: erin.token,
        body: { booking_reference: booking.booking_reference },
      });
      expect(cancelled.status, cancelled.raw).toBe(200);
      advance(t, 1000, erin, admin);
    }
    // The first hold was 20 s ago, so it leaves the 10-minute window in 580 s.
    const retry = { 'idempotency-key': 'erin-21st-hold' };
    const seat = [show.seatIds[30] as number];
    const refused = await expectRefused(
      t,
      'POST',
      '/api/book-seats',
      { token: erin.token, body: { seat_ids: seat }, headers: retry },
      429,
      'RATE_LIMITED',
    );
    expect(refused.headers['retry-after']).toBe('580');

    // Other customers are not affected.
    const frank = await t.makeUser();
    await hold(t, frank, [show.seatIds[31] as number]);

    advance(t, 579_000, erin, admin);
    expect((await bookSeats(erin, seat)).status).toBe(429);
    // The retry the 429 asked for, with the same Idempotency-Key: it runs afresh (a 429 is not replayed).
    advance(t, 1000, erin, admin);
    const later = await t.call('POST', '/api/book-seats', { token: erin.token, body: { seat_ids: seat }, headers: retry });
    expect(later.status, later.raw).toBe(201);
    expect(later.headers['idempotent-replayed']).toBeUndefined();
  });

  it('does not limit staff: an admin makes 25 holds in a row', async () => {
    const show = await t.makeShowtime(admin, { rows: 5, perRow: 10 });
    for (let i = 0; i < 25; i++) await hold(t, admin, [show.seatIds[i] as number]);
  });
});
