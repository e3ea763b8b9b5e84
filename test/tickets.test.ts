import { createPublicKey, verify } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, parseTicketToken, verifyTicketToken } from '../src/core/ticket-token.js';
import { confirm, gridShowtime, hold } from './bookings-support.js';
import { readQrPng } from './helpers/png.js';
import { createTestApp, HOUR, type TestApp } from './helpers/test-app.js';

type Account = Awaited<ReturnType<TestApp['makeUser']>>;
type TicketBody = { ticket_id: number; booking_reference: string; seat: string; status: string; qr: string; event_id: number };

let t: TestApp;
let admin: Account;
let alice: Account;
let bob: Account;
let usher: Account;
let boxOffice: Account;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.makeUser('admin');
  alice = await t.makeUser('user');
  bob = await t.makeUser('user');
  usher = await t.makeUser('usher');
  boxOffice = await t.makeUser('box_office');
});
afterAll(async () => t.close());

async function buy(user: Account, labels: string[], hoursAhead = 24) {
  const show = await gridShowtime(t, admin, { hoursAhead });
  const booking = await hold(t, user, labels.map(show.seat));
  const paid = await confirm(t, user, booking.booking_reference);
  expect(paid.status, paid.raw).toBe(200);
  return { show, reference: booking.booking_reference };
}

async function ticketsOf(user: Account, reference: string): Promise<TicketBody[]> {
  const res = await t.call('GET', `/api/bookings/${reference}/tickets`, { token: user.token });
  expect(res.status, res.raw).toBe(200);
  return res.body;
}

async function cancel(user: Account, reference: string, seatIds?: number[]) {
  const res = await t.call('POST', '/api/cancel-booking', {
    token: user.token,
    body: { booking_reference: reference, ...(seatIds ? { seat_ids: seatIds } : {}) },
  });
  expect(res.status, res.raw).toBe(200);
}

/** The JWKS as a verifier, with nothing but what GET /api/tickets/keys publishes. */
async function publicVerifier() {
  const jwks = await t.call('GET', '/api/tickets/keys');
  expect(jwks.status).toBe(200);
  const keys = new Map<string, ReturnType<typeof createPublicKey>>(
    jwks.body.keys.map((k: { kid: string; kty: string; crv: string; x: string }) => [
      k.kid,
      createPublicKey({ key: { kty: k.kty, crv: k.crv, x: k.x }, format: 'jwk' }),
    ]),
  );
  return (kid: string) => {
    const key = keys.get(kid);
    return key ? (message: Uint8Array, signature: Uint8Array) => verify(null, message, key, signature) : undefined;
  };
}

describe('tickets follow the booking', () => {
  it('a held booking has none; paying issues one valid ticket per seat', async () => {
    const show = await gridShowtime(t, admin);
    const booking = await hold(t, alice, [show.seat('C3'), show.seat('C4')]);
    expect(await ticketsOf(alice, booking.booking_reference)).toEqual([]);
    expect((await confirm(t, alice, booking.booking_reference)).status).toBe(200);
    const tickets = await ticketsOf(alice, booking.booking_reference);
    expect(tickets.map((x) => [x.seat, x.status])).toEqual([
      ['C3', 'valid'],
      ['C4', 'valid'],
    ]);
    for (const ticket of tickets) {
      expect(ticket).toMatchObject({ booking_reference: booking.booking_reference, event_id: show.eventId, used_at: null });
      const claims = parseTicketToken(ticket.qr)?.claims;
      expect(claims).toMatchObject({ ticketId: ticket.ticket_id, eventId: show.eventId, seat: ticket.seat });
    }
    // The same ticket gives the same code every time (the signature is deterministic).
    expect((await ticketsOf(alice, booking.booking_reference)).map((x) => x.qr)).toEqual(tickets.map((x) => x.qr));
  });

  it('cancelling the whole booking voids every ticket', async () => {
    const { reference } = await buy(alice, ['A1', 'A2']);
    await cancel(alice, reference);
    expect((await ticketsOf(alice, reference)).map((x) => x.status)).toEqual(['void', 'void']);
  });

  it('cancelling some seats voids only their tickets; the others stay valid', async () => {
    const { show, reference } = await buy(alice, ['B1', 'B2', 'B3']);
    await cancel(alice, reference, [show.seat('B2')]);
    expect((await ticketsOf(alice, reference)).map((x) => [x.seat, x.status])).toEqual([
      ['B1', 'valid'],
      ['B2', 'void'],
      ['B3', 'valid'],
    ]);
    // The seat is sold again to someone else: a new ticket, while the old one stays void.
    const again = await hold(t, bob, [show.seat('B2')]);
    expect((await confirm(t, bob, again.booking_reference)).status).toBe(200);
    expect((await ticketsOf(bob, again.booking_reference)).map((x) => [x.seat, x.status])).toEqual([['B2', 'valid']]);
  });

  it('owner, ushers, the box office and admins see them; another customer gets 404 like a missing booking', async () => {
    const { reference } = await buy(alice, ['D1']);
    for (const viewer of [alice, usher, boxOffice, admin]) {
      expect((await ticketsOf(viewer, reference)).length, viewer.role).toBe(1);
    }
    const other = await t.call('GET', `/api/bookings/${reference}/tickets`, { token: bob.token });
    const missing = await t.call('GET', '/api/bookings/NOSUCHREF/tickets', { token: bob.token });
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('BOOKING_NOT_FOUND');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe(other.body.code);
    expect((await t.call('GET', `/api/bookings/${reference}/tickets`)).status).toBe(401);
    const [ticket] = await ticketsOf(alice, reference);
    for (const [viewer, status] of [
      [alice, 200],
      [usher, 200],
      [bob, 404],
    ] as const) {
      const png = await t.call('GET', `/api/tickets/${ticket?.ticket_id}/qr.png`, { token: viewer.token });
      expect(png.status, viewer.role).toBe(status);
    }
    for (const path of [`/api/bookings/${reference}/tickets.pdf`, `/api/bookings/${reference}/calendar.ics`]) {
      expect((await t.call('GET', path, { token: bob.token })).status, path).toBe(404);
      expect((await t.call('GET', path, { token: usher.token })).status, path).toBe(200);
    }
  });
});

