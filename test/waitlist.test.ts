import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFFER_HOLD_MS } from '../src/core/waitlist.js';
import { advance, confirm, hold } from './bookings-support.js';
import { startSmtp, type TestSmtp } from './helpers/smtp.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * README, "Waitlist": a sold-out showtime's queue; freed seats are held for the first in line
 * whose count fits, with an email; an unpaid offer runs out and goes to the next. SQLite and PostgreSQL.
 */

let t: TestApp;
let smtp: TestSmtp;
type Account = Awaited<ReturnType<TestApp['makeUser']>>;
let admin: Account;

beforeAll(async () => {
  smtp = await startSmtp();
  t = await createTestApp({ config: { smtpUrl: smtp.url } });
  admin = await t.makeUser('admin');
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const join = (who: Account, eventId: number, count: number) =>
  t.call('POST', `/api/events/${eventId}/waitlist`, { token: who.token, body: { count } });
const place = (who: Account, eventId: number) => t.call('GET', `/api/events/${eventId}/waitlist`, { token: who.token });

/** A 2 x 3 hall, every seat sold: a sold-out showtime. */
async function soldOut() {
  const show = await t.makeShowtime(admin, { rows: 2, perRow: 3, hoursAhead: 48 });
  const buyers: { user: Account; reference: string; seatIds: number[] }[] = [];
  for (const pair of [show.seatIds.slice(0, 2), show.seatIds.slice(2, 4), show.seatIds.slice(4, 6)]) {
    const user = await t.makeUser();
    const booking = await hold(t, user, pair);
    expect((await confirm(t, user, booking.booking_reference)).status).toBe(200);
    buyers.push({ user, reference: booking.booking_reference, seatIds: pair });
  }
  return { ...show, buyers };
}

const cancelBooking = (who: Account, reference: string) =>
  t.call('POST', '/api/cancel-booking', { token: who.token, body: { booking_reference: reference } });

describe('the waitlist of a sold-out showtime', () => {
  it('queues signed-in customers in order, refuses what makes no sense, and lets them leave', async () => {
    const show = await soldOut();
    const [ann, ben, cat] = [await t.makeUser(), await t.makeUser(), await t.makeUser()];
    expect((await t.call('POST', `/api/events/${show.eventId}/waitlist`, { body: { count: 1 } })).status).toBe(401);
    const first = await join(ann, show.eventId, 2);
    expect(first.status, first.raw).toBe(201);
    expect(first.body).toMatchObject({
      event_id: show.eventId,
      count: 2,
      state: 'waiting',
      position: 1,
      booking_reference: null,
    });
    expect((await join(ben, show.eventId, 1)).body).toMatchObject({ position: 2 });
    const twice = await join(ann, show.eventId, 1);
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('ALREADY_ON_WAITLIST');
    expect((await join(cat, show.eventId, 11)).status).toBe(422);
    expect((await join(cat, show.eventId, 0)).status).toBe(422);
    expect((await join(cat, 999_999, 1)).status).toBe(404);

    // A double click: two joins by one customer at once give one place, and a 409 (not a 500).
    const dave = await t.makeUser();
    const doubled = await Promise.all([join(dave, show.eventId, 1), join(dave, show.eventId, 1), join(dave, show.eventId, 1)]);
    expect(doubled.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect(doubled.filter((r) => r.status === 409).map((r) => r.body.code)).toEqual([
      'ALREADY_ON_WAITLIST',
      'ALREADY_ON_WAITLIST',
    ]);
    expect((await t.call('DELETE', `/api/events/${show.eventId}/waitlist`, { token: dave.token })).status).toBe(204);

    // Leaving moves the next one up.
    expect((await t.call('DELETE', `/api/events/${show.eventId}/waitlist`, { token: ann.token })).status).toBe(204);
    expect((await place(ben, show.eventId)).body).toMatchObject({ state: 'waiting', position: 1 });
    expect((await place(ann, show.eventId)).body).toMatchObject({ state: 'left', position: null });
    expect((await t.call('DELETE', `/api/events/${show.eventId}/waitlist`, { token: ann.token })).status).toBe(404);

    const queue = await t.call('GET', `/api/admin/events/${show.eventId}/waitlist`, { token: admin.token });
    expect(queue.body).toMatchObject({ waiting: 1, seats_wanted: 1, offered: 0 });
    expect((await t.call('GET', `/api/admin/events/${show.eventId}/waitlist`, { token: ben.token })).status).toBe(403);
    // The admin's showtime list counts who waits, per showtime (left places do not count).
    const listed = await t.call('GET', '/api/admin/events', { token: admin.token });
    const rows = listed.body as { event_id: number; waitlist_waiting: number }[];
    expect(rows.find((e) => e.event_id === show.eventId)?.waitlist_waiting).toBe(1);
    expect(rows.filter((e) => e.event_id !== show.eventId).every((e) => e.waitlist_waiting === 0)).toBe(true);

    // Seats free now: book them instead.
    const open = await t.makeShowtime(admin, { rows: 2, perRow: 3 });
    const refused = await join(cat, open.eventId, 2);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('SEATS_AVAILABLE');
  });

  it('a cancellation holds the freed seats for the first in line whose count fits, and emails a link to pay', async () => {
    const show = await soldOut();
    const [four, two, one] = [await t.makeUser(), await t.makeUser(), await t.makeUser()];
    expect((await join(four, show.eventId, 4)).status).toBe(201);
    expect((await join(two, show.eventId, 2)).status).toBe(201);
    expect((await join(one, show.eventId, 1)).status).toBe(201);
    const [seller] = show.buyers;
    const cancelled = await cancelBooking(seller?.user as Account, seller?.reference as string);
    expect(cancelled.status, cancelled.raw).toBe(200);

    // Two seats freed: the party of four waits, the pair behind them gets both.
    const offered = await place(two, show.eventId);
    expect(offered.body).toMatchObject({ state: 'offered', position: null });
    expect(offered.body.booking_reference).toMatch(/^[A-Z0-9]{10}$/);
    expect(Date.parse(offered.body.offer_expires_at)).toBe(t.clock.now() + OFFER_HOLD_MS);
    expect((await place(four, show.eventId)).body).toMatchObject({ state: 'waiting', position: 1 });
    expect((await place(one, show.eventId)).body).toMatchObject({ state: 'waiting', position: 2 });
    const booking = await t.call('GET', `/api/bookings/${offered.body.booking_reference}`, { token: two.token });
    expect(booking.body).toMatchObject({ status: 'pending', seat_ids: seller?.seatIds });

    await t.flushOutbox();
    const mail = smtp.received.find((m) => m.envelopeTo.includes(two.email));
    const parsed = await simpleParser(mail?.raw ?? '');
    expect(parsed.subject).toMatch(/^Seats for .* are waiting for you until /);
    expect(parsed.text).toContain(`/checkout/${offered.body.booking_reference}`);

    // They pay like any hold.
    expect((await confirm(t, two, offered.body.booking_reference)).status).toBe(200);
    expect((await place(two, show.eventId)).body).toMatchObject({ state: 'booked' });
  });

  it('an offer not paid in time runs out, and its seats go to the next in line', async () => {
    const show = await soldOut();
    const [slow, next] = [await t.makeUser(), await t.makeUser()];
    await join(slow, show.eventId, 2);
    await join(next, show.eventId, 2);
    const [seller] = show.buyers;
    expect((await cancelBooking(seller?.user as Account, seller?.reference as string)).status).toBe(200);
    expect((await place(slow, show.eventId)).body.state).toBe('offered');

    advance(t, OFFER_HOLD_MS + 1000, slow, next, admin);
    await t.services.bookings.releaseExpiredHolds();
    expect((await place(slow, show.eventId)).body).toMatchObject({ state: 'lapsed' });
    const second = await place(next, show.eventId);
    expect(second.body.state).toBe('offered');
    expect((await confirm(t, next, second.body.booking_reference)).status).toBe(200);
    const queue = await t.call('GET', `/api/admin/events/${show.eventId}/waitlist`, { token: admin.token });
    expect(queue.body).toMatchObject({ waiting: 0, offered: 0 });
  });

  it('a cancelled showtime closes its queue: nobody waits for it, and nothing is offered', async () => {
    const show = await soldOut();
    const waiting = await t.makeUser();
    expect((await join(waiting, show.eventId, 1)).status).toBe(201);
    expect((await t.call('POST', `/api/admin/events/${show.eventId}/cancel`, { token: admin.token, body: {} })).status).toBe(200);
    expect((await place(waiting, show.eventId)).body).toMatchObject({ state: 'left', position: null });
    const queue = await t.call('GET', `/api/admin/events/${show.eventId}/waitlist`, { token: admin.token });
    expect(queue.body).toMatchObject({ waiting: 0, offered: 0 });
  });

  it('first come, first served when customers join at once and seats free up at once', async () => {
    const show = await soldOut();
    const waiting = await Promise.all(Array.from({ length: 8 }, () => t.makeUser()));
    // Eight join together; the queue keeps one order, every place once.
    const joined = await Promise.all(waiting.map((w) => join(w, show.eventId, 1)));
    expect(joined.map((r) => r.status)).toEqual(Array(8).fill(201));
    const order = joined.map((r, i) => ({ entry: r.body.entry_id as number, user: waiting[i] as Account }));
    order.sort((a, b) => a.entry - b.entry);
    // All three bookings (six seats) cancelled at the same moment.
    const cancels = await Promise.all(show.buyers.map((b) => cancelBooking(b.user, b.reference)));
    expect(cancels.map((r) => r.status)).toEqual([200, 200, 200]);

    const states = await Promise.all(order.map((o) => place(o.user, show.eventId)));
    // The first six in the queue got one seat each; the last two still wait, in order.
    expect(states.map((s) => s.body.state)).toEqual([...Array(6).fill('offered'), 'waiting', 'waiting']);
    expect(states.slice(6).map((s) => s.body.position)).toEqual([1, 2]);
    const offeredSeats = await t.db.kysely
      .selectFrom('seats')
      .select(['id', 'booking_id'])
      .where('event_id', '=', show.eventId)
      .execute();
    const holders = new Set(offeredSeats.map((s) => s.booking_id));
    expect(offeredSeats.every((s) => s.booking_id !== null)).toBe(true);
    expect(holders.size).toBe(6);
  });
});
