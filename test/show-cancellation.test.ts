import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advance, confirm, gridShowtime, hold, seatStatuses } from './bookings-support.js';
import { startSmtp, type TestSmtp } from './helpers/smtp.js';
import { createTestApp, HOUR, type TestApp } from './helpers/test-app.js';

/**
 * README, "Cancelling a showtime": an admin cancels a showtime with bookings; sales stop, tickets
 * are voided, every paid booking is refunded in full through the payment provider and every
 * customer emailed, through the outbox; the admin follows the progress. SQLite and PostgreSQL.
 */

let t: TestApp;
let smtp: TestSmtp;
type Account = Awaited<ReturnType<TestApp['makeUser']>>;
let admin: Account;
let usher: Account;

beforeAll(async () => {
  smtp = await startSmtp();
  t = await createTestApp({ config: { smtpUrl: smtp.url } });
  admin = await t.makeUser('admin');
  usher = await t.makeUser('usher');
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const cancelShow = (eventId: number, body: Record<string, unknown> = {}, who: Account = admin) =>
  t.call('POST', `/api/admin/events/${eventId}/cancel`, { token: who.token, body });
const progress = (eventId: number) => t.call('GET', `/api/admin/events/${eventId}/cancellation`, { token: admin.token });

/** The messages the SMTP server received for this address, parsed. */
const mailsTo = async (address: string) =>
  Promise.all(smtp.received.filter((m) => m.envelopeTo.includes(address)).map((m) => simpleParser(m.raw)));

describe('cancelling a showtime with bookings', () => {
  it('cancels every live booking, voids tickets, refunds paid ones in full and emails every customer', async () => {
    const show = await gridShowtime(t, admin, { hoursAhead: 1 });
    const paid = await t.makeUser();
    const holding = await t.makeUser();
    const lapsed = await t.makeUser();
    const paidBooking = await hold(t, paid, [show.seat('A1'), show.seat('A2')]);
    expect((await confirm(t, paid, paidBooking.booking_reference)).status).toBe(200);
    // A hold that runs out before the cancellation: left to expire, nobody to email.
    const lapsedBooking = await hold(t, lapsed, [show.seat('E5')]);
    const tickets = (await t.call('GET', `/api/bookings/${paidBooking.booking_reference}/tickets`, { token: paid.token }))
      .body as { ticket_id: number; qr: string; status: string }[];
    expect(tickets.map((x) => x.status)).toEqual(['valid', 'valid']);
    await t.flushOutbox(); // the confirmation email
    const refundsBefore = t.payments.refunds();

    // Ten minutes before the film: past the customer's own cancellation cutoff; the cinema refunds anyway.
    advance(t, 50 * 60_000, admin, paid, holding, usher, lapsed);
    const heldBooking = await hold(t, holding, [show.seat('C3')]);

    expect((await cancelShow(show.eventId, {}, paid)).status).toBe(403);
    expect((await cancelShow(show.eventId, {}, usher)).status).toBe(403);
    const res = await cancelShow(show.eventId, { note: '  The projector broke down.  ' });
    expect(res.status, res.raw).toBe(200);
    expect(res.body).toMatchObject({
      event_id: show.eventId,
      note: 'The projector broke down.',
      bookings_cancelled: 2,
      refunds: { count: 1, settled: 0, pending: 1, amount: 36, amount_settled: 0 },
      emails: { count: 2, sent: 0, pending: 2 },
      complete: false,
    });

    // Sales stop at once: no hold, no listing; the showtime itself says so.
    const again = await t.call('POST', '/api/book-seats', { token: paid.token, body: { seat_ids: [show.seat('B1')] } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('SHOWTIME_CANCELLED');
    const listing = await t.call('GET', '/api/events');
    expect(listing.body.map((e: { event_id: number }) => e.event_id)).not.toContain(show.eventId);
    const detail = await t.call('GET', `/api/events/${show.eventId}`);
    expect(detail.body).toMatchObject({ cancelled: true, cancel_note: 'The projector broke down.' });
    expect(Object.values(await seatStatuses(t, show.eventId))).toEqual(Array(25).fill('available'));

    // Tickets are void at the door; the customers' bookings say why.
    const voided = (await t.call('GET', `/api/bookings/${paidBooking.booking_reference}/tickets`, { token: paid.token }))
      .body as { status: string }[];
    expect(voided.map((x) => x.status)).toEqual(['void', 'void']);
    const scanned = await t.call('POST', '/api/staff/check-in', {
      token: usher.token,
      body: { code: (tickets[0] as { qr: string }).qr },
    });
    expect(scanned.status).toBe(409);
    expect(scanned.body.result).toBe('void');
    const paidView = await t.call('GET', `/api/bookings/${paidBooking.booking_reference}`, { token: paid.token });
    expect(paidView.body).toMatchObject({ status: 'cancelled', cancel_reason: 'show_cancelled', refund_amount: 36 });
    const heldView = await t.call('GET', `/api/bookings/${heldBooking.booking_reference}`, { token: holding.token });
    expect(heldView.body).toMatchObject({ status: 'cancelled', cancel_reason: 'show_cancelled' });
    const lapsedView = await t.call('GET', `/api/bookings/${lapsedBooking.booking_reference}`, { token: lapsed.token });
    expect(lapsedView.body).toMatchObject({ status: 'expired', cancel_reason: null });
    // The held booking cannot be paid any more.
    expect((await confirm(t, holding, heldBooking.booking_reference)).status).toBe(409);

    // The outbox sends the refund to the provider and the emails; progress reaches complete.
    await t.flushOutbox();
    expect(t.payments.refunds() - refundsBefore).toBe(1);
    const done = await progress(show.eventId);
    expect(done.body).toMatchObject({
      bookings_cancelled: 2,
      refunds: { count: 1, settled: 1, pending: 0, amount: 36, amount_settled: 36 },
      emails: { count: 2, sent: 2, pending: 0, failing: 0 },
      complete: true,
    });
    const [paidMail] = (await mailsTo(paid.email)).filter((m) => m.subject?.startsWith('Cancelled by the cinema'));
    expect(paidMail?.text).toContain('The cinema says: The projector broke down.');
    expect(paidMail?.text).toContain('We have refunded');
    expect(paidMail?.text).toContain(paidBooking.booking_reference);
    const [heldMail] = (await mailsTo(holding.email)).filter((m) => m.subject?.startsWith('Cancelled by the cinema'));
    expect(heldMail?.text).toContain('nothing to refund');

    // One entry for the showtime, one per booking, in the audit log.
    const audit = await t.call('GET', '/api/admin/audit?limit=50', { token: admin.token });
    const showEntry = audit.body.find(
      (e: { action: string; target_id: string }) => e.action === 'showtime.cancel' && e.target_id === String(show.eventId),
    );
    expect(showEntry).toMatchObject({ actor_email: admin.email, details: { bookings: 2, refund_total: 3600 } });
    const bookingEntries = audit.body.filter(
      (e: { action: string; details: { reason?: string } }) =>
        e.action === 'booking.cancel' && e.details.reason === 'show_cancelled',
    );
    expect(bookingEntries).toHaveLength(2);
    expect((await mailsTo(lapsed.email)).filter((m) => m.subject?.startsWith('Cancelled'))).toEqual([]);

    // Nothing active is left: the admin may now delete it; the hall is free for another showtime.
    expect((await t.call('DELETE', `/api/admin/events/${show.eventId}`, { token: admin.token })).status).toBe(204);
  });

  it('refuses a second cancellation, an ended showtime, an unknown one and an over-long note; progress only for a cancelled one', async () => {
    const show = await gridShowtime(t, admin, { hoursAhead: 3 });
    expect((await progress(show.eventId)).status).toBe(404);
    const tooLong = await cancelShow(show.eventId, { note: 'x'.repeat(501) });
    expect(tooLong.status).toBe(422);
    expect(tooLong.raw).toContain('note');
    expect((await cancelShow(show.eventId)).status).toBe(200);
    const twice = await cancelShow(show.eventId);
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('SHOWTIME_CANCELLED');
    expect((await progress(show.eventId)).body).toMatchObject({ bookings_cancelled: 0, complete: true, note: null });
    expect((await cancelShow(999_999)).status).toBe(404);

    const ended = await gridShowtime(t, admin, { hoursAhead: 1 });
    advance(t, 4 * HOUR, admin);
    const late = await cancelShow(ended.eventId);
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('SHOWTIME_ENDED');
  });

  it('never leaves a live booking on a cancelled showtime while customers race to hold its seats', async () => {
    const show = await gridShowtime(t, admin, { hoursAhead: 5 });
    const buyers = await Promise.all(show.seatIds.map(() => t.makeUser()));
    const holds = buyers.map((buyer, i) =>
      t.call('POST', '/api/book-seats', { token: buyer.token, body: { seat_ids: [show.seatIds[i]] } }),
    );
    const cancel = cancelShow(show.eventId);
    const [results, cancelled] = await Promise.all([Promise.all(holds), cancel]);
    expect(cancelled.status, cancelled.raw).toBe(200);
    // Each hold either came first (and was cancelled with the showtime) or was refused.
    for (const r of results) {
      expect([201, 409], r.raw).toContain(r.status);
      if (r.status === 409) expect(r.body.code).toBe('SHOWTIME_CANCELLED');
    }
    const won = results.filter((r) => r.status === 201).length;
    expect(cancelled.body.bookings_cancelled).toBe(won);
    const live = await t.db.kysely
      .selectFrom('bookings')
      .select('id')
      .where('event_id', '=', show.eventId)
      .where('status', 'in', ['pending', 'awaiting_payment', 'confirmed'])
      .execute();
    expect(live).toEqual([]);
    expect(Object.values(await seatStatuses(t, show.eventId)).every((s) => s === 'available')).toBe(true);
  });
});