describe('QR codes verifiable offline', () => {
  it('the QR image decodes with a real decoder to the payload, which verifies with the JWKS public key alone', async () => {
    const { reference } = await buy(alice, ['E5']);
    const [ticket] = await ticketsOf(alice, reference);
    const png = await t.app.inject({
      method: 'GET',
      url: `/api/tickets/${ticket?.ticket_id}/qr.png`,
      headers: { authorization: `Bearer ${alice.token}` },
    });
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    const decoded = { data: readQrPng(png.rawPayload) };
    expect(decoded.data).toBe(ticket?.qr);

    const verifier = await publicVerifier();
    const verdict = verifyTicketToken(decoded?.data ?? '', verifier);
    expect(verdict).toMatchObject({ ok: true, claims: { ticketId: ticket?.ticket_id, seat: 'E5' } });

    // One bit changed anywhere, and the same public key refuses it.
    const bytes = base32Decode(decoded?.data ?? '') as Uint8Array;
    for (const i of [0, 6, 12, 20, bytes.length - 1]) {
      const copy = bytes.slice();
      copy[i] = (copy[i] as number) ^ 1;
      expect(verifyTicketToken(base32Encode(copy), verifier).ok, `byte ${i}`).toBe(false);
    }
  });

  it('publishes the keys as a JWKS that names the kid the tokens carry', async () => {
    const jwks = await t.call('GET', '/api/tickets/keys');
    expect(jwks.body.keys).toHaveLength(1);
    const [key] = jwks.body.keys;
    expect(key).toMatchObject({
      kty: 'OKP',
      crv: 'Ed25519',
      use: 'sig',
      alg: 'EdDSA',
      kid: expect.stringMatching(/^[0-9a-f]{8}$/),
    });
    expect(Buffer.from(key.x, 'base64url')).toHaveLength(32);
    expect(jwks.body.keys[0]).not.toHaveProperty('d');
    const { reference } = await buy(alice, ['E1']);
    const [ticket] = await ticketsOf(alice, reference);
    expect(parseTicketToken(ticket?.qr ?? '')?.claims.kid).toBe(key.kid);
  });
});

describe('printouts', () => {
  it('the PDF is a real PDF with a page per usable ticket, naming the booking', async () => {
    const { show, reference } = await buy(alice, ['A4', 'A5']);
    await cancel(alice, reference, [show.seat('A5')]);
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/bookings/${reference}/tickets.pdf`,
      headers: { authorization: `Bearer ${alice.token}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="bookmemovie-${reference}.pdf"`);
    expect(res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const pdf = await PDFDocument.load(res.rawPayload);
    expect(pdf.getPageCount()).toBe(1);
    expect(pdf.getTitle()).toContain(reference);
    expect(pdf.getKeywords()).toContain(reference);
    expect(pdf.getSubject()).toContain(show.movie.title);
  });

  it('the calendar entry starts at the showtime (UTC) and names the booking', async () => {
    const { show, reference } = await buy(alice, ['D4']);
    const res = await t.call('GET', `/api/bookings/${reference}/calendar.ics`, { token: alice.token });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    // The calendar entry is in UTC; the API writes the showtime with its cinema's offset.
    const stamp = (iso: string) =>
      new Date(iso)
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '');
    expect(res.raw).toContain(`DTSTART:${stamp(show.event.start_time)}`);
    expect(res.raw).toContain(`DTEND:${stamp(show.event.end_time)}`);
    expect(res.raw).toContain(reference);
    expect(res.raw).toContain('D4');
    expect(new Date(show.event.start_time).getTime()).toBe(t.clock.now() + 24 * HOUR);
  });
});
