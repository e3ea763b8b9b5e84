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
import { APPROVED_CARD, createTestApp, DECLINED_CARD, type TestApp } from './helpers/test-app.js';

type User = Awaited<ReturnType<TestApp['makeUser']>>;

const pay = (token: string | undefined, reference: unknown, card: unknown = APPROVED_CARD) => ({
  ...(token ? { token } : {}),
  body: { booking_reference: reference, payment: card },
});

describe('POST /api/confirm-payment', () => {
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

  it('charges once, confirms the booking and books the seats', async () => {
    const show = await gridShowtime(t, admin);
    const seats = [show.seat('A1'), show.seat('E5')];
    const booking = await hold(t, alice, seats);
    const charges = t.payments.charges();
    t.clock.advance(30_000);

    const res = await confirm(t, alice, booking.booking_reference);
    expect(res.status, res.raw).toBe(200);
    expect(res.body).toMatchObject({
      booking_reference: booking.booking_reference,
      status: 'confirmed',
      total_amount: 30,
      currency: 'USD',
      paid_at: new Date(t.clock.now()).toISOString(),
      payment_id: expect.stringMatching(/\S/),
    });
    expect(res.body.paid_at).toMatch(ISO);
    expect([...res.body.seat_ids].sort((a, b) => a - b)).toEqual([...seats].sort((a, b) => a - b));
    expect(t.payments.charges()).toBe(charges + 1);

    const statuses = await seatStatuses(t, show.eventId);
    expect(seats.map((id) => statuses[id])).toEqual(['booked', 'booked']);
    const detail = await t.call('GET', `/api/bookings/${booking.booking_reference}`, { token: alice.token });
    expect(detail.body).toMatchObject({ status: 'confirmed', payment_id: res.body.payment_id, paid_at: res.body.paid_at });
    const payment = await t.db.kysely
      .selectFrom('payments')
      .selectAll()
      .where('provider_payment_id', '=', res.body.payment_id)
      .execute();
    expect(payment).toHaveLength(1);
    expect(payment[0]).toMatchObject({ status: 'succeeded', amount: 3000 });
  });

  it('returns the same result when confirmed again, without a second charge, even after the hold time', async () => {
    const show = await gridShowtime(t, admin);
    const booking = await hold(t, alice, [show.seat('C2')]);
    const charges = t.payments.charges();
    const first = await confirm(t, alice, booking.booking_reference);
    expect(first.status, first.raw).toBe(200);
    expect(t.payments.charges()).toBe(charges + 1);

    const before = await t.tableCounts();
    const again = await confirm(t, alice, booking.booking_reference);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      status: 'confirmed',
      payment_id: first.body.payment_id,
      paid_at: first.body.paid_at,
      total_amount: 15,
      seat_ids: first.body.seat_ids,
    });
    // A different (even declined) card on a repeat changes nothing either.
    const declinedRepeat = await confirm(t, alice, booking.booking_reference, DECLINED_CARD);
    expect(declinedRepeat.status).toBe(200);
    expect(declinedRepeat.body.payment_id).toBe(first.body.payment_id);

    advance(t, HOLD_TTL_MS * 2, alice);
    await t.services.bookings.releaseExpiredHolds();
    const late = await confirm(t, alice, booking.booking_reference);
    expect(late.status).toBe(200);
    expect(late.body.payment_id).toBe(first.body.payment_id);
    expect(t.payments.charges()).toBe(charges + 1);
    expect(await t.tableCounts()).toEqual(before);
    expect((await seatStatuses(t, show.eventId))[show.seat('C2')]).toBe('booked');
    expect(await bookingStatus(t, alice, booking.booking_reference)).toBe('confirmed');
  });

  it('refuses a Luhn-invalid number or an expired card with 422, charging nothing', async () => {
    const show = await gridShowtime(t, admin);
    const booking = await hold(t, alice, [show.seat('B1')]);
    const charges = t.payments.charges();
    const now = new Date(t.clock.now());
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
    const cards: [Record<string, unknown>, string][] = [
      [{ ...APPROVED_CARD, card_number: '4242 4242 4242 4241' }, 'payment/card_number'],
      [{ ...APPROVED_CARD, card_number: '1234' }, 'payment/card_number'],
      [{ ...APPROVED_CARD, exp_month: 1, exp_year: 2030 }, 'payment/exp_year'],
      [{ ...APPROVED_CARD, exp_month: 12, exp_year: 99 }, 'payment/exp_year'],
      [{ ...APPROVED_CARD, exp_month: lastMonth.getUTCMonth() + 1, exp_year: lastMonth.getUTCFullYear() }, 'payment/exp_year'],
    ];
    for (const [card, field] of cards) {
      const res = await expectRefused(
        t,
        'POST',
        '/api/confirm-payment',
        pay(alice.token, booking.booking_reference, card),
        422,
        'VALIDATION_FAILED',
      );
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
    expect(t.payments.charges()).toBe(charges);
    expect(await bookingStatus(t, alice, booking.booking_reference)).toBe('pending');
    expect((await seatStatuses(t, show.eventId))[show.seat('B1')]).toBe('held');
    // The card valid through this month still works.
    const thisMonth = { ...APPROVED_CARD, exp_month: now.getUTCMonth() + 1, exp_year: now.getUTCFullYear() };
    expect((await confirm(t, alice, booking.booking_reference, thisMonth)).status).toBe(200);
  });

  it('refuses malformed bodies with 422', async () => {
    const show = await gridShowtime(t, admin);
    const booking = await hold(t, alice, [show.seat('B2')]);
    const ref = booking.booking_reference;
    const bodies: unknown[] = [
      {},
      { booking_reference: ref },
      { booking_reference: ref, payment: { ...APPROVED_CARD, exp_month: 13 } },
      { booking_reference: ref, payment: { ...APPROVED_CARD, exp_month: '12' } },
      { booking_reference: ref, payment: { ...APPROVED_CARD, cvc: '' } },
      { booking_reference: '', payment: APPROVED_CARD },
    ];
    for (const body of bodies) {
      await expectRefused(t, 'POST', '/api/confirm-payment', { token: alice.token, body }, 422, 'VALIDATION_FAILED');
    }
    await expectRefused(t, 'POST', '/api/confirm-payment', pay(undefined, ref), 401, 'NOT_AUTHENTICATED');
    expect(await bookingStatus(t, alice, ref)).toBe('pending');
  });

  it('keeps the booking pending after a decline (402), then a valid card confirms it', async () => {
    const show = await gridShowtime(t, admin);
    const booking = await hold(t, alice, [show.seat('D1'), show.seat('D2')]);
    const charges = t.payments.charges();
    const before = await t.tableCounts();

    const declined = await confirm(t, alice, booking.booking_reference, DECLINED_CARD);
    expect(declined.status, declined.raw).toBe(402);
    expect(declined.body).toMatchObject({ code: 'PAYMENT_DECLINED', detail: expect.any(String) });
    expect(t.payments.charges()).toBe(charges);
    expect(await bookingStatus(t, alice, booking.booking_reference)).toBe('pending');
    const afterDecline = await t.tableCounts();
    // Only the record of the declined attempt is new; no booking or seat changed.
    expect({ ...afterDecline, payments: 0 }).toEqual({ ...before, payments: 0 });
    const statuses = await seatStatuses(t, show.eventId);
    expect([statuses[show.seat('D1')], statuses[show.seat('D2')]]).toEqual(['held', 'held']);

    const ok = await confirm(t, alice, booking.booking_reference);
    expect(ok.status, ok.raw).toBe(200);
    expect(ok.body.status).toBe('confirmed');
    expect(t.payments.charges()).toBe(charges + 1);
    expect(await bookingStatus(t, alice, booking.booking_reference)).toBe('confirmed');
  });

  it("answers 404 for someone else's booking and for an unknown reference, changing nothing", async () => {
    const show = await gridShowtime(t, admin);
    const booking = await hold(t, alice, [show.seat('A3')]);
    const charges = t.payments.charges();
    const theirs = await expectRefused(
      t,
      'POST',
      '/api/confirm-payment',
      pay(bob.token, booking.booking_reference),
      404,
      'BOOKING_NOT_FOUND',
    );
    const unknown = await expectRefused(
      t,
      'POST',
      '/api/confirm-payment',
      pay(bob.token, 'ZZZZZZZZZZ'),
      404,
      'BOOKING_NOT_FOUND',
    );
    // The two answers cannot be told apart apart from the reference they name.
    expect(theirs.body.detail.replace(booking.booking_reference, 'X')).toBe(unknown.body.detail.replace('ZZZZZZZZZZ', 'X'));
    // Not even an admin may pay for another user's booking.
    await expectRefused(t, 'POST', '/api/confirm-payment', pay(admin.token, booking.booking_reference), 404, 'BOOKING_NOT_FOUND');
    expect(t.payments.charges()).toBe(charges);
    expect(await bookingStatus(t, alice, booking.booking_reference)).toBe('pending');
    expect((await seatStatuses(t, show.eventId))[show.seat('A3')]).toBe('held');
  });

  it('refuses to confirm a cancelled booking', async () => {
    const show = await gridShowtime(t, admin);
    const booking = await hold(t, alice, [show.seat('A4')]);
    const cancelled = await t.call('POST', '/api/cancel-booking', {
      token: alice.token,
      body: { booking_reference: booking.booking_reference },
    });
    expect(cancelled.status).toBe(200);
    const charges = t.payments.charges();
    await expectRefused(t, 'POST', '/api/confirm-payment', pay(alice.token, booking.booking_reference), 409, 'BOOKING_CANCELLED');
    expect(t.payments.charges()).toBe(charges);
    expect((await seatStatuses(t, show.eventId))[show.seat('A4')]).toBe('available');
  });
});

