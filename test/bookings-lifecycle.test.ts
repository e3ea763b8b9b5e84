import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookingStore } from '../src/db/stores/booking-store.js';
import { findIntegrityProblems } from '../src/db/stores/integrity-store.js';
import { SETTLE_UNFINISHED_PAYMENTS_AFTER_MS } from '../src/services/booking-service.js';
import { advance, confirm, gridShowtime, HOLD_TTL_MS, hold, seatStatuses } from './bookings-support.js';
import { testDialect } from './helpers/database.js';
import { APPROVED_CARD, createTestApp, HOUR, type TestApp } from './helpers/test-app.js';

/**
 * The booking lifecycle through the API: partial cancellations and refunds, the refund policy's
 * cut-off and fee, and payments a crash left half-done settled with the provider.
 */

type User = Awaited<ReturnType<TestApp['makeUser']>>;
let t: TestApp;
let admin: User;
let alice: User;
let bob: User;

beforeAll(async () => {
  t = await createTestApp({ config: { refundPolicy: { cutoffMinutes: 60, feeMinor: 0, feePercent: 0 } } });
  admin = await t.makeUser('admin');
  alice = await t.makeUser('user');
  bob = await t.makeUser('user');
});
afterAll(async () => {
  await t.close();
});

const cancel = (user: User, reference: string, seatIds?: number[]) =>
  t.call('POST', '/api/cancel-booking', {
    token: user.token,
    body: { booking_reference: reference, ...(seatIds ? { seat_ids: seatIds } : {}) },
  });

async function refundsOf(reference: string) {
  return t.db.kysely
    .selectFrom('refunds as r')
    .innerJoin('bookings as b', 'b.id', 'r.booking_id')
    .select(['r.amount', 'r.status', 'r.reason', 'r.provider_refund_id'])
    .where('b.reference', '=', reference)
    .orderBy('r.id')
    .execute();
}

