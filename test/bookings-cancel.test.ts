import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  advance,
  bookingStatus,
  confirm,
  expectRefused,
  gridShowtime,
  HOLD_TTL_MS,
  hold,
  ISO,
  seatStatuses,
} from './bookings-support.js';
import { createTestApp, HOUR, type TestApp } from './helpers/test-app.js';

type User = Awaited<ReturnType<TestApp['makeUser']>>;

const cancelOf = (token: string | undefined, reference: unknown) => ({
  ...(token ? { token } : {}),
  body: { booking_reference: reference },
});

describe('POST /api/cancel-booking', () => {
  let t: TestApp;
  let admin: User;
  let alice: User;
  let bob: User;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.makeUser('admin');
    alice = await t.makeUser('user');
    bob = await t.makeUser('user');
  });
  afterAll(async () => t.close());

  const cancel = (user: { token: string }, reference: string) =>
    t.call('POST', '/api/cancel-booking', cancelOf(user.token, reference));

  it('cancels a pending booking with no refund and frees its seats at once', async () => {
    const show = await gridShowtime(t, admin);
    const seats = [show.seat('A1'), show.seat('A2')];
    const booking = await hold(t, alice, seats);
    const refunds = t.payments.refunds();

    const res = await cancel(alice, booking.booking_reference);
    expect(res.status, res.raw).toBe(200);
    expect(res.body).toMatchObject({
      booking_reference: booking.booking_reference,
      status: 'cancelled',
      refund_amount: 0,
      currency: 'USD',
    });
    expect([...res.body.cancelled_seat_ids].sort((a, b) => a - b)).toEqual([...seats].sort((a, b) => a - b));
    expect(t.payments.refunds()).toBe(refunds);

    const statuses = await seatStatuses(t, show.eventId);
    expect(seats.map((id) => statuses[id])).toEqual(['available', 'available']);
    expect((await t.tableCounts()).unavailable_seats).toBe(0);
    expect(await bookingStatus(t, alice, booking.booking_reference)).toBe('cancelled');
    // Someone else can take them straight away.
    const next = await hold(t, bob, seats);
    expect(next.total_amount).toBe(36);
  });

  it('cancels a confirmed booking before the showtime with a full refund', async () => {
    const show = await gridShowtime(t, admin);
    const seats = [show.seat('C1'), show.seat('E1')];
    const booking = await hold(t, alice, seats);
    expect((await confirm(t, alice, booking.booking_reference)).status).toBe(200);
    const refunds = t.payments.refunds();

    const res = await cancel(alice, booking.booking_reference);
    expect(res.status, res.raw).toBe(200);
    expect(res.body).toMatchObject({ status: 'cancelled', refund_amount: 27, currency: 'USD' });
    expect([...res.body.cancelled_seat_ids].sort((a, b) => a - b)).toEqual([...seats].sort((a, b) => a - b));
    // The refund is sent through the outbox, after the commit.
    await t.flushOutbox();
    expect(t.payments.refunds()).toBe(refunds + 1);

    const statuses = await seatStatuses(t, show.eventId);
    expect(seats.map((id) => statuses[id])).toEqual(['available', 'available']);
    const detail = await t.call('GET', `/api/bookings/${booking.booking_reference}`, { token: alice.token });
    expect(detail.body).toMatchObject({ status: 'cancelled', refund_amount: 27, total_amount: 27 });
    expect(detail.body.cancelled_at).toMatch(ISO);
    const row = await t.db.kysely
      .selectFrom('bookings')
      .select(['refund_amount'])
      .where('reference', '=', booking.booking_reference)
      .executeTakeFirstOrThrow();
    expect(row.refund_amount).toBe(2700);
    const payments = await t.db.kysely
      .selectFrom('payments as p')
      .innerJoin('bookings as b', 'b.id', 'p.booking_id')
      .select(['p.status', 'p.provider_refund_id'])
      .where('b.reference', '=', booking.booking_reference)
      .execute();
    expect(payments).toEqual([{ status: 'refunded', provider_refund_id: expect.stringMatching(/\S/) }]);
  });

  it('refuses a customer once the showtime has started; an admin still cancels with a full refund', async () => {
    const show = await gridShowtime(t, admin, { hoursAhead: 1 });
    const booking = await hold(t, alice, [show.seat('B1')]);
    expect((await confirm(t, alice, booking.booking_reference)).status).toBe(200);
    advance(t, HOUR, alice, bob, admin);
    const refunds = t.payments.refunds();
    await expectRefused(
      t,
      'POST',
      '/api/cancel-booking',
      cancelOf(alice.token, booking.booking_reference),
      409,
      'BOOKING_NOT_CANCELLABLE',
    );
    await t.flushOutbox();
    expect(t.payments.refunds()).toBe(refunds);
    expect(await bookingStatus(t, alice, booking.booking_reference)).toBe('confirmed');
    expect((await seatStatuses(t, show.eventId))[show.seat('B1')]).toBe('booked');
    // The cinema may always cancel (a broken projector), and gives everything back.
    const byAdmin = await cancel(admin, booking.booking_reference);
    expect(byAdmin.status, byAdmin.raw).toBe(200);
    expect(byAdmin.body).toMatchObject({ status: 'cancelled', refund_amount: 18 });
    await t.flushOutbox();
    expect(t.payments.refunds()).toBe(refunds + 1);
  });

  it("answers 404 for someone else's booking or an unknown one; an admin may cancel anyone's", async () => {
    const show = await gridShowtime(t, admin);
    const booking = await hold(t, alice, [show.seat('D3')]);
    expect((await confirm(t, alice, booking.booking_reference)).status).toBe(200);
    const refunds = t.payments.refunds();

    await expectRefused(
      t,
      'POST',
      '/api/cancel-booking',
      cancelOf(bob.token, booking.booking_reference),
      404,
      'BOOKING_NOT_FOUND',
    );
    await expectRefused(t, 'POST', '/api/cancel-booking', cancelOf(bob.token, 'ZZZZZZZZZZ'), 404, 'BOOKING_NOT_FOUND');
    await expectRefused(
      t,
      'POST',
      '/api/cancel-booking',
      cancelOf(undefined, booking.booking_reference),
      401,
      'NOT_AUTHENTICATED',
    );
    await expectRefused(t, 'POST', '/api/cancel-booking', { token: alice.token, body: {} }, 422, 'VALIDATION_FAILED');
    expect(await bookingStatus(t, alice, booking.booking_reference)).toBe('confirmed');
    expect((await seatStatuses(t, show.eventId))[show.seat('D3')]).toBe('booked');
    expect(t.payments.refunds()).toBe(refunds);

    const byAdmin = await cancel(admin, booking.booking_reference);
    expect(byAdmin.status, byAdmin.raw).toBe(200);
    expect(byAdmin.body).toMatchObject({ status: 'cancelled', refund_amount: 15, cancelled_seat_ids: [show.seat('D3')] });
    await t.flushOutbox();
    expect(t.payments.refunds()).toBe(refunds + 1);
    expect(await bookingStatus(t, alice, booking.booking_reference)).toBe('cancelled');
    expect((await seatStatuses(t, show.eventId))[show.seat('D3')]).toBe('available');
  });

  it('refuses to cancel twice, and leaves a rebooked seat alone', async () => {
    const show = await gridShowtime(t, admin);
    const booking = await hold(t, alice, [show.seat('E2')]);
    expect((await cancel(alice, booking.booking_reference)).status).toBe(200);
    const next = await hold(t, bob, [show.seat('E2')]);
    await expectRefused(
      t,
      'POST',
      '/api/cancel-booking',
      cancelOf(alice.token, booking.booking_reference),
      409,
      'BOOKING_NOT_CANCELLABLE',
    );
    expect((await seatStatuses(t, show.eventId))[show.seat('E2')]).toBe('held');
    expect(await bookingStatus(t, bob, next.booking_reference)).toBe('pending');

    // A confirmed-then-cancelled booking is not refunded twice either.
    const paid = await hold(t, alice, [show.seat('E3')]);
    expect((await confirm(t, alice, paid.booking_reference)).status).toBe(200);
    expect((await cancel(alice, paid.booking_reference)).status).toBe(200);
    await t.flushOutbox();
    const refunds = t.payments.refunds();
    await expectRefused(
      t,
      'POST',
      '/api/cancel-booking',
      cancelOf(alice.token, paid.booking_reference),
      409,
      'BOOKING_NOT_CANCELLABLE',
    );
    await t.flushOutbox();
    expect(t.payments.refunds()).toBe(refunds);
  });

  it('refuses to cancel an expired hold, whose seats may already be someone else’s', async () => {
    const show = await gridShowtime(t, admin);
    const booking = await hold(t, alice, [show.seat('C5')]);
    advance(t, HOLD_TTL_MS, alice, bob);
    const next = await hold(t, bob, [show.seat('C5')]);
    await expectRefused(
      t,
      'POST',
      '/api/cancel-booking',
      cancelOf(alice.token, booking.booking_reference),
      409,
      'BOOKING_NOT_CANCELLABLE',
    );
    expect((await seatStatuses(t, show.eventId))[show.seat('C5')]).toBe('held');
    expect(await bookingStatus(t, bob, next.booking_reference)).toBe('pending');
  });
});

