import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  advance,
  expectRefused,
  gridShowtime,
  HOLD_TTL_MS,
  hold,
  ISO,
  REFERENCE_PATTERN,
  seatStatuses,
} from './bookings-support.js';
import { createTestApp, HOUR, type TestApp } from './helpers/test-app.js';

describe('POST /api/book-seats', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<TestApp['makeUser']>>;
  let alice: Awaited<ReturnType<TestApp['makeUser']>>;
  let bob: Awaited<ReturnType<TestApp['makeUser']>>;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.makeUser('admin');
    alice = await t.makeUser('user');
    bob = await t.makeUser('user');
  });
  afterAll(async () => t.close());

  const book = (token: string | undefined, body: unknown) => ({ ...(token ? { token } : {}), body });

  it('lays out the default grid at 18/15/12 for a base price of 15', async () => {
    const show = await gridShowtime(t, admin);
    const map = await t.call('GET', `/api/events/${show.eventId}/seats`);
    const byLabel = Object.fromEntries(map.body.seats.map((s: { label: string; price: number }) => [s.label, s.price]));
    expect(byLabel).toMatchObject({ A1: 18, B5: 18, C1: 15, D5: 15, E1: 12, E5: 12 });
    expect(map.body.seats.map((s: { seat_id: number }) => s.seat_id)).toEqual(show.seatIds);
    expect(map.body.seats.every((s: { status: string }) => s.status === 'available')).toBe(true);
  });

  it('holds the seats and answers with the pending booking', async () => {
    const show = await gridShowtime(t, admin);
    const seats = [show.seat('E1'), show.seat('A1'), show.seat('C1')];
    const before = await t.tableCounts();
    const res = await t.call('POST', '/api/book-seats', {
      token: alice.token,
      body: { seat_ids: seats, event_id: show.eventId },
    });
    expect(res.status, res.raw).toBe(201);
    expect(res.body).toMatchObject({
      event_id: show.eventId,
      total_amount: 45,
      currency: 'USD',
      status: 'pending',
      expires_at: new Date(t.clock.now() + HOLD_TTL_MS).toISOString(),
      message: expect.any(String),
    });
    expect([...res.body.seat_ids].sort((a, b) => a - b)).toEqual([...seats].sort((a, b) => a - b));
    expect([...res.body.seats].sort()).toEqual(['A1', 'C1', 'E1']);
    expect(res.body.booking_reference).toMatch(REFERENCE_PATTERN);
    expect(res.body.expires_at).toMatch(ISO);

    const after = await t.tableCounts();
    expect(after.bookings).toBe(before.bookings + 1);
    expect(after.booking_seats).toBe(before.booking_seats + 3);
    expect(after.unavailable_seats).toBe(before.unavailable_seats + 3);
    expect(after.payments).toBe(before.payments);

    const statuses = await seatStatuses(t, show.eventId);
    for (const id of show.seatIds) expect(statuses[id]).toBe(seats.includes(id) ? 'held' : 'available');
  });

  it('sums prices exactly when they have cents, and stores the total as integer cents', async () => {
    const show = await gridShowtime(t, admin, { price: 12.5 });
    const booking = await hold(t, alice, [show.seat('A1'), show.seat('C2'), show.seat('E3')]);
    expect(booking.total_amount).toBe(37.5);
    const row = await t.db.kysely
      .selectFrom('bookings')
      .select(['total_amount', 'currency'])
      .where('reference', '=', booking.booking_reference)
      .executeTakeFirstOrThrow();
    expect(row.total_amount).toBe(3750);
    expect(typeof row.total_amount).toBe('number');
    expect(Number.isInteger(row.total_amount)).toBe(true);
    const prices = await t.db.kysely
      .selectFrom('booking_seats as bs')
      .innerJoin('bookings as b', 'b.id', 'bs.booking_id')
      .select('bs.price')
      .where('b.reference', '=', booking.booking_reference)
      .execute();
    expect(prices.map((p) => p.price).sort((a, b) => a - b)).toEqual([1000, 1250, 1500]);
  });

  it('draws distinct references from the unambiguous alphabet', async () => {
    const show = await gridShowtime(t, admin);
    const refs = new Set<string>();
    for (const id of show.seatIds.slice(0, 8)) {
      const booking = await hold(t, bob, [id]);
      expect(booking.booking_reference).toMatch(REFERENCE_PATTERN);
      expect(booking.booking_reference).not.toMatch(/[01OIL]/);
      refs.add(booking.booking_reference);
    }
    expect(refs.size).toBe(8);
  });

  it('accepts and ignores user_email from old clients', async () => {
    const show = await gridShowtime(t, admin);
    const booking = await hold(t, alice, [show.seat('B2')], { user_email: 'someone-else@example.com' });
    const row = await t.db.kysely
      .selectFrom('bookings')
      .select('user_id')
      .where('reference', '=', booking.booking_reference)
      .executeTakeFirstOrThrow();
    expect(row.user_id).toBe(alice.id);
    const mine = await t.call('GET', `/api/bookings/${booking.booking_reference}`, { token: alice.token });
    expect(mine.body.user_email).toBe(alice.email);
  });

  it('is all or nothing: 409 lists exactly the unavailable seats and holds none', async () => {
    const show = await gridShowtime(t, admin);
    const taken = [show.seat('B1'), show.seat('B3')];
    await hold(t, alice, taken);
    const mapBefore = await seatStatuses(t, show.eventId);
    const wanted = [show.seat('B2'), show.seat('B3'), show.seat('B1'), show.seat('B4')];
    const res = await expectRefused(
      t,
      'POST',
      '/api/book-seats',
      book(bob.token, { seat_ids: wanted }),
      409,
      'SEATS_UNAVAILABLE',
    );
    expect([...res.body.seat_ids].sort((a: number, b: number) => a - b)).toEqual([...taken].sort((a, b) => a - b));
    expect(await seatStatuses(t, show.eventId)).toEqual(mapBefore);
    expect(mapBefore[show.seat('B2')]).toBe('available');
    expect(mapBefore[show.seat('B4')]).toBe('available');

    // The free ones are still free for Bob on their own.
    const rest = await hold(t, bob, [show.seat('B2'), show.seat('B4')]);
    expect(rest.total_amount).toBe(36);
  });

  it('refuses a seat held by the same user a second time', async () => {
    const show = await gridShowtime(t, admin);
    await hold(t, alice, [show.seat('D1')]);
    const res = await expectRefused(
      t,
      'POST',
      '/api/book-seats',
      book(alice.token, { seat_ids: [show.seat('D1'), show.seat('D2')] }),
      409,
      'SEATS_UNAVAILABLE',
    );
    expect(res.body.seat_ids).toEqual([show.seat('D1')]);
  });

  it('needs a valid token', async () => {
    const show = await gridShowtime(t, admin);
    await expectRefused(t, 'POST', '/api/book-seats', book(undefined, { seat_ids: [show.seat('A1')] }), 401, 'NOT_AUTHENTICATED');
    await expectRefused(
      t,
      'POST',
      '/api/book-seats',
      book('not-a-token', { seat_ids: [show.seat('A1')] }),
      401,
      'NOT_AUTHENTICATED',
    );
    expect((await seatStatuses(t, show.eventId))[show.seat('A1')]).toBe('available');
  });

  it('answers 404 SEAT_NOT_FOUND for an unknown seat, holding none of the others', async () => {
    const show = await gridShowtime(t, admin);
    const res = await expectRefused(
      t,
      'POST',
      '/api/book-seats',
      book(alice.token, { seat_ids: [show.seat('A2'), 9_999_999] }),
      404,
      'SEAT_NOT_FOUND',
    );
    expect(res.body.seat_ids).toEqual([9_999_999]);
    expect((await seatStatuses(t, show.eventId))[show.seat('A2')]).toBe('available');
  });

  it('refuses malformed or impossible requests with 422 and changes nothing', async () => {
    const show = await gridShowtime(t, admin);
    const other = await gridShowtime(t, admin);
    const s = show.seatIds;
    const cases: [string, unknown][] = [
      ['empty list', { seat_ids: [] }],
      ['duplicates', { seat_ids: [s[0], s[1], s[0]] }],
      ['more than 10 seats', { seat_ids: s.slice(0, 11) }],
      ['seats of different showtimes', { seat_ids: [s[0], other.seatIds[0]] }],
      ['event_id of another showtime', { seat_ids: [s[0]], event_id: other.eventId }],
      ['event_id of no showtime', { seat_ids: [s[0]], event_id: 9_999_999 }],
      ['seat ids as strings', { seat_ids: [String(s[0])] }],
      ['seat_ids not an array', { seat_ids: s[0] }],
      ['seat_ids a string', { seat_ids: String(s[0]) }],
      ['seat_ids missing', { event_id: show.eventId }],
      ['fractional seat id', { seat_ids: [1.5] }],
      ['body not an object', [s[0]]],
    ];
    for (const [name, body] of cases) {
      const res = await expectRefused(t, 'POST', '/api/book-seats', book(alice.token, body), 422, 'VALIDATION_FAILED');
      expect(res.body.detail, name).toBeTruthy();
    }
    // Exactly ten seats is fine, which shows the 11 above was refused for its size.
    const ten = await hold(t, alice, s.slice(0, 10));
    expect(ten.seat_ids).toHaveLength(10);
    expect(ten.total_amount).toBe(180);
  });

  it('answers 422 for a missing body', async () => {
    await expectRefused(t, 'POST', '/api/book-seats', { token: alice.token }, 422, 'VALIDATION_FAILED');
    await expectRefused(
      t,
      'POST',
      '/api/book-seats',
      { token: alice.token, headers: { 'content-type': 'application/json' } },
      422,
      'VALIDATION_FAILED',
    );
  });

  it('refuses a showtime that has started, with 422', async () => {
    const show = await gridShowtime(t, admin, { hoursAhead: 1 });
    advance(t, HOUR, alice);
    await expectRefused(
      t,
      'POST',
      '/api/book-seats',
      book(alice.token, { seat_ids: [show.seat('A1')] }),
      422,
      'VALIDATION_FAILED',
    );
    advance(t, HOUR, alice);
    await expectRefused(
      t,
      'POST',
      '/api/book-seats',
      book(alice.token, { seat_ids: [show.seat('A1')], event_id: show.eventId }),
      422,
      'VALIDATION_FAILED',
    );
  });
});