describe(`booking lifecycle (${testDialect()})`, () => {
  it('cancels some seats of a paid booking: only those are refunded and freed, the rest stays confirmed', async () => {
    const show = await gridShowtime(t, admin); // A-B 18, C-D 15, E 12
    const seats = [show.seat('A1'), show.seat('C1'), show.seat('E1')];
    const booking = await hold(t, alice, seats);
    expect((await confirm(t, alice, booking.booking_reference)).status).toBe(200);

    const quote = await t.call('GET', `/api/bookings/${booking.booking_reference}/cancellation?seat_ids=${show.seat('C1')}`, {
      token: alice.token,
    });
    expect(quote.body).toMatchObject({ allowed: true, refund_amount: 15, fee: 0 });
    const first = await cancel(alice, booking.booking_reference, [show.seat('C1')]);
    expect(first.status, first.raw).toBe(200);
    expect(first.body).toMatchObject({ status: 'confirmed', cancelled_seat_ids: [show.seat('C1')], refund_amount: 15, fee: 0 });
    await t.flushOutbox();
    expect(await refundsOf(booking.booking_reference)).toEqual([
      { amount: 1500, status: 'succeeded', reason: 'cancelled', provider_refund_id: expect.stringMatching(/^re_/) },
    ]);
    const detail = await t.call('GET', `/api/bookings/${booking.booking_reference}`, { token: alice.token });
    expect(detail.body).toMatchObject({ status: 'confirmed', seat_ids: [show.seat('A1'), show.seat('E1')], refund_amount: 15 });
    const statuses = await seatStatuses(t, show.eventId);
    expect([statuses[show.seat('A1')], statuses[show.seat('C1')], statuses[show.seat('E1')]]).toEqual([
      'booked',
      'available',
      'booked',
    ]);
    // The freed seat sells to someone else; the booking keeps its other two.
    await hold(t, bob, [show.seat('C1')]);

    // A seat already cancelled, or never in the booking, is refused by name.
    const again = await cancel(alice, booking.booking_reference, [show.seat('C1')]);
    expect(again.status).toBe(422);
    expect(JSON.stringify(again.body)).toMatch(/seat_ids/);
    expect((await cancel(alice, booking.booking_reference, [show.seat('B5')])).status).toBe(422);

    // Then the rest: the booking is cancelled and the whole payment has come back.
    const rest = await cancel(alice, booking.booking_reference);
    expect(rest.status, rest.raw).toBe(200);
    expect(rest.body).toMatchObject({ status: 'cancelled', refund_amount: 30 });
    await t.flushOutbox();
    const refunds = await refundsOf(booking.booking_reference);
    expect(refunds.map((r) => r.amount)).toEqual([1500, 3000]);
    const payment = await t.db.kysely
      .selectFrom('payments as p')
      .innerJoin('bookings as b', 'b.id', 'p.booking_id')
      .select(['p.status', 'b.refund_amount', 'b.total_amount'])
      .where('b.reference', '=', booking.booking_reference)
      .executeTakeFirstOrThrow();
    expect(payment).toEqual({ status: 'refunded', refund_amount: 4500, total_amount: 4500 });
    expect(await findIntegrityProblems(t.db, t.clock.now())).toEqual([]);
  });

  it('cancels an unpaid hold only whole', async () => {
    const show = await gridShowtime(t, admin);
    const booking = await hold(t, alice, [show.seat('A2'), show.seat('A3')]);
    const partial = await cancel(alice, booking.booking_reference, [show.seat('A2')]);
    expect(partial.status).toBe(409);
    expect(partial.body.detail).toMatch(/cancelled whole/);
    expect((await cancel(alice, booking.booking_reference)).body).toMatchObject({ status: 'cancelled', refund_amount: 0 });
  });

  it('two partial cancels of one booking at once: each seat refunded once, never more than was paid', async () => {
    const show = await gridShowtime(t, admin);
    const seats = [show.seat('B1'), show.seat('B2'), show.seat('B3'), show.seat('B4')];
    const booking = await hold(t, alice, seats);
    expect((await confirm(t, alice, booking.booking_reference)).status).toBe(200);
    const results = await Promise.all([
      cancel(alice, booking.booking_reference, [seats[0] as number, seats[1] as number]),
      cancel(alice, booking.booking_reference, [seats[1] as number, seats[2] as number]),
      cancel(alice, booking.booking_reference, [seats[3] as number]),
    ]);
    const ok = results.filter((r) => r.status === 200);
    // Seat 2 is in two requests: exactly one of those two wins it.
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 422]);
    await t.flushOutbox();
    const refunded = (await refundsOf(booking.booking_reference)).reduce((sum, r) => sum + r.amount, 0);
    expect(refunded).toBe(ok.reduce((sum, r) => sum + r.body.refund_amount * 100, 0));
    expect(refunded).toBeLessThanOrEqual(4 * 1800);
    expect(await findIntegrityProblems(t.db, t.clock.now())).toEqual([]);
  });
});

