import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findIntegrityProblems, findMoneyTotals } from '../src/db/stores/integrity-store.js';
import { advance, confirm, gridShowtime, hold } from './bookings-support.js';
import { createTestApp, HOUR, type TestApp } from './helpers/test-app.js';

type Account = Awaited<ReturnType<TestApp['makeUser']>>;

/**
 * README, "Box office": when the cinema cancels a showtime, a cash sale's refund is owed at the
 * counter until a clerk pays it out from an open shift (that shift's report counts it, so the
 * drawer's expected cash is right); card sales, online or at the counter, go back to the card.
 * SQLite and PostgreSQL.
 */
describe('cash sales of a cancelled showtime', () => {
  let t: TestApp;
  let admin: Account;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.makeUser('admin');
  });
  afterAll(async () => t.close());

  const openShift = async (who: Account, openingFloat: number) => {
    const res = await t.call('POST', '/api/box-office/shifts', { token: who.token, body: { opening_float: openingFloat } });
    expect(res.status, res.raw).toBe(201);
    return res.body.shift_id as number;
  };
  const sell = async (who: Account, eventId: number, seatIds: number[], method: 'cash' | 'card', cash?: number) => {
    const res = await t.call('POST', '/api/box-office/sales', {
      token: who.token,
      body: { event_id: eventId, seat_ids: seatIds, payment_method: method, ...(cash !== undefined ? { cash_given: cash } : {}) },
    });
    expect(res.status, res.raw).toBe(201);
    return res.body as { booking_reference: string; total_amount: number };
  };
  const payOut = (who: Account, reference: string, extra: Record<string, unknown> = {}) =>
    t.call('POST', '/api/box-office/refunds', { token: who.token, body: { booking_reference: reference, ...extra } });
  const progress = async (eventId: number) => {
    const res = await t.call('GET', `/api/admin/events/${eventId}/cancellation`, { token: admin.token });
    expect(res.status, res.raw).toBe(200);
    return res.body;
  };
  const report = async (who: Account, shiftId: number) =>
    (await t.call('GET', `/api/box-office/shifts/${shiftId}/report`, { token: who.token })).body;
  const refundRows = (reference: string) =>
    t.db.kysely
      .selectFrom('refunds')
      .innerJoin('bookings', 'bookings.id', 'refunds.booking_id')
      .innerJoin('payments', 'payments.id', 'refunds.payment_id')
      .select(['refunds.status', 'refunds.shift_id', 'refunds.amount', 'payments.status as payment_status'])
      .where('bookings.reference', '=', reference)
      .execute();

  it('owes cash until a clerk pays it out from an open shift; cards go back to the card', async () => {
    const show = await gridShowtime(t, admin, { hoursAhead: 3 });
    const seller = await t.makeUser('box_office');
    const payer = await t.makeUser('box_office');
    const buyer = await t.makeUser();
    const sellerShift = await openShift(seller, 100);
    // Row E costs 12, rows A-B 18.
    const cash = await sell(seller, show.eventId, [show.seat('E1'), show.seat('E2')], 'cash', 30); // 24
    const card = await sell(seller, show.eventId, [show.seat('A1')], 'card'); // 18
    const online = await hold(t, buyer, [show.seat('B1')]);
    expect((await confirm(t, buyer, online.booking_reference)).status).toBe(200);
    await t.flushOutbox();
    const providerRefundsBefore = t.payments.refunds();

    const cancelled = await t.call('POST', `/api/admin/events/${show.eventId}/cancel`, { token: admin.token, body: {} });
    expect(cancelled.status, cancelled.raw).toBe(200);
    await t.flushOutbox();

    // The two card payments went back through the processor; the cash did not "settle" by itself.
    expect(t.payments.refunds() - providerRefundsBefore).toBe(2);
    expect(await refundRows(cash.booking_reference)).toEqual([
      { status: 'pending', shift_id: null, amount: 2400, payment_status: 'succeeded' },
    ]);
    expect((await progress(show.eventId)).refunds).toEqual({
      count: 3,
      settled: 2,
      pending: 0,
      awaiting_counter: 1,
      amount: 60,
      amount_settled: 36,
      amount_awaiting_counter: 24,
    });
    expect((await progress(show.eventId)).complete).toBe(false);

    // The booking says what is owed; the card sale owes nothing at the counter.
    const view = await t.call('GET', `/api/bookings/${cash.booking_reference}`, { token: seller.token });
    expect(view.body).toMatchObject({ status: 'cancelled', cancel_reason: 'show_cancelled', cash_refund_due: 24 });
    const cardView = await t.call('GET', `/api/bookings/${card.booking_reference}`, { token: seller.token });
    expect(cardView.body.cash_refund_due).toBe(0);

    // Nothing left any drawer yet: the seller's shift expects the float plus the cash sale.
    expect(await report(seller, sellerShift)).toMatchObject({
      refunds: { cash: { count: 0, amount: 0 } },
      cash_expected: 124,
    });

    // Owed money that has waited an hour is not an integrity problem; it counts as given back.
    advance(t, HOUR, admin, seller, payer, buyer);
    expect(await findIntegrityProblems(t.db, t.clock.now())).toEqual([]);
    expect((await findMoneyTotals(t.db)).owedAtCounter).toBe(2400);

    // Any clerk looks the sale up at their counter (not only its seller); an online booking is not a counter sale.
    const lookup = (reference: string) => t.call('GET', `/api/box-office/sales/${reference}/cash-refund`, { token: payer.token });
    const owed = await lookup(cash.booking_reference.toLowerCase());
    expect(owed.status, owed.raw).toBe(200);
    expect(owed.body).toEqual({
      booking_reference: cash.booking_reference,
      status: 'cancelled',
      payment_method: 'cash',
      seats: ['E1', 'E2'],
      cash_refund_due: 24,
      currency: 'USD',
    });
    expect((await lookup(card.booking_reference)).body).toMatchObject({ payment_method: 'card', cash_refund_due: 0 });
    expect((await lookup(online.booking_reference)).status).toBe(404);
    expect((await lookup('NOSUCHREF')).status).toBe(404);
    expect(
      (await t.call('GET', `/api/box-office/sales/${cash.booking_reference}/cash-refund`, { token: buyer.token })).status,
    ).toBe(403);

    // Paying out needs an open shift; a card sale is not paid out in cash (it was refunded already).
    const noShift = await payOut(payer, cash.booking_reference);
    expect(noShift.status, noShift.raw).toBe(409);
    expect(noShift.body.code).toBe('NO_OPEN_SHIFT');
    const payerShift = await openShift(payer, 50);
    const cardAgain = await payOut(payer, card.booking_reference);
    expect(cardAgain.status).toBe(409);
    expect(cardAgain.body.code).toBe('BOOKING_NOT_CANCELLABLE');
    const withSeats = await payOut(payer, cash.booking_reference, { seat_ids: [show.seat('E1')] });
    expect(withSeats.status).toBe(422);
    expect(withSeats.body.errors[0].field).toBe('body/seat_ids');

    // Any clerk pays it out, from their own drawer, once.
    const paid = await payOut(payer, cash.booking_reference.toLowerCase());
    expect(paid.status, paid.raw).toBe(200);
    expect(paid.body).toMatchObject({
      booking_reference: cash.booking_reference,
      status: 'cancelled',
      shift_id: payerShift,
      refund_amount: 24,
      payment_method: 'cash',
    });
    expect((await lookup(cash.booking_reference)).body.cash_refund_due).toBe(0);
    const twice = await payOut(payer, cash.booking_reference);
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('BOOKING_NOT_CANCELLABLE');

    expect(await refundRows(cash.booking_reference)).toEqual([
      { status: 'succeeded', shift_id: payerShift, amount: 2400, payment_status: 'refunded' },
    ]);
    expect(await report(payer, payerShift)).toMatchObject({
      sales: { total: { count: 0 } },
      refunds: { cash: { count: 1, amount: 24 }, card: { count: 0, amount: 0 } },
      cash_expected: 50 - 24,
    });
    expect((await report(seller, sellerShift)).cash_expected).toBe(124);
    const after = await progress(show.eventId);
    expect(after.refunds).toMatchObject({ settled: 3, pending: 0, awaiting_counter: 0, amount_awaiting_counter: 0 });
    expect(after.complete).toBe(true);
    expect((await t.call('GET', `/api/bookings/${cash.booking_reference}`, { token: seller.token })).body.cash_refund_due).toBe(
      0,
    );
    // The outbox has nothing to send for cash, before or after.
    await t.flushOutbox();
    expect(t.payments.refunds() - providerRefundsBefore).toBe(2);
    expect(await findIntegrityProblems(t.db, t.clock.now())).toEqual([]);
    expect((await findMoneyTotals(t.db)).owedAtCounter).toBe(0);

    const audit = await t.call('GET', '/api/admin/audit?limit=50', { token: admin.token });
    expect(audit.body.find((e: { action: string }) => e.action === 'box_office.cash_refund_paid')).toMatchObject({
      actor_email: payer.email,
      details: { amount: 2400 },
    });
  });

  it('two clerks paying out the same cash refund at once: it is paid once, from one drawer', async () => {
    const show = await gridShowtime(t, admin, { hoursAhead: 3 });
    const seller = await t.makeUser('box_office');
    await openShift(seller, 0);
    const cash = await sell(seller, show.eventId, [show.seat('C1')], 'cash', 15);
    expect((await t.call('POST', `/api/admin/events/${show.eventId}/cancel`, { token: admin.token, body: {} })).status).toBe(200);
    const clerks = [seller, await t.makeUser('box_office'), await t.makeUser('box_office')];
    for (const clerk of clerks.slice(1)) await openShift(clerk, 0);
    const results = await Promise.all(clerks.map((clerk) => payOut(clerk, cash.booking_reference)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const rows = await refundRows(cash.booking_reference);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'succeeded', amount: 1500 });
    expect(await findIntegrityProblems(t.db, t.clock.now())).toEqual([]);
  });
});
