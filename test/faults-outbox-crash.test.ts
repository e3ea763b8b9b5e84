import { createServer as createNetServer } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, describe, expect, it } from 'vitest';
import { outboxStore } from '../src/db/stores/outbox-store.js';
import {
  api,
  createTargetDatabase,
  eventually,
  killAllChildren,
  makeShowtimes,
  seedAccounts,
  startServer,
  type TargetDatabase,
} from './faults-support.js';
import { testDialect } from './helpers/database.js';
import { APPROVED_CARD } from './helpers/test-app.js';

/**
 * kill -9 with effects waiting in the outbox: the mail server is down, so every confirmation and
 * cancellation email waits (retrying). The process dies; the mail server comes back; a new
 * process on the same database delivers every one of them, each once, and refunds are recorded.
 */

const BUYERS = 6;

let target: TargetDatabase | undefined;
let smtp: SMTPServer | undefined;
afterAll(async () => {
  killAllChildren();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  await target?.drop();
});

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe(`kill -9 with effects in the outbox (${testDialect()})`, () => {
  it('delivers every waiting email after a restart, once each, and settles the refunds', async () => {
    target = await createTargetDatabase();
    const { admin, users } = await seedAccounts(target.db, BUYERS);
    const smtpPort = await freePort();
    const env = { DATABASE_URL: target.url, SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, PUBLIC_URL: 'http://tickets.test' };

    const first = await startServer(env);
    const [event] = await makeShowtimes(first.base, admin, 1, 40);
    if (!event) throw new Error('no showtime');
    const references: string[] = [];
    for (const [i, user] of users.entries()) {
      const hold = await api(first.base, 'POST', '/api/book-seats', {
        token: user.token,
        body: { seat_ids: [event.seatIds[i]] },
      });
      expect(hold.status).toBe(201);
      const reference = (hold as { body: { booking_reference: string } }).body.booking_reference;
      const paid = await api(first.base, 'POST', '/api/confirm-payment', {
        token: user.token,
        body: { booking_reference: reference, payment: APPROVED_CARD },
      });
      expect(paid.status).toBe(200);
      references.push(reference);
    }
    // Half of them cancel: a refund and a second email each.
    for (const [i, user] of users.entries()) {
      if (i % 2 !== 0) continue;
      const cancelled = await api(first.base, 'POST', '/api/cancel-booking', {
        token: user.token,
        body: { booking_reference: references[i] },
      });
      expect(cancelled.status).toBe(200);
    }
    const expectedMails = BUYERS + BUYERS / 2;

    // The emails are waiting, with the reason; the refunds did not wait for the mail server.
    const store = outboxStore(target.db);
    await eventually(async () => {
      const mails = await store.waiting({ kind: 'email' });
      return (
        mails.length === expectedMails && mails.some((m) => m.attempts > 0 && /ECONNREFUSED|connect/i.test(m.last_error ?? ''))
      );
    }, 20_000);
    await eventually(async () => {
      const refunds = await target?.db.kysely.selectFrom('refunds').select('status').execute();
      return refunds?.length === BUYERS / 2 && refunds.every((r) => r.status === 'succeeded');
    }, 20_000);

    first.child.kill('SIGKILL');
    await first.exited;

    // The mail server comes back; a new process takes over the same database.
    const received: { messageId: string; to: string }[] = [];
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (chunk: Buffer) => {
          raw += chunk.toString();
        });
        stream.on('end', () => {
          const messageId = /^Message-ID:\s*(<[^>]+>)/im.exec(raw)?.[1] ?? '';
          received.push({ messageId, to: session.envelope.rcptTo.map((r) => r.address).join(',') });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp?.listen(smtpPort, '127.0.0.1', resolve));
    const second = await startServer(env);

    // Backoff after a few failures is at most a few seconds to half a minute.
    await eventually(async () => (await store.waiting({ kind: 'email' })).length === 0, 60_000, 250);
    expect(received).toHaveLength(expectedMails);
    expect(new Set(received.map((r) => r.messageId)).size).toBe(expectedMails);
    for (const [i, reference] of references.entries()) {
      expect(received.filter((r) => r.messageId.includes(`booking-${reference}-confirmed`))).toHaveLength(1);
      expect(received.filter((r) => r.messageId.includes(`booking-${reference}-cancelled`))).toHaveLength(i % 2 === 0 ? 1 : 0);
    }
    second.child.kill('SIGTERM');
    await second.exited;
  }, 120_000);
});
