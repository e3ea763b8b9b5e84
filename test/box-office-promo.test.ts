import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRefused, gridShowtime } from './bookings-support.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

type Account = Awaited<ReturnType<TestApp['makeUser']>>;

/**
 * README, "Box office": a counter sale takes a promo code with the same refusals as online; the
 * discounted total is what is charged (cash change on it) and the shift report shows the
 * discounts. The default grid sells rows A-B at 18, C-D at 15, E at 12. SQLite and PostgreSQL.
 */
describe('promo codes at the box office', () => {
  let t: TestApp;
  let admin: Account;
  let clerk: Account;
  let shiftId: number;
  let serial = 0;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.makeUser('admin');
    clerk = await t.makeUser('box_office');
    const open = await t.call('POST', '/api/box-office/shifts', { token: clerk.token, body: { opening_float: 100 } });
    expect(open.status, open.raw).toBe(201);
    shiftId = open.body.shift_id;
  });
  afterAll(async () => t.close());

  async function makeCode(terms: Record<string, unknown>) {
    serial += 1;
    const res = await t.call('POST', '/api/admin/promo-codes', {
      token: admin.token,
      body: { code: `COUNTER-${serial}`, kind: 'percent', value: 10, ...terms },
    });
    expect(res.status, res.raw).toBe(201);
    return res.body as { id: number; code: string };
  }
  const uses = async (id: number) =>
    (await t.call('GET', '/api/admin/promo-codes', { token: admin.token })).body.promo_codes.find(
      (c: { id: number }) => c.id === id,
    ).uses as number;
  const sale = (body: Record<string, unknown>) => t.call('POST', '/api/box-office/sales', { token: clerk.token, body });

  it('charges the discounted total, gives change on it, and the shift report shows the discount', async () => {
    const show = await gridShowtime(t, admin);
    const code = await makeCode({ kind: 'fixed', value: 5 });
    // Two seats at 18 = 36, less 5 = 31; 31.00 exactly is enough although the seats cost more.
    const cash = await sale({
      event_id: show.eventId,
      seat_ids: [show.seat('A1'), show.seat('A2')],
      payment_method: 'cash',
      cash_given: 31,
      promo_code: ` ${code.code.toLowerCase()} `,
    });
    expect(cash.status, cash.raw).toBe(201);
    expect(cash.body).toMatchObject({
      status: 'confirmed',
      total_amount: 31,
      discount_amount: 5,
      promo_code: code.code,
      cash_given: 31,
      change_due: 0,
    });
    const pct = await makeCode({ value: 20 });
    const card = await sale({
      event_id: show.eventId,
      seat_ids: [show.seat('E1')],
      payment_method: 'card',
      promo_code: pct.code,
    });
    expect(card.status, card.raw).toBe(201);
    expect(card.body).toMatchObject({ total_amount: 9.6, discount_amount: 2.4, promo_code: pct.code, change_due: 0 });
    const change = await sale({
      event_id: show.eventId,
      seat_ids: [show.seat('C1')],
      payment_method: 'cash',
      cash_given: 20,
      promo_code: pct.code,
    });
    expect(change.body).toMatchObject({ total_amount: 12, discount_amount: 3, change_due: 8 });
    const plain = await sale({ event_id: show.eventId, seat_ids: [show.seat('E2')], payment_method: 'cash', cash_given: 12 });
    expect(plain.body).toMatchObject({ total_amount: 12, discount_amount: 0, promo_code: null });

    const charged = await t.db.kysely
      .selectFrom('payments')
      .innerJoin('bookings', 'bookings.id', 'payments.booking_id')
      .select(['bookings.reference', 'payments.amount'])
      .where('bookings.event_id', '=', show.eventId)
      .orderBy('payments.id')
      .execute();
    expect(charged.map((p) => Number(p.amount))).toEqual([3100, 960, 1200, 1200]);

    const report = await t.call('GET', `/api/box-office/shifts/${shiftId}/report`, { token: clerk.token });
    expect(report.body).toMatchObject({
      sales: { cash: { count: 3, amount: 55 }, card: { count: 1, amount: 9.6 }, total: { count: 4, amount: 64.6 } },
      promo_discounts: { count: 3, amount: 10.4 },
      cash_expected: 155,
    });
    expect(await uses(code.id)).toBe(1);
    expect(await uses(pct.id)).toBe(2);
  });

  it('refuses like online: unknown, expired, other showtime, used up, per-customer capped; nothing held or taken', async () => {
    const show = await gridShowtime(t, admin);
    const body = (promo: string) => ({
      token: clerk.token,
      body: { event_id: show.eventId, seat_ids: [show.seat('B1')], payment_method: 'cash', cash_given: 50, promo_code: promo },
    });
    const url = '/api/box-office/sales';
    const unknown = await expectRefused(t, 'POST', url, body('NO-SUCH-CODE'), 422, 'PROMO_CODE_INVALID');
    expect(unknown.body.errors[0].field).toBe('body/promo_code');
    const expired = await makeCode({ valid_until: new Date(t.clock.now() - 1000).toISOString() });
    await expectRefused(t, 'POST', url, body(expired.code), 422, 'PROMO_CODE_INVALID');
    const other = await makeCode({ event_ids: [show.eventId + 1000] });
    await expectRefused(t, 'POST', url, body(other.code), 422, 'PROMO_CODE_INVALID');
    // A walk-in cannot be counted per customer: such a code is for online only.
    const capped = await makeCode({ max_uses_per_user: 1 });
    const perCustomer = await expectRefused(t, 'POST', url, body(capped.code), 422, 'PROMO_CODE_INVALID');
    expect(perCustomer.body.detail).toMatch(/online only/);
    const once = await makeCode({ max_uses: 1 });
    const first = await sale({
      event_id: show.eventId,
      seat_ids: [show.seat('B2')],
      payment_method: 'card',
      promo_code: once.code,
    });
    expect(first.status, first.raw).toBe(201);
    await expectRefused(t, 'POST', url, body(once.code), 409, 'PROMO_CODE_USED_UP');
    const tooLong = await sale({
      event_id: show.eventId,
      seat_ids: [show.seat('B1')],
      payment_method: 'cash',
      cash_given: 50,
      promo_code: 'x'.repeat(65),
    });
    expect(tooLong.status).toBe(422);
  });

  it('cash short of the discounted total: 422 naming the amounts, the seats and the code’s use go back', async () => {
    const show = await gridShowtime(t, admin);
    const code = await makeCode({ value: 10, max_uses: 5 });
    const short = await sale({
      event_id: show.eventId,
      seat_ids: [show.seat('D1')],
      payment_method: 'cash',
      cash_given: 13.49,
      promo_code: code.code,
    });
    expect(short.status, short.raw).toBe(422);
    expect(short.body.errors[0]).toEqual({ field: 'body/cash_given', message: 'is 0.01 USD short of the total 13.5 USD' });
    expect(await uses(code.id)).toBe(0);
    const seats = await t.call('GET', `/api/events/${show.eventId}/seats`);
    expect(seats.body.seats.find((s: { seat_id: number }) => s.seat_id === show.seat('D1')).status).toBe('available');
    const paid = await t.db.kysely
      .selectFrom('payments')
      .innerJoin('bookings', 'bookings.id', 'payments.booking_id')
      .select('payments.id')
      .where('bookings.event_id', '=', show.eventId)
      .execute();
    expect(paid).toEqual([]);
  });
});