describe('hold expiry on the controllable clock', () => {
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

  it('still confirms a millisecond before the hold runs out', async () => {
    const show = await gridShowtime(t, admin);
    const booking = await hold(t, alice, [show.seat('B5')]);
    t.clock.advance(HOLD_TTL_MS - 1);
    const res = await confirm(t, alice, booking.booking_reference);
    expect(res.status, res.raw).toBe(200);
    expect((await seatStatuses(t, show.eventId))[show.seat('B5')]).toBe('booked');
  });

  it('releases the seats to the next buyer, reads expired and refuses a late confirm', async () => {
    const show = await gridShowtime(t, admin);
    const seats = [show.seat('C1'), show.seat('C2')];
    const booking = await hold(t, alice, seats);
    const charges = t.payments.charges();

    advance(t, HOLD_TTL_MS, alice, bob);
    // Nobody has read or swept anything: the next buyer gets the seats at once.
    const next = await hold(t, bob, seats);
    expect(next.seat_ids.sort((a, b) => a - b)).toEqual([...seats].sort((a, b) => a - b));
    expect(await bookingStatus(t, alice, booking.booking_reference)).toBe('expired');

    const late = await expectRefused(
      t,
      'POST',
      '/api/confirm-payment',
      pay(alice.token, booking.booking_reference),
      409,
      'HOLD_EXPIRED',
    );
    expect(late.body.detail).toMatch(/expired/i);
    expect(t.payments.charges()).toBe(charges);

    // Bob's hold is untouched by Alice's attempt; he can pay for the seats.
    const statuses = await seatStatuses(t, show.eventId);
    expect(seats.map((id) => statuses[id])).toEqual(['held', 'held']);
    expect(await bookingStatus(t, alice, booking.booking_reference)).toBe('expired');
    const paid = await confirm(t, bob, next.booking_reference);
    expect(paid.status, paid.raw).toBe(200);
    expect(t.payments.charges()).toBe(charges + 1);
    // Alice's list still shows her booking as expired, not as Bob's confirmed one.
    const mine = await t.call('GET', '/api/bookings', { token: alice.token });
    expect(mine.body.find((b: { booking_reference: string }) => b.booking_reference === booking.booking_reference)?.status).toBe(
      'expired',
    );
  });

  it('refuses a late confirm with 409 HOLD_EXPIRED when nobody took the seats, charging nothing', async () => {
    const show = await gridShowtime(t, admin);
    const booking = await hold(t, alice, [show.seat('D4')]);
    const charges = t.payments.charges();
    advance(t, HOLD_TTL_MS + 1, alice);
    expect(await bookingStatus(t, alice, booking.booking_reference)).toBe('expired');
    const res = await confirm(t, alice, booking.booking_reference);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'HOLD_EXPIRED', detail: expect.any(String) });
    expect(t.payments.charges()).toBe(charges);
    expect((await seatStatuses(t, show.eventId))[show.seat('D4')]).toBe('available');
    expect(await bookingStatus(t, alice, booking.booking_reference)).toBe('expired');
    // And again, after the sweeper has run.
    await t.services.bookings.releaseExpiredHolds();
    const row = await t.db.kysely
      .selectFrom('bookings')
      .select('status')
      .where('reference', '=', booking.booking_reference)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('expired');
    expect((await confirm(t, alice, booking.booking_reference)).status).toBe(409);
    expect(t.payments.charges()).toBe(charges);
  });
});