describe(`refund policy (${testDialect()})`, () => {
  let p: TestApp;
  let padmin: User;
  let carol: User;
  beforeAll(async () => {
    // 2.00 fixed plus 10 percent.
    p = await createTestApp({ config: { refundPolicy: { cutoffMinutes: 60, feeMinor: 200, feePercent: 10 } } });
    padmin = await p.makeUser('admin');
    carol = await p.makeUser('user');
  });
  afterAll(async () => {
    await p.close();
  });

  it('deducts the fee before the cut-off, refuses the customer after it in words, and lets an admin refund in full', async () => {
    const show = await gridShowtime(p, padmin, { hoursAhead: 3 });
    const first = await hold(p, carol, [show.seat('A1')]);
    expect((await confirm(p, carol, first.booking_reference)).status).toBe(200);
    const shown = await p.call('GET', `/api/bookings/${first.booking_reference}`, { token: carol.token });
    expect(shown.body.cancellation).toMatchObject({ allowed: true, refund_amount: 14.2, fee: 3.8 });
    const quote = await p.call('GET', `/api/bookings/${first.booking_reference}/cancellation`, { token: carol.token });
    expect(quote.body).toEqual({ allowed: true, reason: null, refund_amount: 14.2, fee: 3.8, currency: 'USD' });
    const badQuote = await p.call('GET', `/api/bookings/${first.booking_reference}/cancellation?seat_ids=1;2`, {
      token: carol.token,
    });
    expect(badQuote.status).toBe(422);
    const early = await p.call('POST', '/api/cancel-booking', {
      token: carol.token,
      body: { booking_reference: first.booking_reference },
    });
    expect(early.body).toMatchObject({ status: 'cancelled', refund_amount: 14.2, fee: 3.8 });

    const second = await hold(p, carol, [show.seat('A2')]);
    expect((await confirm(p, carol, second.booking_reference)).status).toBe(200);
    advance(p, 2 * HOUR + 1, carol, padmin);
    const late = await p.call('POST', '/api/cancel-booking', {
      token: carol.token,
      body: { booking_reference: second.booking_reference },
    });
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'BOOKING_NOT_CANCELLABLE' });
    expect(late.body.detail).toMatch(/until 60 minutes before the showtime/);
    const shownLate = await p.call('GET', `/api/bookings/${second.booking_reference}`, { token: carol.token });
    expect(shownLate.body.cancellation).toMatchObject({ allowed: false });
    const lateQuote = await p.call('GET', `/api/bookings/${second.booking_reference}/cancellation`, { token: carol.token });
    expect(lateQuote.body).toMatchObject({ allowed: false, reason: expect.stringMatching(/60 minutes before/) });
    const byAdmin = await p.call('POST', '/api/cancel-booking', {
      token: padmin.token,
      body: { booking_reference: second.booking_reference },
    });
    expect(byAdmin.body).toMatchObject({ status: 'cancelled', refund_amount: 18, fee: 0 });
    // The fee kept is accounted for: the books balance.
    await p.flushOutbox();
    expect(await findIntegrityProblems(p.db, p.clock.now())).toEqual([]);
  });
});