describe('GET /api/bookings and /api/bookings/:ref', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it("lists only my bookings, newest first, with their details; another user's reads 404", async () => {
    const admin = await t.makeUser('admin');
    const alice = await t.makeUser('user');
    const bob = await t.makeUser('user');
    const show = await gridShowtime(t, admin);

    const first = await hold(t, alice, [show.seat('A1'), show.seat('A2')]);
    t.clock.advance(1000);
    const theirs = await hold(t, bob, [show.seat('B1')]);
    t.clock.advance(1000);
    const second = await hold(t, alice, [show.seat('E5')]);
    const paid = await confirm(t, alice, second.booking_reference);
    expect(paid.status).toBe(200);
    t.clock.advance(1000);
    const third = await hold(t, alice, [show.seat('C3')]);
    expect((await t.call('POST', '/api/cancel-booking', cancelOf(alice.token, third.booking_reference))).status).toBe(200);

    const res = await t.call('GET', '/api/bookings', { token: alice.token });
    expect(res.status).toBe(200);
    expect(res.body.map((b: { booking_reference: string }) => b.booking_reference)).toEqual([
      third.booking_reference,
      second.booking_reference,
      first.booking_reference,
    ]);
    const [cancelled, confirmed, pending] = res.body;
    const common = {
      event_id: show.eventId,
      movie_id: show.movie.id,
      movie_title: show.movie.title,
      currency: 'USD',
      user_id: alice.id,
    };
    expect(pending).toMatchObject({
      ...common,
      status: 'pending',
      seats: ['A1', 'A2'],
      seat_ids: [show.seat('A1'), show.seat('A2')],
      total_amount: 36,
      refund_amount: null,
      expires_at: first.expires_at,
      created_at: new Date(t.clock.now() - 3000).toISOString(),
      paid_at: null,
      cancelled_at: null,
      payment_id: null,
    });
    expect(confirmed).toMatchObject({
      ...common,
      status: 'confirmed',
      seats: ['E5'],
      total_amount: 12,
      paid_at: paid.body.paid_at,
      payment_id: paid.body.payment_id,
      cancelled_at: null,
    });
    expect(cancelled).toMatchObject({
      ...common,
      status: 'cancelled',
      seats: ['C3'],
      total_amount: 15,
      refund_amount: 0,
      cancelled_at: new Date(t.clock.now()).toISOString(),
    });
    for (const b of res.body) {
      expect(b.start_time).toBe(show.event.start_time);
      for (const key of ['expires_at', 'created_at']) expect(b[key]).toMatch(ISO);
      // The showtime carries its cinema's offset (UTC in this test's cinema).
      expect(b.start_time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
      expect(b.time_zone).toBe('UTC');
    }

    const bobs = await t.call('GET', '/api/bookings', { token: bob.token });
    expect(bobs.body.map((b: { booking_reference: string }) => b.booking_reference)).toEqual([theirs.booking_reference]);

    const own = await t.call('GET', `/api/bookings/${first.booking_reference}`, { token: alice.token });
    expect(own.status).toBe(200);
    expect(own.body).toEqual(pending);
    await expectRefused(t, 'GET', `/api/bookings/${first.booking_reference}`, { token: bob.token }, 404, 'BOOKING_NOT_FOUND');
    await expectRefused(t, 'GET', '/api/bookings/ZZZZZZZZZZ', { token: alice.token }, 404, 'BOOKING_NOT_FOUND');
    await expectRefused(t, 'GET', '/api/bookings', {}, 401, 'NOT_AUTHENTICATED');
    await expectRefused(t, 'GET', `/api/bookings/${first.booking_reference}`, {}, 401, 'NOT_AUTHENTICATED');

    // A user with no bookings gets an empty list.
    const carol = await t.makeUser('user');
    expect((await t.call('GET', '/api/bookings', { token: carol.token })).body).toEqual([]);
  });

  it('stores every amount as integer cents', async () => {
    const rows = await t.db.kysely.selectFrom('bookings').select(['total_amount', 'refund_amount']).execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(typeof row.total_amount).toBe('number');
      expect(Number.isInteger(row.total_amount)).toBe(true);
      if (row.refund_amount !== null) expect(Number.isInteger(row.refund_amount)).toBe(true);
    }
    expect(rows.map((r) => r.total_amount).sort((a, b) => a - b)).toEqual([1200, 1500, 1800, 3600]);
    const payments = await t.db.kysely.selectFrom('payments').select('amount').execute();
    expect(payments.map((p) => p.amount)).toEqual([1200]);
  });
});
