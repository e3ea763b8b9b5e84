import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTicketToken, parseTicketToken } from '../src/core/ticket-token.js';
import { advance, confirm, gridShowtime, hold } from './bookings-support.js';
import { createTestApp, HOUR, type TestApp } from './helpers/test-app.js';

type Account = Awaited<ReturnType<TestApp['makeUser']>>;
type TicketBody = { ticket_id: number; seat: string; status: string; qr: string; event_id: number };

const MINUTE = 60_000;

let t: TestApp;
let admin: Account;
let alice: Account;
let usher: Account;
let boxOffice: Account;

/** Every test starts its showtimes two hours ahead and moves the clock into the door window itself. */
beforeAll(async () => {
  t = await createTestApp();
  admin = await t.makeUser('admin');
  alice = await t.makeUser('user');
  usher = await t.makeUser('usher');
  boxOffice = await t.makeUser('box_office');
});
afterAll(async () => t.close());

const everyone = () => [admin, alice, usher, boxOffice];

/** A paid booking for a showtime starting in `hoursAhead` hours; its tickets. */
async function paidTickets(labels: string[], hoursAhead = 2) {
  const show = await gridShowtime(t, admin, { hoursAhead });
  const booking = await hold(t, alice, labels.map(show.seat));
  expect((await confirm(t, alice, booking.booking_reference)).status).toBe(200);
  const res = await t.call('GET', `/api/bookings/${booking.booking_reference}/tickets`, { token: alice.token });
  return { show, reference: booking.booking_reference, tickets: res.body as TicketBody[] };
}

const scan = (who: Account, code: string, extra: Record<string, unknown> = {}) =>
  t.call('POST', '/api/staff/check-in', { token: who.token, body: { code, ...extra } });

/** Moves the clock so the showtime that starts `startsIn` from the original moment is `minutesIn` minutes away. */
function openDoors(startAt: number, minutesBeforeStart = 30) {
  const target = startAt - minutesBeforeStart * MINUTE;
  if (target > t.clock.now()) advance(t, target - t.clock.now(), ...everyone());
}

describe('POST /api/staff/check-in', () => {
  it('admits a ticket once; the next scan says when and at which door it was used', async () => {
    const { show, reference, tickets } = await paidTickets(['C4']);
    const ticket = tickets[0] as TicketBody;
    // Before the doors open (an hour before the start): not yet.
    const early = await scan(usher, ticket.qr);
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ result: 'wrong_showtime', reason: 'outside_window', code: 'TICKET_WRONG_SHOWTIME' });

    openDoors(Date.parse(show.event.start_time));
    const first = await scan(usher, ticket.qr, { device_id: 'door 2', event_id: show.eventId });
    expect(first.status, first.raw).toBe(200);
    expect(first.body).toMatchObject({
      result: 'admitted',
      ticket_id: ticket.ticket_id,
      seat: 'C4',
      movie_title: show.movie.title,
      start_time: show.event.start_time,
    });
    const usedAt = new Date(t.clock.now()).toISOString();

    advance(t, 2 * MINUTE, ...everyone());
    const again = await scan(boxOffice, ticket.qr, { device_id: 'door 1' });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      result: 'already_used',
      used_at: usedAt,
      device_id: 'door 2',
      code: 'TICKET_ALREADY_USED',
    });

    const listed = await t.call('GET', `/api/bookings/${reference}/tickets`, { token: alice.token });
    expect(listed.body[0]).toMatchObject({ status: 'used', used_at: usedAt });
  });

  it('refuses a cancelled ticket as void', async () => {
    const { show, reference, tickets } = await paidTickets(['A1', 'A2']);
    openDoors(Date.parse(show.event.start_time));
    // After the customer's cut-off only an admin cancels; the seat's ticket is voided.
    const cancelled = await t.call('POST', '/api/cancel-booking', {
      token: admin.token,
      body: { booking_reference: reference, seat_ids: [show.seat('A2')] },
    });
    expect(cancelled.status, cancelled.raw).toBe(200);
    const voided = await scan(usher, (tickets[1] as TicketBody).qr);
    expect(voided.status).toBe(409);
    expect(voided.body).toMatchObject({ result: 'void', code: 'TICKET_VOID', seat: 'A2' });
    expect((await scan(usher, (tickets[0] as TicketBody).qr)).body.result).toBe('admitted');
  });

  it('refuses a ticket for another showtime than the door’s, and one outside its door window', async () => {
    const { show, tickets } = await paidTickets(['B1', 'B2']);
    const other = await gridShowtime(t, admin, { hoursAhead: 5 });
    openDoors(Date.parse(show.event.start_time));
    const wrong = await scan(usher, (tickets[0] as TicketBody).qr, { event_id: other.eventId });
    expect(wrong.status).toBe(409);
    expect(wrong.body).toMatchObject({ result: 'wrong_showtime', reason: 'other_showtime', event_id: show.eventId });
    // After the showtime has ended, the ticket no longer gets anyone in.
    advance(t, Date.parse(show.event.end_time) - t.clock.now(), ...everyone());
    const late = await scan(usher, (tickets[1] as TicketBody).qr);
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ result: 'wrong_showtime', reason: 'outside_window' });
  });

  it('a malformed code, a tampered one or a forged signature is invalid (422)', async () => {
    const { show, tickets } = await paidTickets(['D1']);
    openDoors(Date.parse(show.event.start_time));
    const real = (tickets[0] as TicketBody).qr;
    const claims = parseTicketToken(real)?.claims;
    if (!claims) throw new Error('unreadable token');
    const { privateKey } = generateKeyPairSync('ed25519');
    const forged = encodeTicketToken(claims, (m) => new Uint8Array(sign(null, m, privateKey)));
    const flipped = real.slice(0, 30) + (real[30] === 'A' ? 'B' : 'A') + real.slice(31);
    for (const code of ['hello', 'K7M4Q9TZ2H', forged, flipped]) {
      const res = await scan(usher, code);
      expect(res.status, code).toBe(422);
      expect(res.body).toMatchObject({ result: 'invalid', code: 'TICKET_INVALID', detail: expect.any(String) });
    }
    const missing = await t.call('POST', '/api/staff/check-in', { token: usher.token, body: {} });
    expect(missing.status).toBe(422);
    expect(missing.body.code).toBe('VALIDATION_FAILED');
    // None of that used the ticket.
    expect((await scan(usher, real)).body.result).toBe('admitted');
  });

  it('of 50 scans of one ticket at the same moment, exactly one admits it', async () => {
    const { show, tickets } = await paidTickets(['E3']);
    openDoors(Date.parse(show.event.start_time));
    const code = (tickets[0] as TicketBody).qr;
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => scan(i % 2 ? usher : boxOffice, code, { device_id: `door ${i}` })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const winner = results.find((r) => r.status === 200);
    const device = `door ${results.indexOf(winner as (typeof results)[number])}`;
    for (const r of results.filter((x) => x.status === 409))
      expect(r.body).toMatchObject({ result: 'already_used', device_id: device });
    const scans = await t.db.kysely
      .selectFrom('ticket_scans')
      .select(['result'])
      .where('ticket_id', '=', (tickets[0] as TicketBody).ticket_id)
      .execute();
    expect(scans.filter((s) => s.result === 'admitted')).toHaveLength(1);
    expect(scans.filter((s) => s.result === 'duplicate')).toHaveLength(49);
  });
});

