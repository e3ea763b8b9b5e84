import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESET_REQUESTS_PER_ACCOUNT, RESET_TOKEN_TTL_MS } from '../src/core/password-reset.js';
import { FORGOT_PASSWORD_ANSWER_MS } from '../src/services/password-reset-service.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

type Received = { to: string[]; raw: string };

async function startSmtp() {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return { received, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
const NEW_PASSWORD = 'a-brand-new-passphrase-77';

beforeAll(async () => {
  smtp = await startSmtp();
  // The outbox worker runs in the app and delivers over SMTP_URL to the test's server.
  t = await createTestApp({ config: { smtpUrl: smtp.url } });
});

afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const forgot = (email: string, ip = '10.1.0.1') =>
  t.app.inject({ method: 'POST', url: '/api/auth/forgot-password', payload: { email }, remoteAddress: ip });

/** The reset emails that reached the SMTP server for `to`, parsed. */
async function resetMailsFor(to: string, count: number) {
  await expect
    .poll(() => smtp.received.filter((m) => m.to.includes(to)).length, { timeout: 10_000 })
    .toBeGreaterThanOrEqual(count);
  return Promise.all(smtp.received.filter((m) => m.to.includes(to)).map((m) => simpleParser(m.raw)));
}

function tokenIn(text: string | undefined): string {
  const match = /http:\/\/tickets\.test\/reset-password\?token=([A-Za-z0-9_-]+)/.exec(text ?? '');
  if (!match?.[1]) throw new Error(`no reset link in:\n${text}`);
  return match[1];
}

const resetPassword = (token: string, password = NEW_PASSWORD) =>
  t.call('POST', '/api/auth/reset-password', { body: { token, password } });

describe('POST /api/auth/forgot-password', () => {
  it('answers 202 with the same body for an account and for an unknown address, and only the account gets an email', async () => {
    const user = await t.makeUser('user', 'known@example.com');
    const known = await forgot('Known@Example.COM');
    const unknown = await forgot('nobody-here@example.com');
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(unknown.body).toBe(known.body);
    expect(JSON.parse(known.body)).toEqual({
      detail:
        'If an account uses this email address, we have sent it a link to choose a new password. The link works for 30 minutes.',
    });

    const [mail] = await resetMailsFor(user.email, 1);
    expect(mail?.subject).toBe('Reset your bookmemovie password');
    expect(mail?.messageId).toMatch(/^<password-reset-\d+@tickets\.test>$/);
    expect(mail?.text).toContain('works once, for 30 minutes');
    expect(String(mail?.html)).toContain('Choose a new password');
    const token = tokenIn(mail?.text);
    expect(String(mail?.html)).toContain(`http://tickets.test/reset-password?token=${token}`);
    expect(smtp.received.some((m) => m.to.includes('nobody-here@example.com'))).toBe(false);

    // The token is stored nowhere: not in the reset row, not in the outbox's payload.
    const rows = await t.db.kysely.selectFrom('password_resets').selectAll().execute();
    const outbox = await t.db.kysely.selectFrom('outbox').select('payload').where('kind', '=', 'email').execute();
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(JSON.stringify(outbox)).not.toContain(token);
    expect(outbox.some((o) => o.payload.includes('"template":"password_reset"'))).toBe(true);

    // Both requests are in the audit log; only the admin can tell them apart.
    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .select(['action', 'outcome', 'target_id', 'target_email', 'details'])
      .where('action', '=', 'auth.password_reset_request')
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      {
        action: 'auth.password_reset_request',
        outcome: 'success',
        target_id: String(user.id),
        target_email: user.email,
        details: '{}',
      },
      {
        action: 'auth.password_reset_request',
        outcome: 'failure',
        target_id: null,
        target_email: 'nobody-here@example.com',
        details: '{"reason":"no such account"}',
      },
    ]);
  });

  it('does not answer an unknown address noticeably sooner than an account', async () => {
    await t.makeUser('user', 'timing@example.com');
    const times = { known: [] as number[], unknown: [] as number[] };
    for (let i = 0; i < 3; i++) {
      for (const [kind, email] of [
        ['known', 'timing@example.com'],
        ['unknown', `ghost-${i}@example.com`],
      ] as const) {
        const started = performance.now();
        const res = await forgot(email, `10.2.0.${i + 1}`);
        times[kind].push(performance.now() - started);
        expect(res.statusCode).toBe(202);
      }
    }
    // Every answer, for an account or not, waits out the same floor; the work for an account (one
    // insert) is far below it. (Comparing the two kinds' times is a benchmark's job, not a test's:
    // on a loaded machine it would fail for the wrong reason.)
    for (const ms of [...times.known, ...times.unknown]) expect(ms).toBeGreaterThanOrEqual(FORGOT_PASSWORD_ANSWER_MS - 5);
  });

  it('limits requests per address (known or not: the 429 tells nothing either) with Retry-After', async () => {
    await t.makeUser('user', 'limited@example.com');
    for (const email of ['limited@example.com', 'limited-ghost@example.com']) {
      for (let i = 0; i < RESET_REQUESTS_PER_ACCOUNT.limit; i++)
        expect((await forgot(email, `10.3.0.${i + 1}`)).statusCode).toBe(202);
      const refused = await forgot(email, '10.3.1.1');
      expect(refused.statusCode).toBe(429);
      expect(JSON.parse(refused.body)).toMatchObject({ code: 'RATE_LIMITED' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(RESET_REQUESTS_PER_ACCOUNT.windowMs / 1000);
    }
    // Another address is not affected.
    expect((await forgot('someone-else@example.com', '10.3.1.1')).statusCode).toBe(202);
  });

  it('limits requests per client address', async () => {
    const ip = '10.4.0.1';
    let last = 0;
    for (let i = 0; i < 21; i++) last = (await forgot(`spray-${i}@example.com`, ip)).statusCode;
    expect(last).toBe(429);
  });

  it('refuses a malformed address with 422 naming the field', async () => {
    const res = await t.call('POST', '/api/auth/forgot-password', { body: { email: 'not-an-address' } });
    expect(res.status).toBe(422);
    expect(res.body.errors?.[0]?.field).toMatch(/email/);
  });
});

describe('POST /api/auth/reset-password', () => {
  async function freshToken(email: string) {
    const before = smtp.received.filter((m) => m.to.includes(email)).length;
    expect((await forgot(email, `10.5.${before}.1`)).statusCode).toBe(202);
    const mails = await resetMailsFor(email, before + 1);
    return tokenIn(mails[before]?.text);
  }

  it('sets the new password once, ends every session, and refuses the token a second time', async () => {
    const user = await t.makeUser('user', 'resetme@example.com');
    const sessions = [];
    for (let i = 0; i < 2; i++) {
      const login = await t.call('POST', '/api/auth/login', { body: { email: user.email, password: user.password } });
      expect(login.status).toBe(200);
      sessions.push(login.body as { access_token: string; refresh_token: string });
    }
    const token = await freshToken(user.email);
    t.clock.advance(1_000);

    const done = await resetPassword(token);
    expect(done.status, done.raw).toBe(200);
    expect(done.body.detail).toMatch(/Sign in with the new password/);

    // Every refresh token of the user is revoked, and the access tokens stop working.
    const live = await t.db.kysely
      .selectFrom('refresh_tokens')
      .select('id')
      .where('user_id', '=', user.id)
      .where('revoked_at', 'is', null)
      .execute();
    expect(live).toEqual([]);
    for (const s of sessions) {
      expect((await t.call('POST', '/api/auth/refresh', { body: { refresh_token: s.refresh_token } })).status).toBe(401);
      expect((await t.call('GET', '/api/auth/me', { token: s.access_token })).status).toBe(401);
    }
    expect((await t.call('POST', '/api/auth/login', { body: { email: user.email, password: user.password } })).status).toBe(401);
    expect((await t.call('POST', '/api/auth/login', { body: { email: user.email, password: NEW_PASSWORD } })).status).toBe(200);

    const again = await resetPassword(token, 'yet-another-passphrase-88');
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ code: 'RESET_TOKEN_USED', detail: expect.stringMatching(/already been used/) });
    expect((await t.call('POST', '/api/auth/login', { body: { email: user.email, password: NEW_PASSWORD } })).status).toBe(200);

    const audit = await t.db.kysely
      .selectFrom('audit_log')
      .select(['outcome', 'target_id', 'details'])
      .where('action', '=', 'auth.password_reset')
      .where('target_id', '=', String(user.id))
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      { outcome: 'success', target_id: String(user.id), details: '{"reason":"every session ended"}' },
      { outcome: 'failure', target_id: String(user.id), details: '{"reason":"RESET_TOKEN_USED"}' },
    ]);
  });

  it('refuses a link after 30 minutes (400 RESET_TOKEN_EXPIRED), and the password stays', async () => {
    const user = await t.makeUser('user', 'slow@example.com');
    const token = await freshToken(user.email);
    t.clock.advance(RESET_TOKEN_TTL_MS);
    const res = await resetPassword(token);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'RESET_TOKEN_EXPIRED', detail: expect.stringMatching(/expired/) });
    expect((await t.call('POST', '/api/auth/login', { body: { email: user.email, password: user.password } })).status).toBe(200);
  });

  it('spends every open link of the account when one is used', async () => {
    const user = await t.makeUser('user', 'twolinks@example.com');
    const first = await freshToken(user.email);
    const second = await freshToken(user.email);
    expect(second).not.toBe(first);
    expect((await resetPassword(second)).status).toBe(200);
    const old = await resetPassword(first, 'and-yet-another-passphrase-99');
    expect(old.status).toBe(400);
    expect(old.body.code).toBe('RESET_TOKEN_USED');
  });

  it('refuses an unknown token (400 RESET_TOKEN_INVALID) and a weak password (422, as at registration)', async () => {
    const unknown = await resetPassword('A'.repeat(43));
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('RESET_TOKEN_INVALID');
    expect((await resetPassword('short')).body.code).toBe('RESET_TOKEN_INVALID');

    const user = await t.makeUser('user', 'weak@example.com');
    const token = await freshToken(user.email);
    const weak = await resetPassword(token, 'password1');
    expect(weak.status).toBe(422);
    expect(weak.body.errors).toEqual([{ field: 'body/password', message: expect.stringMatching(/common/) }]);
    const short = await resetPassword(token, 'abc');
    expect(short.status).toBe(422);
    // The token was not spent by the refusals.
    expect((await resetPassword(token)).status).toBe(200);
  });

  it('is in the OpenAPI document with its schemas', async () => {
    const doc = await t.call('GET', '/openapi.json');
    expect(doc.body.paths['/api/auth/forgot-password'].post.responses['202']).toBeDefined();
    expect(doc.body.paths['/api/auth/reset-password'].post.requestBody).toBeDefined();
  });
});
