import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bookingCancelledEmail,
  bookingConfirmedEmail,
  type EmailPayload,
  emlFileName,
  latePaymentRefundedEmail,
} from '../src/core/mail.js';
import { parseTicketToken } from '../src/core/ticket-token.js';
import { enqueueEffects, outboxStore } from '../src/db/stores/outbox-store.js';
import { deliverEmail, emailHandler } from '../src/services/mail/deliver.js';
import { parseEml } from '../src/services/mail/eml.js';
import { createMailer, SMTP_TIMEOUTS } from '../src/services/mail/mailer.js';
import { confirm, hold } from './bookings-support.js';
import { readQrPng } from './helpers/png.js';
import { startSmtp } from './helpers/smtp.js';
import { createTestApp, HOUR, type TestApp } from './helpers/test-app.js';

const PICKY_TITLE = 'Tom & Jerry <script>alert(1)</script>';

let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let dataDir: string;
let customer: Awaited<ReturnType<TestApp['makeUser']>>;
let booking: { id: number; reference: string; userId: number };
let showStart: number;
let seatLabels: string[];

/** The app's deps with SMTP_URL pointing at the test's server. */
const viaSmtp = () => ({ ...t.deps, config: { ...t.config, smtpUrl: smtp.url } });

async function nextMessage(count: number): Promise<ParsedMail & { raw: string; envelopeTo: string[] }> {
  await expect.poll(() => smtp.received.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(count);
  const message = smtp.received[count - 1] as (typeof smtp.received)[number];
  return Object.assign(await simpleParser(message.raw), { raw: message.raw, envelopeTo: message.envelopeTo });
}

const base = () => ({ to: customer.email, publicUrl: t.config.publicUrl, now: t.clock.now() });

beforeAll(async () => {
  smtp = await startSmtp();
  dataDir = mkdtempSync(join(tmpdir(), 'bmm-mail-'));
  // The cinema is in New York; the showtime is at 17:30 UTC, 12:30 there.
  t = await createTestApp({ config: { dataDir, cinemaTimeZone: 'America/New_York' } });
  const admin = await t.makeUser('admin');
  customer = await t.makeUser('user');
  const movie = await t.call('POST', '/api/admin/movies', {
    token: admin.token,
    body: { title: PICKY_TITLE, duration_minutes: 95 },
  });
  const hall = await t.call('POST', '/api/admin/halls', {
    token: admin.token,
    body: { name: 'Studio 2', rows: 3, seats_per_row: 4 },
  });
  showStart = t.clock.now() + 24 * HOUR + 5.5 * HOUR;
  const event = await t.call('POST', '/api/admin/events', {
    token: admin.token,
    body: { movie_id: movie.body.id, hall_id: hall.body.id, start_time: new Date(showStart).toISOString(), price: 12.5 },
  });
  expect(event.status, event.raw).toBe(201);
  const seats = await t.call('GET', `/api/events/${event.body.event_id}/seats`);
  const picked = seats.body.seats.slice(0, 2) as { seat_id: number; label: string }[];
  const held = await hold(
    t,
    customer,
    picked.map((s) => s.seat_id),
  );
  const paid = await confirm(t, customer, held.booking_reference);
  expect(paid.status, paid.raw).toBe(200);
  const row = await t.db.kysely
    .selectFrom('bookings')
    .select(['id', 'reference', 'user_id'])
    .where('reference', '=', held.booking_reference)
    .executeTakeFirstOrThrow();
  booking = { id: row.id, reference: row.reference, userId: row.user_id };
  seatLabels = picked.map((s) => s.label);
});

afterAll(async () => {
  await t?.close();
  await smtp?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('email over SMTP (a real server started by the test)', () => {
  it('sends the booking confirmation: recipient, subject, text and HTML parts, and the showtime as a calendar entry', async () => {
    const effect = bookingConfirmedEmail(booking, base());
    await deliverEmail(effect.payload, viaSmtp());
    const mail = await nextMessage(1);

    expect(smtp.received[0]?.user).toBe('mailer');
    expect(mail.envelopeTo).toEqual([customer.email]);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe(customer.email);
    expect(mail.from?.value).toEqual([{ name: 'bookmemovie', address: 'no-reply@tickets.test' }]);
    expect(mail.messageId).toBe(`<booking-${booking.reference}-confirmed@tickets.test>`);
    expect(mail.subject).toBe(`Your tickets for ${PICKY_TITLE}: booking ${booking.reference}`);

    // Plain text: film, the showtime in the cinema's time, hall, seats, amount, reference, link.
    expect(mail.text).toContain(PICKY_TITLE);
    expect(mail.text).toMatch(/12:30 (EST|GMT-5)/);
    expect(mail.text).toContain('Studio 2');
    for (const label of seatLabels) expect(mail.text).toContain(label);
    expect(mail.text).toContain('25.00 USD');
    expect(mail.text).toContain(booking.reference);
    expect(mail.text).toContain(`http://tickets.test/bookings/${booking.reference}`);

    // HTML: the same facts, with the film's title escaped (no markup from data gets through).
    const html = String(mail.html);
    expect(html).toContain('Tom &amp; Jerry &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('25.00 USD');
    expect(html).toContain(`href="http://tickets.test/bookings/${booking.reference}"`);

    // The calendar entry: one VEVENT starting at the showtime (UTC), ending with the film.
    // (The QR images are inline parts of the HTML, so they come first.)
    expect(mail.attachments.map((a) => a.filename).sort()).toEqual(
      ['showtime.ics', ...seatLabels.map((label) => `ticket-${label}.png`)].sort(),
    );
    const ics = mail.attachments.find((a) => a.filename === 'showtime.ics');
    expect(ics?.filename).toBe('showtime.ics');
    expect(ics?.contentType).toBe('text/calendar');
    const calendar = ics?.content.toString('utf8') ?? '';
    expect(calendar.match(/BEGIN:VEVENT/g)).toHaveLength(1);
    const stamp = (ms: number) =>
      new Date(ms)
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '');
    expect(calendar).toContain(`DTSTART:${stamp(showStart)}`);
    expect(calendar).toContain(`DTEND:${stamp(showStart + 95 * 60_000)}`);
    expect(calendar).toContain(`UID:booking-${booking.reference}@tickets.test`);

    // The tickets: each seat's QR code shown inline (by cid) and readable by a real decoder; the
    // printable PDF is a download on the booking's page.
    const tickets = await t.db.kysely
      .selectFrom('tickets')
      .select(['id', 'seat_label'])
      .where('booking_id', '=', booking.id)
      .execute();
    expect(tickets.map((x) => x.seat_label)).toEqual(seatLabels);
    const cidHtml = String((await simpleParser(mail.raw, { keepCidLinks: true })).html);
    for (const label of seatLabels) {
      const image = mail.attachments.find((a) => a.filename === `ticket-${label}.png`);
      expect(image?.contentType).toBe('image/png');
      expect(cidHtml).toContain(`src="cid:${image?.cid}"`);
      expect(html).toContain(`alt="QR code of the ticket for seat ${label}"`);
      const token = readQrPng(image?.content as Buffer);
      expect(parseTicketToken(token ?? '')?.claims.seat).toBe(label);
    }
    expect(mail.text).toContain('QR code');
    expect(mail.text).toContain('Download PDF');
  });

  it('sends the same message again on a retry: the same Message-ID and Date', async () => {
    const effect = bookingConfirmedEmail(booking, base());
    await deliverEmail(effect.payload, viaSmtp());
    t.clock.advance(60_000);
    await deliverEmail(effect.payload, viaSmtp());
    const first = await nextMessage(2);
    const second = await nextMessage(3);
    expect(second.messageId).toBe(first.messageId);
    expect(second.messageId).toBe(`<booking-${booking.reference}-confirmed@tickets.test>`);
    expect(second.date?.getTime()).toBe(first.date?.getTime());
    expect(second.subject).toBe(first.subject);
    expect(second.text).toBe(first.text);
  });

  it('sends a cancellation with the refund and the seats given back, one message per cancellation', async () => {
    const partial = bookingCancelledEmail(booking, { id: 'c1', refundAmount: 1250, seatIds: [] }, base());
    // A partial cancellation names its own seats: take the first seat of the booking.
    const [firstSeat] = await t.db.kysely
      .selectFrom('booking_seats')
      .select('seat_id')
      .where('booking_id', '=', booking.id)
      .orderBy('seat_id')
      .execute();
    partial.payload.seat_ids = [firstSeat?.seat_id as number];
    await deliverEmail(partial.payload, viaSmtp());
    const one = await nextMessage(4);
    expect(one.messageId).toBe(`<booking-${booking.reference}-cancelled-c1@tickets.test>`);
    expect(one.subject).toBe(`Seats cancelled from booking ${booking.reference}: ${PICKY_TITLE}`);
    expect(one.text).toContain('12.50 USD');
    expect(one.text).toContain(`Seat cancelled:    ${seatLabels[0]}`);
    expect(one.text).toContain('The other seats of your booking stay booked.');

    const whole = bookingCancelledEmail(booking, { id: 'c2', refundAmount: 2500 }, base());
    await deliverEmail(whole.payload, viaSmtp());
    const two = await nextMessage(5);
    expect(two.messageId).toBe(`<booking-${booking.reference}-cancelled-c2@tickets.test>`);
    expect(two.subject).toBe(`Booking ${booking.reference} cancelled: ${PICKY_TITLE}`);
    expect(two.text).toContain('25.00 USD');
    for (const label of seatLabels) expect(two.text).toContain(label);
    expect(String(two.html)).toContain('Booking cancelled');
  });

  it('sends the late-payment refund ("we refunded you")', async () => {
    const effect = latePaymentRefundedEmail(booking, 2500, base());
    await deliverEmail(effect.payload, viaSmtp());
    const mail = await nextMessage(6);
    expect(mail.messageId).toBe(`<booking-${booking.reference}-late-payment-refunded@tickets.test>`);
    expect(mail.subject).toBe(`We refunded your payment for ${PICKY_TITLE} (booking ${booking.reference})`);
    expect(mail.text).toContain('we have refunded you in full');
    expect(mail.text).toContain('25.00 USD');
    expect(String(mail.html)).toContain('We refunded you');
  });

  it('throws at once when the SMTP server is down (port closed), so the outbox keeps the email', async () => {
    const closed = await startSmtp();
    await closed.close();
    const effect = bookingConfirmedEmail(booking, base());
    const started = Date.now();
    await expect(deliverEmail(effect.payload, { ...t.deps, config: { ...t.config, smtpUrl: closed.url } })).rejects.toThrow(
      /ECONNREFUSED|connect/i,
    );
    expect(Date.now() - started).toBeLessThan(SMTP_TIMEOUTS.connectionTimeout);
  });

  it('gives up on a server that accepts the connection but never greets, within the greeting timeout', async () => {
    expect(SMTP_TIMEOUTS).toEqual({
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
      dnsTimeout: 10_000,
    });
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const mailer = createMailer(
        { ...t.config, smtpUrl: `smtp://127.0.0.1:${port}` },
        { ...SMTP_TIMEOUTS, greetingTimeout: 400 },
      );
      const effect = bookingConfirmedEmail(booking, base());
      const started = Date.now();
      await expect(deliverEmail(effect.payload, { ...t.deps, mailer })).rejects.toThrow(/greeting/i);
      const took = Date.now() - started;
      expect(took).toBeGreaterThanOrEqual(350);
      expect(took).toBeLessThan(3_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

describe('email without SMTP_URL: .eml files and the admin Mail screen', () => {
  const folder = () => join(dataDir, 'outbox');

  it('writes the message to DATA_DIR/outbox as an .eml file named after its Message-ID; a retry overwrites it', async () => {
    const effect = bookingConfirmedEmail(booking, base());
    await emailHandler(t.deps)(JSON.parse(JSON.stringify(effect.payload)));
    const file = join(folder(), emlFileName(effect.payload.message_id));
    expect(file.endsWith(`booking-${booking.reference}-confirmed@tickets.test.eml`)).toBe(true);
    expect(existsSync(file)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await deliverEmail(effect.payload, t.deps);
    expect(readdirSync(folder()).filter((n) => n.includes('-confirmed@'))).toHaveLength(1);

    // What was written is a whole message, as mailparser reads it, and our reader agrees.
    const raw = readFileSync(file, 'utf8');
    const parsed = await simpleParser(raw, { keepCidLinks: true });
    expect(parsed.messageId).toBe(effect.payload.message_id);
    expect(parsed.attachments.map((a) => a.filename)).toContain('showtime.ics');
    const ours = parseEml(raw);
    expect(ours.text?.trim()).toBe(parsed.text?.trim());
    expect(ours.html?.trim()).toBe(String(parsed.html).trim());
    expect(ours.attachments.map((a) => a.filename)).toEqual(parsed.attachments.map((a) => a.filename));
    expect(ours.attachments.map((a) => a.filename)).toContain('showtime.ics');
  });

  it('lists stored messages newest first and shows one (headers, text, HTML, attachments) to admins only', async () => {
    const late = latePaymentRefundedEmail(booking, 2500, base());
    await deliverEmail(late.payload, t.deps);
    const admin = await t.makeUser('admin');
    const list = await t.call('GET', '/api/admin/mail', { token: admin.token });
    expect(list.status, list.raw).toBe(200);
    expect(list.body.transport).toBe('files');
    const ids = list.body.messages.map((m: { id: string }) => m.id);
    expect(ids).toContain(`booking-${booking.reference}-confirmed@tickets.test`);
    const first = list.body.messages[0];
    expect(first).toMatchObject({
      id: `booking-${booking.reference}-late-payment-refunded@tickets.test`,
      message_id: late.payload.message_id,
      to: customer.email,
      subject: `We refunded your payment for ${PICKY_TITLE} (booking ${booking.reference})`,
      date: new Date(late.payload.date).toISOString(),
    });

    const confirmedId = `booking-${booking.reference}-confirmed@tickets.test`;
    const one = await t.call('GET', `/api/admin/mail/${encodeURIComponent(confirmedId)}`, { token: admin.token });
    expect(one.status, one.raw).toBe(200);
    expect(one.body.subject).toBe(`Your tickets for ${PICKY_TITLE}: booking ${booking.reference}`);
    expect(one.body.from).toMatch(/^"?bookmemovie"? <no-reply@tickets\.test>$/);
    expect(one.body.text).toContain('25.00 USD');
    expect(one.body.html).toContain('Tom &amp; Jerry &lt;script&gt;');
    expect(one.body.attachments).toContainEqual({
      filename: 'showtime.ics',
      content_type: 'text/calendar',
      size: expect.any(Number),
    });
    expect(one.body.headers.map((h: { name: string }) => h.name.toLowerCase())).toEqual(
      expect.arrayContaining(['message-id', 'subject', 'to', 'date']),
    );

    expect((await t.call('GET', '/api/admin/mail', { token: customer.token })).status).toBe(403);
    expect((await t.call('GET', '/api/admin/mail')).status).toBe(401);
    expect((await t.call('GET', `/api/admin/mail/${encodeURIComponent(confirmedId)}`, { token: customer.token })).status).toBe(
      403,
    );
    expect((await t.call('GET', '/api/admin/mail/nothing-here@tickets.test', { token: admin.token })).status).toBe(404);
    // Nothing outside the folder can be named.
    for (const bad of ['..%2Fsecret', '..', '.hidden', '%2Fetc%2Fpasswd']) {
      const res = await t.call('GET', `/api/admin/mail/${bad}`, { token: admin.token });
      expect([404, 422], `${bad}: ${res.raw}`).toContain(res.status);
    }
  });

  it('lists what waits in the outbox and why (the last error of a failed try)', async () => {
    const admin = await t.makeUser('admin');
    const effect = bookingCancelledEmail(booking, { id: 'waiting', refundAmount: 100 }, base());
    await enqueueEffects(t.db.kysely, [effect], t.clock.now());
    const outbox = outboxStore(t.db);
    const row = (await outbox.waiting({ kind: 'email' })).find((r) => r.payload.includes('cancelled-waiting'));
    expect(row).toBeDefined();
    await outbox.markFailed(row as NonNullable<typeof row>, new Error('connect ECONNREFUSED 127.0.0.1:2525'), t.clock.now());

    const list = await t.call('GET', '/api/admin/mail', { token: admin.token });
    expect(list.status, list.raw).toBe(200);
    const waiting = list.body.waiting.filter((w: { outbox_id: number }) => w.outbox_id === row?.id);
    expect(waiting).toEqual([
      {
        outbox_id: row?.id,
        template: 'booking_cancelled',
        to: customer.email,
        message_id: effect.payload.message_id,
        attempts: 1,
        last_error: 'Error: connect ECONNREFUSED 127.0.0.1:2525',
        created_at: new Date(t.clock.now()).toISOString(),
        next_attempt_at: new Date(t.clock.now() + 2_000).toISOString(),
      },
    ]);
  });

  it('refuses an outbox row that is not an email payload, so it waits with a reason instead of vanishing', async () => {
    const bad = { template: 'booking_confirmed', to: 'x@example.com' } as unknown as EmailPayload;
    await expect(emailHandler(t.deps)(bad)).rejects.toThrow(/not an email payload/);
  });
});