describe('staff routes', () => {
  const routes = (eventId: number) =>
    [
      ['POST', '/api/staff/check-in', { code: 'x' }],
      ['POST', '/api/staff/check-in/sync', { device_id: 'd', scans: [{ code: 'x', scanned_at: new Date(0).toISOString() }] }],
      ['GET', `/api/staff/events/${eventId}/door-pack`, undefined],
      ['GET', '/api/staff/showtimes', undefined],
    ] as const;

  it('refuse customers (403) and anonymous callers (401); let ushers, the box office and admins in', async () => {
    const show = await gridShowtime(t, admin);
    for (const [method, url, body] of routes(show.eventId)) {
      expect((await t.call(method, url, { body })).status, url).toBe(401);
      const customer = await t.call(method, url, { token: alice.token, body });
      expect(customer.status, url).toBe(403);
      expect(customer.body.code).toBe('FORBIDDEN');
      for (const member of [usher, boxOffice, admin]) {
        const res = await t.call(method, url, { token: member.token, body });
        expect([200, 422], `${member.role} ${url}`).toContain(res.status);
      }
    }
  });

  it('the table covers every staff route in the OpenAPI document', async () => {
    const doc = await t.call('GET', '/openapi.json');
    const documented = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>)
      .filter(([path]) => path.startsWith('/api/staff'))
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`))
      .sort();
    expect(
      routes(1)
        .map(([m, url]) => `${m} ${url.replace('/1/', '/{event_id}/')}`)
        .sort(),
    ).toEqual(documented);
  });
});

describe('offline devices', () => {
  it('the door pack holds the keys, the void list and what was already admitted', async () => {
    const { show, reference, tickets } = await paidTickets(['A3', 'A4', 'A5']);
    openDoors(Date.parse(show.event.start_time));
    await t.call('POST', '/api/cancel-booking', {
      token: admin.token,
      body: { booking_reference: reference, seat_ids: [show.seat('A5')] },
    });
    expect((await scan(usher, (tickets[0] as TicketBody).qr, { device_id: 'door 1' })).status).toBe(200);
    const pack = await t.call('GET', `/api/staff/events/${show.eventId}/door-pack`, { token: usher.token });
    expect(pack.status, pack.raw).toBe(200);
    const keys = await t.call('GET', '/api/tickets/keys');
    expect(pack.body).toMatchObject({
      event_id: show.eventId,
      movie_title: show.movie.title,
      start_time: show.event.start_time,
      end_time: show.event.end_time,
      doors_open: new Date(Date.parse(show.event.start_time) - HOUR).toISOString().replace('.000Z', '+00:00'),
      keys: keys.body.keys,
      expected: 2,
      admitted: 1,
      void_ticket_ids: [(tickets[2] as TicketBody).ticket_id],
      used: [
        { ticket_id: (tickets[0] as TicketBody).ticket_id, used_at: new Date(t.clock.now()).toISOString(), device_id: 'door 1' },
      ],
    });
    expect((await t.call('GET', '/api/staff/events/999999/door-pack', { token: usher.token })).status).toBe(404);
  });

  it('uploads: the earliest scan of a ticket wins, later ones come back as duplicates', async () => {
    const { show, tickets } = await paidTickets(['B3', 'B4', 'B5']);
    openDoors(Date.parse(show.event.start_time), 20);
    const [one, two, three] = tickets as [TicketBody, TicketBody, TicketBody];
    const at = (minutesAgo: number) => new Date(t.clock.now() - minutesAgo * MINUTE).toISOString();

    // Online, door 1 admits ticket one now; door 2 had scanned it offline five minutes earlier.
    expect((await scan(usher, one.qr, { device_id: 'door 1' })).status).toBe(200);
    advance(t, MINUTE, ...everyone());
    const upload = await t.call('POST', '/api/staff/check-in/sync', {
      token: usher.token,
      body: {
        device_id: 'door 2',
        event_id: show.eventId,
        scans: [
          { code: two.qr, scanned_at: at(2) }, // uploaded first, scanned after the one below
          { code: one.qr, scanned_at: at(6) },
          { code: two.qr, scanned_at: at(4) },
          { code: 'garbage', scanned_at: at(3) },
        ],
      },
    });
    expect(upload.status, upload.raw).toBe(200);
    expect(upload.body).toMatchObject({ device_id: 'door 2', admitted: 2, duplicates: 1 });
    expect(upload.body.results.map((r: { result: string }) => r.result)).toEqual([
      'duplicate',
      'admitted',
      'admitted',
      'invalid',
    ]);
    expect(upload.body.results[0]).toMatchObject({ ticket_id: two.ticket_id, used_at: at(4), device_id: 'door 2' });

    // Ticket one's admission is now door 2's earlier scan; door 1's is the duplicate staff see.
    const list = await t.call('GET', `/api/admin/events/${show.eventId}/check-ins`, { token: admin.token });
    expect(list.status, list.raw).toBe(200);
    expect(list.body).toMatchObject({ admitted: 2, expected: 3, duplicates: 2 });
    const byTicket = new Map(list.body.tickets.map((x: { ticket_id: number }) => [x.ticket_id, x]));
    expect(byTicket.get(one.ticket_id)).toMatchObject({ status: 'used', used_at: at(6), device_id: 'door 2' });
    expect(byTicket.get(three.ticket_id)).toMatchObject({ status: 'valid', used_at: null });
    expect(list.body.duplicate_scans).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ticket_id: one.ticket_id, device_id: 'door 1', offline: false }),
        expect.objectContaining({ ticket_id: two.ticket_id, device_id: 'door 2', offline: true, scanned_at: at(2) }),
      ]),
    );
    // Online, a later scan of ticket one now reports door 2's time.
    const again = await scan(boxOffice, one.qr);
    expect(again.body).toMatchObject({ result: 'already_used', used_at: at(6), device_id: 'door 2' });
  });

  it('judges an offline scan at the time it was made: before the doors opened is the wrong showtime', async () => {
    const { show, tickets } = await paidTickets(['C1']);
    openDoors(Date.parse(show.event.start_time));
    const beforeDoors = new Date(Date.parse(show.event.start_time) - 2 * HOUR).toISOString();
    const res = await t.call('POST', '/api/staff/check-in/sync', {
      token: usher.token,
      body: { device_id: 'door 3', scans: [{ code: (tickets[0] as TicketBody).qr, scanned_at: beforeDoors }] },
    });
    expect(res.body.results[0]).toMatchObject({ result: 'wrong_showtime', ticket_id: (tickets[0] as TicketBody).ticket_id });
  });
});

describe('admin check-in counts', () => {
  it('the showtime list shows admitted beside sold seats', async () => {
    const { show, tickets } = await paidTickets(['D3', 'D4']);
    openDoors(Date.parse(show.event.start_time));
    expect((await scan(usher, (tickets[0] as TicketBody).qr)).status).toBe(200);
    const events = await t.call('GET', '/api/admin/events', { token: admin.token });
    const row = events.body.find((e: { id: number }) => e.id === show.eventId);
    expect(row).toMatchObject({ booked_seats: 2, admitted_seats: 1 });
    const list = await t.call('GET', `/api/admin/events/${show.eventId}/check-ins`, { token: admin.token });
    expect(list.body).toMatchObject({ admitted: 1, expected: 2, duplicates: 0 });
    expect(list.body.tickets.map((x: { seat: string; status: string }) => `${x.seat}:${x.status}`)).toEqual([
      'D3:used',
      'D4:valid',
    ]);
  });
});
