import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gridShowtime } from './bookings-support.js';
import { startSmtp, type TestSmtp } from './helpers/smtp.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

type Account = Awaited<ReturnType<TestApp['makeUser']>>;

/**
 * README, "Box office" and SECURITY.md, "Walk-in ticket links": a counter sale's email links to
 * its tickets PDF by a signed link that opens without an account; an altered link is 404. The
 * emails of a cash sale given back say where the money is. Real SMTP, real HTTP. SQLite and PostgreSQL.
 */
describe('walk-in customers’ emails', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  let admin: Account;
  let clerk: Account;
  let origin: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await createTestApp({ config: { smtpUrl: smtp.url } });
    admin = await t.makeUser('admin');
    clerk = await t.makeUser('box_office');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const open = await t.call('POST', '/api/box-office/shifts', { token: clerk.token, body: { opening_float: 100 } });
    expect(open.status, open.raw).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const mailsTo = async (address: string) =>
    Promise.all(smtp.received.filter((m) => m.envelopeTo.includes(address)).map((m) => simpleParser(m.raw)));
  /** The link as the customer's mail program would open it, on this server. */
  const onServer = (link: string) => {
    const url = new URL(link);
    expect(url.origin).toBe(t.config.publicUrl);
    return `${origin}${url.pathname}`;
  };

  it('links the tickets PDF by a signed link that opens without an account; an altered one is 404', async () => {
    const show = await gridShowtime(t, admin);
    const sale = await t.call('POST', '/api/box-office/sales', {
      token: clerk.token,
      body: {
        event_id: show.eventId,
        seat_ids: [show.seat('B2'), show.seat('B3')],
        payment_method: 'card',
        customer_email: 'walk.in.one@example.com',
      },
    });
    expect(sale.status, sale.raw).toBe(201);
    const reference = sale.body.booking_reference as string;
    await t.flushOutbox();
    const [mail] = await mailsTo('walk.in.one@example.com');
    expect(mail?.subject).toContain(reference);

    // No link to the booking page, which asks for an account the customer does not have.
    expect(mail?.text).not.toContain(`/bookings/${reference}`);
    expect(mail?.html).not.toContain(`/bookings/${reference}`);
    const links = [...(mail?.text ?? '').matchAll(/https?:\/\/\S+\/api\/walk-in\/\S+\/tickets\.pdf/g)].map((m) => m[0]);
    expect(links.length).toBeGreaterThan(0);
    const link = links[0] as string;
    expect(mail?.html).toContain(link);
    expect(mail?.html).toContain('Download your tickets (PDF)');
    // Not "your account": the customer has none.
    expect(mail?.text).toContain('because you gave this address at the bookmemovie box office');
    expect(mail?.text).not.toContain('your account');
    expect(mail?.html).not.toContain('your account');

    // Opened by a browser with no session, no cookie, no token.
    const res = await fetch(onServer(link));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const pdf = await PDFDocument.load(new Uint8Array(await res.arrayBuffer()));
    expect(pdf.getPageCount()).toBe(2);
    expect(pdf.getTitle()).toContain(reference);

    // Altered anywhere: the signature, the reference, or the signature moved to another booking.
    const url = new URL(onServer(link));
    const token = decodeURIComponent(url.pathname.split('/')[3] as string);
    const [ref, mac] = token.split('.') as [string, string];
    const flipped = `${mac.slice(0, -1)}${mac.at(-1) === 'A' ? 'B' : 'A'}`;
    const other = await t.call('POST', '/api/box-office/sales', {
      token: clerk.token,
      body: { event_id: show.eventId, seat_ids: [show.seat('E5')], payment_method: 'cash', cash_given: 20 },
    });
    for (const bad of [
      `${ref}.${flipped}`,
      `${other.body.booking_reference}.${mac}`,
      ref,
      `${ref}.${mac}x`,
      'not-a-token',
      `${ref.toLowerCase()}.${mac}`,
    ]) {
      const tampered = await fetch(`${origin}/api/walk-in/${encodeURIComponent(bad)}/tickets.pdf`);
      expect(tampered.status, bad).toBe(404);
      expect(((await tampered.json()) as { code: string }).code).toBe('BOOKING_NOT_FOUND');
    }
    // The booking page's own PDF still asks for an account.
    expect((await fetch(`${origin}/api/bookings/${reference}/tickets.pdf`)).status).toBe(401);
  });

  it('a cash sale of a cancelled showtime is told its refund waits at the box office; paid out, it is told so', async () => {
    const show = await gridShowtime(t, admin);
    const sale = await t.call('POST', '/api/box-office/sales', {
      token: clerk.token,
      body: {
        event_id: show.eventId,
        seat_ids: [show.seat('C2')],
        payment_method: 'cash',
        cash_given: 20,
        customer_email: 'walk.in.two@example.com',
      },
    });
    expect(sale.status, sale.raw).toBe(201);
    const cancel = await t.call('POST', `/api/admin/events/${show.eventId}/cancel`, { token: admin.token, body: {} });
    expect(cancel.status, cancel.raw).toBe(200);
    await t.flushOutbox();
    const [cancelled] = (await mailsTo('walk.in.two@example.com')).filter((m) =>
      m.subject?.startsWith('Cancelled by the cinema'),
    );
    expect(cancelled?.text).toContain('your 15.00 USD is waiting for you there');
    expect(cancelled?.text).toContain('Cash refund due');
    expect(cancelled?.text).not.toContain('to the card you paid with');
    expect(cancelled?.text).not.toContain('your account');

    // A counter refund of another cash sale: paid back in the drawer, no booking link.
    const show2 = await gridShowtime(t, admin);
    const sale2 = await t.call('POST', '/api/box-office/sales', {
      token: clerk.token,
      body: {
        event_id: show2.eventId,
        seat_ids: [show2.seat('E1')],
        payment_method: 'cash',
        cash_given: 12,
        customer_email: 'walk.in.three@example.com',
      },
    });
    const refund = await t.call('POST', '/api/box-office/refunds', {
      token: clerk.token,
      body: { booking_reference: sale2.body.booking_reference },
    });
    expect(refund.status, refund.raw).toBe(200);
    await t.flushOutbox();
    const [refunded] = (await mailsTo('walk.in.three@example.com')).filter((m) => m.subject?.includes('ancel'));
    expect(refunded?.text).toContain('12.00 USD was paid back to you in cash at the box office.');
    expect(refunded?.text).not.toContain('/bookings/');
    expect(refunded?.text).not.toContain('your account');
  });
});