describe(`payments a crash left unsettled (${testDialect()})`, () => {
  /** A payment opened and sent to the provider whose request then died before the commit. */
  async function interrupted(user: User, seatIds: number[], charge: boolean) {
    const booking = await hold(t, user, seatIds);
    const store = bookingStore(t.db, { publicUrl: 'http://tickets.test' });
    const row = await store.findByReference(booking.booking_reference);
    if (!row) throw new Error('no booking');
    const started = await store.startPayment(row, t.clock.now(), 'simulated');
    if (!started.ok) throw new Error(started.code);
    if (charge) {
      const charged = await t.payments.charge({
        amount: row.total_amount,
        currency: row.currency,
        card: APPROVED_CARD,
        description: 'interrupted',
        idempotencyKey: `charge-${started.paymentId}`,
      });
      expect(charged.ok).toBe(true);
    }
    return { reference: booking.booking_reference, paymentId: started.paymentId };
  }

  const paymentStatus = async (id: number) =>
    await t.db.kysely.selectFrom('payments').select(['status', 'failure_kind']).where('id', '=', id).executeTakeFirstOrThrow();

  it('leaves a recent payment alone, then confirms a charged one and gives an uncharged one back to the customer', async () => {
    const show = await gridShowtime(t, admin);
    const charged = await interrupted(alice, [show.seat('D1')], true);
    const notCharged = await interrupted(bob, [show.seat('D2')], false);
    expect(await t.services.bookings.reconcilePayments()).toEqual({ settled: 0, failed: 0 });
    advance(t, SETTLE_UNFINISHED_PAYMENTS_AFTER_MS + 1, alice, bob, admin);
    expect(await t.services.bookings.reconcilePayments()).toEqual({ settled: 1, failed: 1 });
    expect(await paymentStatus(charged.paymentId)).toEqual({ status: 'succeeded', failure_kind: null });
    expect((await t.call('GET', `/api/bookings/${charged.reference}`, { token: alice.token })).body.status).toBe('confirmed');
    // Not charged: the attempt ended as the provider's failure, and the hold can still be paid.
    expect(await paymentStatus(notCharged.paymentId)).toEqual({ status: 'declined', failure_kind: 'provider_error' });
    expect((await confirm(t, bob, notCharged.reference)).status).toBe(200);
    expect(await findIntegrityProblems(t.db, t.clock.now())).toEqual([]);
  });

  it('settles the same success twice without a second refund or a seat for money on its way back', async () => {
    const show = await gridShowtime(t, admin);
    const store = bookingStore(t.db, { publicUrl: 'http://tickets.test' });
    const booking = await hold(t, alice, [show.seat('D4')]);
    expect((await confirm(t, alice, booking.booking_reference)).status).toBe(200);
    expect((await cancel(alice, booking.booking_reference)).status).toBe(200);
    const row = await t.db.kysely
      .selectFrom('payments as p')
      .innerJoin('bookings as b', 'b.id', 'p.booking_id')
      .select(['p.id', 'p.booking_id', 'p.amount', 'p.provider_payment_id'])
      .where('b.reference', '=', booking.booking_reference)
      .executeTakeFirstOrThrow();
    // The same news again (a second webhook, a return racing reconciliation).
    const again = await store.settlePayment({
      bookingId: row.booking_id,
      paymentId: row.id,
      providerPaymentId: row.provider_payment_id ?? '',
      amount: row.amount,
      now: t.clock.now(),
      actor: null,
    });
    expect(again).toMatchObject({ ok: true, decision: { status: 'cancelled', refund: 0, effects: [] } });
    await t.flushOutbox();
    expect((await refundsOf(booking.booking_reference)).map((r) => r.amount)).toEqual([1500]);
    expect(await findIntegrityProblems(t.db, t.clock.now())).toEqual([]);
  });

  it('asks the processor when a charge fails with an error: charged after all is confirmed, not charged is a clear 502', async () => {
    const show = await gridShowtime(t, admin);
    const charge = t.payments.charge;
    try {
      // The processor takes the money, then the answer is lost.
      t.payments.charge = async (request) => {
        await charge(request);
        throw new Error('socket hang up');
      };
      const lost = await hold(t, alice, [show.seat('E4')]);
      const paid = await confirm(t, alice, lost.booking_reference);
      expect(paid.status, paid.raw).toBe(200);
      expect(paid.body.status).toBe('confirmed');
      // The processor never got the request.
      t.payments.charge = async () => {
        throw new Error('connect ECONNREFUSED');
      };
      const refused = await hold(t, bob, [show.seat('E5')]);
      const failed = await confirm(t, bob, refused.booking_reference);
      expect(failed.status).toBe(502);
      expect(failed.body.detail).toMatch(/you have not been charged/);
    } finally {
      t.payments.charge = charge;
    }
    expect(await findIntegrityProblems(t.db, t.clock.now())).toEqual([]);
  });

  it('refunds a charged payment whose hold ran out and whose seats went to someone else, and tells the customer', async () => {
    const show = await gridShowtime(t, admin);
    const charged = await interrupted(alice, [show.seat('D3')], true);
    advance(t, HOLD_TTL_MS + 1, alice, bob, admin);
    await hold(t, bob, [show.seat('D3')]);
    expect(await t.services.bookings.reconcilePayments()).toEqual({ settled: 1, failed: 0 });
    const mails = await t.db.kysely.selectFrom('outbox').select(['kind', 'payload']).where('kind', '=', 'email').execute();
    expect(mails.some((m) => m.payload.includes(`booking-${charged.reference}-late-payment-refunded`))).toBe(true);
    await t.flushOutbox();
    expect(await refundsOf(charged.reference)).toEqual([
      { amount: 1500, status: 'succeeded', reason: 'late_payment', provider_refund_id: expect.stringMatching(/^re_/) },
    ]);
    expect((await t.call('GET', `/api/bookings/${charged.reference}`, { token: alice.token })).body.status).toBe('expired');
    expect((await seatStatuses(t, show.eventId))[show.seat('D3')]).toBe('held');
    expect(await findIntegrityProblems(t.db, t.clock.now())).toEqual([]);
  });
});
