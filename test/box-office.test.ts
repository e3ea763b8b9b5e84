import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMAIL_KIND } from '../src/core/mail.js';
import { findIntegrityProblems } from '../src/db/stores/integrity-store.js';
import { renderEmail } from '../src/services/mail/deliver.js';
import { APPROVED_CARD, createTestApp, type TestApp } from './helpers/test-app.js';

type Account = Awaited<ReturnType<TestApp['makeUser']>>;

/** The box office: shifts, counter sales through the online hold, refunds and the shift report. */
describe('box office', () => {
  let t: TestApp;
  let admin: Account;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.makeUser('admin');
  });
  afterAll(async () => t.close());

  const openShift = async (who: Account, openingFloat = 100) => {
    const res = await t.call('POST', '/api/box-office/shifts', { token: who.token, body: { opening_float: openingFloat } });
    expect(res.status, res.raw).toBe(201);
    return res.body.shift_id as number;
  };

  /** A showtime whose seats all sell at `price` (its cheapest category, so totals are easy to add up). */
  const showAt = async (price: number, totalSeats = 30) => {
    const show = await t.makeShowtime(admin, { totalSeats, price });
    const seats = await t.call('GET', `/api/events/${show.eventId}/seats`);
    const seatIds = seats.body.seats
      .filter((seat: { price: number }) => seat.price === price)
      .map((seat: { seat_id: number }) => seat.seat_id) as number[];
    return { ...show, seatIds };
  };

  const emailsOf = async (reference: string) => {
    const booking = await t.db.kysely
      .selectFrom('bookings')
      .select('id')
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    const rows = await t.db.kysely
      .selectFrom('outbox')
      .select('payload')
      .where('kind', '=', EMAIL_KIND)
      .where('topic', 'like', `%booking:${booking.id}`)
      .execute();
    // biome-ignore lint/suspicious/noExplicitAny: an email payload as the outbox stores it
    return rows.map((r) => JSON.parse(r.payload) as any);
  };

  it('customers and ushers get 403 on every box office route; without a token 401', async () => {
    const customer = await t.makeUser('user');
    const usher = await t.makeUser('usher');
    const routes: [string, string, unknown?][] = [
      ['POST', '/api/box-office/shifts', { opening_float: 10 }],
      ['GET', '/api/box-office/shifts/current'],
      ['POST', '/api/box-office/shifts/1/close', { counted_cash: 10 }],
      ['GET', '/api/box-office/shifts/1/report'],
      ['POST', '/api/box-office/sales', { event_id: 1, seat_ids: [1], payment_method: 'cash', cash_given: 20 }],
      ['POST', '/api/box-office/refunds', { booking_reference: 'ABC' }],
    ];
    for (const [method, url, body] of routes) {
      for (const who of [customer, usher]) {
        const res = await t.call(method, url, { token: who.token, ...(body ? { body } : {}) });
        expect(res.status, `${who.role} ${method} ${url}`).toBe(403);
        expect(res.body.code).toBe('FORBIDDEN');
      }
      expect((await t.call(method, url, body ? { body } : {})).status).toBe(401);
    }
  });

  it('a sale needs an open shift of the seller (409), and one shift at a time', async () => {
    const clerk = await t.makeUser('box_office');
    const show = await t.makeShowtime(admin, { totalSeats: 10, price: 12 });
    const before = await t.tableCounts();
    const sale = await t.call('POST', '/api/box-office/sales', {
      token: clerk.token,
      body: { event_id: show.eventId, seat_ids: [show.seatIds[0]], payment_method: 'cash', cash_given: 20 },
    });
    expect(sale.status, sale.raw).toBe(409);
    expect(sale.body.code).toBe('NO_OPEN_SHIFT');
    expect(await t.tableCounts()).toEqual(before);

    expect((await t.call('GET', '/api/box-office/shifts/current', { token: clerk.token })).body).toEqual({ shift: null });
    const shiftId = await openShift(clerk, 150.5);
    const again = await t.call('POST', '/api/box-office/shifts', { token: clerk.token, body: { opening_float: 10 } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('SHIFT_ALREADY_OPEN');
    const current = await t.call('GET', '/api/box-office/shifts/current', { token: clerk.token });
    expect(current.body.shift).toMatchObject({ shift_id: shiftId, staff_id: clerk.id, status: 'open', opening_float: 150.5 });

    // Another clerk's shift is not this clerk's: its report and its close are not found.
    const other = await t.makeUser('box_office');
    expect((await t.call('GET', `/api/box-office/shifts/${shiftId}/report`, { token: other.token })).status).toBe(404);
    const foreignClose = await t.call('POST', `/api/box-office/shifts/${shiftId}/close`, {
      token: other.token,
      body: { counted_cash: 0 },
    });
    expect(foreignClose.status).toBe(404);
  });

  it('refuses bad drawer amounts with a 422 naming the field', async () => {
    const clerk = await t.makeUser('box_office');
    for (const body of [{ opening_float: -1 }, { opening_float: 100_000.01 }, { opening_float: 1.005 }, {}]) {
      const res = await t.call('POST', '/api/box-office/shifts', { token: clerk.token, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.errors[0].field).toMatch(/opening_float/);
    }
    expect((await t.call('GET', '/api/box-office/shifts/current', { token: clerk.token })).body.shift).toBeNull();
  });

  it('sells for cash with change, emails the tickets to the given address only, and prints them', async () => {
    const clerk = await t.makeUser('box_office');
    const show = await showAt(12.5);
    await openShift(clerk);
    const [a, b, c] = show.seatIds as [number, number, number];

    const short = await t.call('POST', '/api/box-office/sales', {
      token: clerk.token,
      body: { event_id: show.eventId, seat_ids: [a, b], payment_method: 'cash', cash_given: 24.99 },
    });
    expect(short.status, short.raw).toBe(422);
    expect(short.body.errors[0].field).toBe('body/cash_given');
    const missing = await t.call('POST', '/api/box-office/sales', {
      token: clerk.token,
      body: { event_id: show.eventId, seat_ids: [a, b], payment_method: 'cash' },
    });
    expect(missing.status).toBe(422);
    // Nothing was held by the refused sales.
    const seats = await t.call('GET', `/api/events/${show.eventId}/seats`);
    expect(seats.body.seats.filter((s: { status: string }) => s.status !== 'available')).toEqual([]);

    const sale = await t.call('POST', '/api/box-office/sales', {
      token: clerk.token,
      body: {
        event_id: show.eventId,
        seat_ids: [a, b],
        payment_method: 'cash',
        cash_given: 30,
        customer_email: 'walk.in@example.com',
      },
    });
    expect(sale.status, sale.raw).toBe(201);
    expect(sale.body).toMatchObject({
      status: 'confirmed',
      total_amount: 25,
      cash_given: 30,
      change_due: 5,
      payment_method: 'cash',
      customer_email: 'walk.in@example.com',
    });
    expect(sale.body.tickets.map((x: { seat_id: number }) => x.seat_id).sort()).toEqual([a, b].sort());
    const emails = await emailsOf(sale.body.booking_reference);
    expect(emails).toEqual([expect.objectContaining({ template: 'booking_confirmed', to: 'walk.in@example.com' })]);
    // The customer is greeted as a customer, not by the name of the clerk whose account sold it.
    const rendered = await renderEmail(emails[0], t.deps);
    expect(rendered?.text).toContain('Hello there,');
    expect(rendered?.text).not.toContain(clerk.full_name);

    const pdf = await t.call('GET', sale.body.tickets_pdf, { token: clerk.token });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');

    // Recorded against the staff member and the shift.
    const row = await t.db.kysely
      .selectFrom('bookings')
      .select(['user_id', 'shift_id', 'payment_method', 'customer_email', 'status'])
      .where('reference', '=', sale.body.booking_reference)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      user_id: clerk.id,
      shift_id: sale.body.shift_id,
      payment_method: 'cash',
      customer_email: 'walk.in@example.com',
      status: 'confirmed',
    });

    // No address given: no email at all (not even to the clerk).
    const quiet = await t.call('POST', '/api/box-office/sales', {
      token: clerk.token,
      body: { event_id: show.eventId, seat_ids: [c], payment_method: 'cash', cash_given: 12.5 },
    });
    expect(quiet.status, quiet.raw).toBe(201);
    expect(quiet.body.change_due).toBe(0);
    expect(await emailsOf(quiet.body.booking_reference)).toEqual([]);

    // Seats sold at the counter are sold online too.
    const online = await t.makeUser('user');
    const hold = await t.call('POST', '/api/book-seats', {
      token: online.token,
      body: { event_id: show.eventId, seat_ids: [a] },
    });
    expect(hold.status).toBe(409);
    expect(hold.body.code).toBe('SEATS_UNAVAILABLE');
  });

  it('sells by card on the terminal; a declined card sells nothing and frees the seats', async () => {
    const clerk = await t.makeUser('box_office');
    const show = await showAt(10);
    await openShift(clerk);
    const charges = t.payments.charges();
    const declined = await t.call('POST', '/api/box-office/sales', {
      token: clerk.token,
      body: { event_id: show.eventId, seat_ids: [show.seatIds[0]], payment_method: 'card', card_number: '4000 0000 0000 0002' },
    });
    expect(declined.status, declined.raw).toBe(402);
    expect(declined.body.code).toBe('PAYMENT_DECLINED');
    const seats = await t.call('GET', `/api/events/${show.eventId}/seats`);
    expect(seats.body.seats.find((s: { seat_id: number }) => s.seat_id === show.seatIds[0]).status).toBe('available');

    const sale = await t.call('POST', '/api/box-office/sales', {
      token: clerk.token,
      body: { event_id: show.eventId, seat_ids: [show.seatIds[0]], payment_method: 'card' },
    });
    expect(sale.status, sale.raw).toBe(201);
    expect(sale.body).toMatchObject({ payment_method: 'card', total_amount: 10, cash_given: null, change_due: 0 });
    expect(t.payments.charges()).toBe(charges + 1);

    // A retry with the same Idempotency-Key answers the first sale again and charges nothing more.
    const body = { event_id: show.eventId, seat_ids: [show.seatIds[1]], payment_method: 'card' };
    const headers = { 'idempotency-key': 'counter-sale-retry-1' };
    const first = await t.call('POST', '/api/box-office/sales', { token: clerk.token, body, headers });
    const retry = await t.call('POST', '/api/box-office/sales', { token: clerk.token, body, headers });
    expect(first.status, first.raw).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body.booking_reference).toBe(first.body.booking_reference);
    expect(t.payments.charges()).toBe(charges + 2);
  });

  it('the shift report adds up sales and refunds by method; a closed shift takes no sale or refund (409)', async () => {
    const clerk = await t.makeUser('box_office');
    const show = await showAt(10);
    const shiftId = await openShift(clerk, 50);
    const sell = (seatIds: number[], method: 'cash' | 'card', cash?: number) =>
      t.call('POST', '/api/box-office/sales', {
        token: clerk.token,
        body: {
          event_id: show.eventId,
          seat_ids: seatIds,
          payment_method: method,
          ...(cash !== undefined ? { cash_given: cash } : {}),
        },
      });
    const s = show.seatIds;
    const cash1 = await sell([s[0] as number, s[1] as number], 'cash', 50); // 20, change 30
    const cash2 = await sell([s[2] as number], 'cash', 10); // 10
    const card1 = await sell([s[3] as number, s[4] as number, s[5] as number], 'card'); // 30
    for (const r of [cash1, cash2, card1]) expect(r.status, r.raw).toBe(201);

    // Refund one seat of the first cash sale and the whole card sale.
    const partial = await t.call('POST', '/api/box-office/refunds', {
      token: clerk.token,
      body: { booking_reference: cash1.body.booking_reference, seat_ids: [s[0]] },
    });
    expect(partial.status, partial.raw).toBe(200);
    expect(partial.body).toMatchObject({
      status: 'confirmed',
      refund_amount: 10,
      payment_method: 'cash',
      refunded_seat_ids: [s[0]],
    });
    const whole = await t.call('POST', '/api/box-office/refunds', {
      token: clerk.token,
      body: { booking_reference: card1.body.booking_reference },
    });
    expect(whole.status, whole.raw).toBe(200);
    expect(whole.body).toMatchObject({ status: 'cancelled', refund_amount: 30, payment_method: 'card' });
    const refundsBefore = t.payments.refunds();
    await t.flushOutbox();
    // The card refund goes back through the terminal's processor; cash came out of the drawer.
    expect(t.payments.refunds()).toBe(refundsBefore + 1);
    const pending = await t.db.kysely.selectFrom('refunds').select('status').where('shift_id', '=', shiftId).execute();
    expect(pending.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);

    // Refunded seats are for sale again, online too.
    const buyer = await t.makeUser('user');
    const hold = await t.call('POST', '/api/book-seats', {
      token: buyer.token,
      body: { event_id: show.eventId, seat_ids: [s[0]] },
    });
    expect(hold.status, hold.raw).toBe(201);

    // A counter sale is not cancelled online, even by its seller.
    const online = await t.call('POST', '/api/cancel-booking', {
      token: clerk.token,
      body: { booking_reference: cash2.body.booking_reference },
    });
    expect(online.status, online.raw).toBe(409);

    const report = await t.call('GET', `/api/box-office/shifts/${shiftId}/report`, { token: clerk.token });
    expect(report.status, report.raw).toBe(200);
    expect(report.body).toMatchObject({
      sales: { cash: { count: 2, amount: 30 }, card: { count: 1, amount: 30 }, total: { count: 3, amount: 60 } },
      refunds: { cash: { count: 1, amount: 10 }, card: { count: 1, amount: 30 }, total: { count: 2, amount: 40 } },
      cash_expected: 50 + 30 - 10,
      counted_cash: null,
      difference: null,
    });

    const closed = await t.call('POST', `/api/box-office/shifts/${shiftId}/close`, {
      token: clerk.token,
      body: { counted_cash: 68.5 },
    });
    expect(closed.status, closed.raw).toBe(200);
    expect(closed.body).toMatchObject({ cash_expected: 70, counted_cash: 68.5, difference: -1.5 });
    expect(closed.body.shift).toMatchObject({ status: 'closed', counted_cash: 68.5 });
    const twice = await t.call('POST', `/api/box-office/shifts/${shiftId}/close`, {
      token: clerk.token,
      body: { counted_cash: 70 },
    });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('SHIFT_CLOSED');

    // After the close: no sale and no refund, and the report stands as closed.
    const late = await sell([s[6] as number], 'cash', 10);
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('NO_OPEN_SHIFT');
    const lateRefund = await t.call('POST', '/api/box-office/refunds', {
      token: clerk.token,
      body: { booking_reference: cash2.body.booking_reference },
    });
    expect(lateRefund.status).toBe(409);
    expect(lateRefund.body.code).toBe('NO_OPEN_SHIFT');
    const after = await t.call('GET', `/api/box-office/shifts/${shiftId}/report`, { token: clerk.token });
    expect(after.body).toEqual(closed.body);
    // An admin sees any shift's report.
    expect((await t.call('GET', `/api/box-office/shifts/${shiftId}/report`, { token: admin.token })).body).toEqual(closed.body);
  });

  it('a sale already held into a shift cannot land after it closes: the store refuses a closed shift', async () => {
    const clerk = await t.makeUser('box_office');
    const show = await showAt(10);
    const shiftId = await openShift(clerk);
    // A sale half done (seats held into the shift, not yet paid) keeps the shift open.
    const held = await t.services.bookings.holdSeats({ event_id: show.eventId, seat_ids: [show.seatIds[0] as number] }, clerk, {
      shiftId,
      paymentMethod: 'cash',
      customerEmail: null,
    });
    const busy = await t.call('POST', `/api/box-office/shifts/${shiftId}/close`, {
      token: clerk.token,
      body: { counted_cash: 100 },
    });
    expect(busy.status, busy.raw).toBe(409);
    expect(busy.body.code).toBe('SALES_IN_PROGRESS');
    // Once its hold has run out it no longer counts, and the shift closes.
    t.clock.advance(t.config.holdTtlSeconds * 1000 + 1);
    const closed = await t.call('POST', `/api/box-office/shifts/${shiftId}/close`, {
      token: clerk.token,
      body: { counted_cash: 100 },
    });
    expect(closed.status, closed.raw).toBe(200);
    // A hold into the closed shift is refused by the store itself.
    await expect(
      t.services.bookings.holdSeats({ event_id: show.eventId, seat_ids: [show.seatIds[1] as number] }, clerk, {
        shiftId,
        paymentMethod: 'cash',
        customerEmail: null,
      }),
    ).rejects.toMatchObject({ code: 'SHIFT_CLOSED' });
    expect(held.status).toBe('pending');
    expect(closed.body.sales.total.count).toBe(0);
  });

  it('races many online buyers and counter sales for the same seats: each seat is sold at most once', async () => {
    const show = await showAt(10);
    const contested = show.seatIds.slice(0, 6);
    const clerks = await Promise.all([1, 2, 3].map(() => t.makeUser('box_office')));
    for (const clerk of clerks) await openShift(clerk);
    const buyers = await Promise.all(Array.from({ length: 12 }, () => t.makeUser('user')));

    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const post = async (token: string, path: string, body: unknown) => {
      const res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> & { code?: string } };
    };
    // Overlapping pairs of the contested seats, so every seat is wanted several times.
    const pair = (i: number) => [contested[i % 6] as number, contested[(i + 1) % 6] as number];
    const online = buyers.map(async (buyer, i) => {
      const hold = await post(buyer.token, '/api/book-seats', { event_id: show.eventId, seat_ids: pair(i) });
      if (hold.status !== 201) return { kind: 'online' as const, status: hold.status, code: hold.body.code, seats: pair(i) };
      const paid = await post(buyer.token, '/api/confirm-payment', {
        booking_reference: hold.body.booking_reference,
        payment: APPROVED_CARD,
      });
      return { kind: 'online' as const, status: paid.status, code: paid.body.code, seats: pair(i) };
    });
    const counter = Array.from({ length: 9 }, async (_, i) => {
      const clerk = clerks[i % 3] as Account;
      const sale = await post(clerk.token, '/api/box-office/sales', {
        event_id: show.eventId,
        seat_ids: pair(i + 3),
        payment_method: i % 2 === 0 ? 'cash' : 'card',
        cash_given: 100,
      });
      return { kind: 'counter' as const, status: sale.status, code: sale.body.code, seats: pair(i + 3) };
    });
    const results = await Promise.all([...online, ...counter]);

    const odd = results.filter((r) => r.status !== 200 && r.status !== 201 && r.code !== 'SEATS_UNAVAILABLE');
    expect(odd, 'every attempt is sold or told its seats are taken').toEqual([]);
    const sold = results.filter((r) => r.status === 200 || r.status === 201);
    expect(sold.length).toBeGreaterThan(0);
    expect(results.some((r) => r.code === 'SEATS_UNAVAILABLE')).toBe(true);
    const claimed = sold.flatMap((r) => r.seats);
    expect(new Set(claimed).size, 'no seat is in two successful sales').toBe(claimed.length);

    // The database agrees: one confirmed booking and one live ticket per sold seat, nothing else held.
    const k = t.db.kysely;
    const confirmedSeats = await k
      .selectFrom('booking_seats')
      .innerJoin('bookings', 'bookings.id', 'booking_seats.booking_id')
      .select('booking_seats.seat_id')
      .where('bookings.event_id', '=', show.eventId)
      .where('bookings.status', '=', 'confirmed')
      .execute();
    expect(confirmedSeats.map((s) => s.seat_id).sort()).toEqual([...claimed].sort());
    const liveTickets = await k
      .selectFrom('tickets')
      .select('seat_id')
      .where('event_id', '=', show.eventId)
      .where('status', '!=', 'void')
      .execute();
    expect(liveTickets.map((s) => s.seat_id).sort()).toEqual([...claimed].sort());
    const seats = await k.selectFrom('seats').select(['id', 'status']).where('event_id', '=', show.eventId).execute();
    for (const seat of seats) expect(seat.status).toBe(claimed.includes(seat.id) ? 'booked' : 'available');
    expect(await findIntegrityProblems(t.db, t.clock.now())).toEqual([]);
  }, 60_000);
});