describe('GET /api/events/:id/seats while a hold runs out', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('shows held seats, and an expired hold as available before any sweep', async () => {
    const admin = await t.makeUser('admin');
    const user = await t.makeUser('user');
    const show = await gridShowtime(t, admin);
    const seats = [show.seat('C3'), show.seat('C4')];
    await hold(t, user, seats);

    t.clock.advance(HOLD_TTL_MS - 1);
    let statuses = await seatStatuses(t, show.eventId);
    expect(seats.map((id) => statuses[id])).toEqual(['held', 'held']);

    t.clock.advance(1);
    statuses = await seatStatuses(t, show.eventId);
    expect(seats.map((id) => statuses[id])).toEqual(['available', 'available']);
    // Nothing has swept: the rows still say held, only the reading is time-aware.
    expect((await t.tableCounts()).unavailable_seats).toBe(2);
    const summary = await t.call('GET', `/api/events/${show.eventId}`);
    expect(summary.body.available_seats).toBe(25);

    expect(await t.services.bookings.releaseExpiredHolds()).toBe(2);
    expect((await t.tableCounts()).unavailable_seats).toBe(0);
    statuses = await seatStatuses(t, show.eventId);
    expect(Object.values(statuses).every((s) => s === 'available')).toBe(true);
  });
});
