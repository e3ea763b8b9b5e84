import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulatedCardProcessor } from '../src/payments/simulated-card-processor.js';
import { buildApp } from '../src/server/app.js';
import { manualClock } from '../src/services/clock.js';
import { freshDatabase } from './helpers/database.js';
import { APPROVED_CARD, createTestApp, T0, type TestApp, testConfig } from './helpers/test-app.js';

/**
 * SECURITY.md, "Response headers, CORS, errors and logs": hardening headers on every kind of
 * response, CORS closed unless allow-listed, 5xx bodies that say nothing but a request id, and
 * logs that never hold passwords, tokens or card numbers.
 */

type Headers = Record<string, string | string[] | number | undefined>;

function expectSecurityHeaders(headers: Headers, label: string) {
  const csp = String(headers['content-security-policy'] ?? '');
  expect(csp, `${label}: Content-Security-Policy`).toContain("default-src 'self'");
  expect(csp, `${label}: no inline scripts`).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(headers['x-content-type-options'], `${label}: nosniff`).toBe('nosniff');
  const framing = /frame-ancestors 'none'/.test(csp) || ['DENY', 'SAMEORIGIN'].includes(String(headers['x-frame-options']));
  expect(framing, `${label}: framing refused`).toBe(true);
  const hsts = String(headers['strict-transport-security'] ?? '');
  expect(hsts, `${label}: HSTS`).toMatch(/max-age=(\d+)/);
  expect(Number(/max-age=(\d+)/.exec(hsts)?.[1])).toBeGreaterThanOrEqual(15_552_000);
  expect(String(headers['referrer-policy'] ?? ''), `${label}: Referrer-Policy`).toMatch(/no-referrer|strict-origin|same-origin/);
  expect(headers['x-powered-by'], `${label}: no x-powered-by`).toBeUndefined();
}

describe('security headers on every kind of response', () => {
  let t: TestApp;
  let user: Awaited<ReturnType<TestApp['makeUser']>>;
  let eventId: number;
  beforeAll(async () => {
    t = await createTestApp();
    const admin = await t.makeUser('admin');
    user = await t.makeUser();
    eventId = (await t.makeShowtime(admin, { totalSeats: 4 })).eventId;
  });
  afterAll(async () => t.close());

  it('API 2xx and 4xx, docs, OpenAPI, health, 404, 405-ish, 413, 415', async () => {
    const requests: [string, string, Parameters<TestApp['call']>[2]?][] = [
      ['GET', '/api/movies'],
      ['GET', `/api/events/${eventId}/seats`],
      ['GET', '/api/auth/me'],
      ['GET', '/api/auth/me', { token: user.token }],
      ['POST', '/api/book-seats', { token: user.token, body: { seat_ids: 'x' } }],
      ['POST', '/api/book-seats', { token: user.token, body: { seat_ids: [1], pad: 'x'.repeat(70_000) } }],
      ['POST', '/api/book-seats', { token: user.token, headers: { 'content-type': 'application/xml' }, body: '<x/>' }],
      ['GET', '/api/admin/movies', { token: user.token }],
      ['GET', '/api/does-not-exist'],
      ['DELETE', '/api/movies'],
      ['GET', '/docs'],
      ['GET', '/docs/'],
      ['GET', '/redoc'],
      ['GET', '/openapi.json'],
      ['GET', '/health'],
      ['GET', '/ready'],
    ];
    const statuses = new Set<number>();
    for (const [method, url, options] of requests) {
      const res = await t.call(method, url, options);
      statuses.add(res.status);
      expectSecurityHeaders(res.headers, `${method} ${url} → ${res.status}`);
    }
    expect([...statuses].sort()).toEqual(expect.arrayContaining([200, 401, 403, 404, 413, 415, 422]));
  });

  it('a URL the router cannot read is a JSON 400 in the error shape (nosniff)', async () => {
    for (const url of ['/api/movies/%', `/api/movies/${'9'.repeat(200)}`, '/api/bookings/%E0%A4%A']) {
      const res = await t.call('GET', url, { token: user.token });
      expect([400, 404], url).toContain(res.status);
      expect(res.body).toMatchObject({ code: expect.stringMatching(/^(BAD_REQUEST|NOT_FOUND)$/), detail: expect.any(String) });
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
    expect((await t.call('GET', '/api/movies/%')).body.code).toBe('BAD_REQUEST');
  });

  it('the live seat stream (a hijacked response) carries them too', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    const controller = new AbortController();
    const res = await fetch(`http://127.0.0.1:${port}/api/events/${eventId}/seats/stream`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expectSecurityHeaders(Object.fromEntries(res.headers.entries()), 'SSE');
    controller.abort();
  });
});

describe('CORS', () => {
  let closed: TestApp;
  let open: TestApp;
  beforeAll(async () => {
    closed = await createTestApp();
    open = await createTestApp({ config: { corsOrigins: ['https://tickets.example'] } });
  });
  afterAll(async () => {
    await closed.close();
    await open.close();
  });

  const preflight = (app: TestApp, origin: string) =>
    app.app.inject({
      method: 'OPTIONS',
      url: '/api/book-seats',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });

  it('is closed by default: no Access-Control-Allow-Origin for another site, simple or preflight', async () => {
    for (const origin of ['https://evil.example', 'https://tickets.example', 'null']) {
      const simple = await closed.call('GET', '/api/movies', { headers: { origin } });
      expect(simple.headers['access-control-allow-origin'], origin).toBeUndefined();
      expect(simple.headers['access-control-allow-credentials']).toBeUndefined();
      const pre = await preflight(closed, origin);
      expect(pre.headers['access-control-allow-origin'], origin).toBeUndefined();
      expect(pre.headers['access-control-allow-methods']).toBeUndefined();
    }
  });

  it('opens for an allow-listed origin only (with credentials), and not for look-alikes', async () => {
    const allowed = await open.call('GET', '/api/movies', { headers: { origin: 'https://tickets.example' } });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://tickets.example');
    expect(allowed.headers['access-control-allow-credentials']).toBe('true');
    expect(String(allowed.headers.vary)).toMatch(/origin/i);

    const pre = await preflight(open, 'https://tickets.example');
    expect(pre.statusCode).toBeLessThan(300);
    expect(pre.headers['access-control-allow-origin']).toBe('https://tickets.example');
    expect(String(pre.headers['access-control-allow-methods'])).toContain('POST');
    expect(String(pre.headers['access-control-allow-headers']).toLowerCase()).toContain('authorization');
    expect(String(pre.headers['access-control-allow-headers']).toLowerCase()).toContain('idempotency-key');

    for (const origin of [
      'https://evil.example',
      'https://tickets.example.evil.example',
      'https://evil-tickets.example',
      'http://tickets.example',
      'null',
    ]) {
      const res = await open.call('GET', '/api/movies', { headers: { origin } });
      expect(res.headers['access-control-allow-origin'], origin).toBeUndefined();
      expect((await preflight(open, origin)).headers['access-control-allow-origin'], origin).toBeUndefined();
    }
  });
});

describe('5xx answers are generic', () => {
  const LEAKS = [
    /stack/i,
    /\bat .*\.ts:\d+/,
    /select /i,
    /sqlite/i,
    /relation/i,
    /no such table/i,
    /password_hash/,
    /bookings_gone/,
  ];

  it('a database failure: 5xx with {detail, code, request_id} and no SQL, stack or table names', async () => {
    const t = await createTestApp();
    try {
      const user = await t.makeUser();
      expect((await t.call('GET', '/api/bookings', { token: user.token })).status).toBe(200);
      await t.db.kysely.schema.alterTable('bookings').renameTo('bookings_gone').execute();
      const res = await t.call('GET', '/api/bookings', { token: user.token });
      // 500, or 503 should the failure be classed as the database being unavailable.
      expect([500, 503]).toContain(res.status);
      expect(Object.keys(res.body).sort()).toEqual(['code', 'detail', 'request_id']);
      expect(['INTERNAL_ERROR', 'SERVICE_UNAVAILABLE']).toContain(res.body.code);
      expect(res.body.request_id).toMatch(/^[0-9a-f]{8}-[0-9a-z]+$/);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      for (const leak of LEAKS) expect(res.raw).not.toMatch(leak);
      expectSecurityHeaders(res.headers, '500');
      await t.db.kysely.schema.alterTable('bookings_gone').renameTo('bookings').execute();
    } finally {
      await t.close();
    }
  });

  it('a thrown error with secrets in its message: 500 generic, logged with the same request id', async () => {
    const database = await freshDatabase();
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const { app } = await buildApp({
      config: testConfig(),
      db: database.db,
      clock: manualClock(T0),
      logger: { level: 'info', stream },
      sweepIntervalMs: 0,
      migrate: false,
    });
    app.get('/test/boom', async () => {
      throw new Error('select password_hash from users where email = $1 -- internal detail');
    });
    try {
      await app.ready();
      const res = await app.inject({ method: 'GET', url: '/test/boom' });
      expect(res.statusCode).toBe(500);
      const body = JSON.parse(res.body);
      expect(body).toEqual({ detail: expect.any(String), code: 'INTERNAL_ERROR', request_id: expect.any(String) });
      for (const leak of LEAKS) expect(res.body).not.toMatch(leak);
      // Operators can still find out what happened, by the request id.
      const logged = lines.map((l) => JSON.parse(l)).find((l) => l.err && l.reqId === body.request_id);
      expect(logged?.err.message).toContain('internal detail');
    } finally {
      await app.close();
      await database.drop();
    }
  });
});

describe('logs (and the database) never hold passwords, tokens or card numbers', () => {
  it('across register, login, refresh, booking, payment, an authenticated read and failures', async () => {
    const database = await freshDatabase();
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const clock = manualClock(T0);
    const { app, services } = await buildApp({
      config: testConfig({ logLevel: 'debug' }),
      db: database.db,
      clock,
      payments: simulatedCardProcessor(),
      // A caller-supplied logger configuration: the service's redaction must still apply.
      logger: { level: 'debug', stream },
      sweepIntervalMs: 0,
      migrate: false,
    });
    // Stands in for any future handler that logs what it was sent.
    app.post('/test/log-everything', async (request) => {
      request.log.info({ body: request.body, headers: request.headers }, 'request dump');
      return { ok: true };
    });
    const call = async (
      method: string,
      url: string,
      options: { token?: string; body?: unknown; headers?: Record<string, string> },
    ) => {
      const res = await app.inject({
        method: method as 'GET',
        url,
        headers: {
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...options.headers,
        },
        ...(options.body !== undefined ? { payload: JSON.stringify(options.body) } : {}),
      });
      return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
    };

    try {
      await app.ready();
      const password = 'Secret-Passphrase-Zebra-91';
      const newPassword = 'Another-Secret-Walrus-73';
      const card = '4242424242424242';
      const email = 'logged@example.com';

      expect((await call('POST', '/api/auth/register', { body: { email, password, full_name: 'Logged' } })).status).toBe(201);
      const login = await call('POST', '/api/auth/login', { body: { email, password } });
      expect(login.status).toBe(200);
      const { access_token: access, refresh_token: refresh } = login.body;
      const rotated = await call('POST', '/api/auth/refresh', { body: {}, headers: { cookie: `bmm_refresh=${refresh}` } });
      expect(rotated.status).toBe(200);
      const token = rotated.body.access_token as string;

      const adminRow = await database.db.kysely
        .insertInto('users')
        .values({ email: 'admin@example.com', password_hash: 'x', full_name: 'A', role: 'admin', is_active: 1, created_at: T0 })
        .returning('id')
        .executeTakeFirstOrThrow();
      const adminToken = services.auth.issueToken(adminRow.id, 'admin');
      const movie = await call('POST', '/api/admin/movies', { token: adminToken, body: { title: 'Logged Film' } });
      const event = await call('POST', '/api/admin/events', {
        token: adminToken,
        body: { movie_id: movie.body.id, start_time: new Date(T0 + 86_400_000).toISOString(), total_seats: 4 },
      });
      const seats = await call('GET', `/api/events/${event.body.event_id}/seats`, {});
      const hold = await call('POST', '/api/book-seats', { token, body: { seat_ids: [seats.body.seats[0].seat_id] } });
      expect(hold.status).toBe(201);
      const confirm = await call('POST', '/api/confirm-payment', {
        token,
        body: { booking_reference: hold.body.booking_reference, payment: { ...APPROVED_CARD, card_number: card } },
      });
      expect(confirm.status).toBe(200);
      expect((await call('GET', '/api/auth/me', { token })).status).toBe(200);

      // Failures: a wrong password, a bad card, a wrong current password, a bad token.
      expect((await call('POST', '/api/auth/login', { body: { email, password: `${password}x` } })).status).toBe(401);
      const hold2 = await call('POST', '/api/book-seats', { token, body: { seat_ids: [seats.body.seats[1].seat_id] } });
      const badCard = await call('POST', '/api/confirm-payment', {
        token,
        body: { booking_reference: hold2.body.booking_reference, payment: { ...APPROVED_CARD, card_number: '4242424242424241' } },
      });
      expect(badCard.status).toBe(422);
      expect((await call('GET', '/api/auth/me', { token: `${access}tampered` })).status).toBe(401);
      const changed = await call('POST', '/api/auth/change-password', {
        token,
        body: { current_password: password, new_password: newPassword },
      });
      expect(changed.status).toBe(200);
      const dump = await call('POST', '/test/log-everything', {
        token: changed.body.access_token,
        headers: { cookie: `bmm_refresh=${changed.body.refresh_token}` },
        body: {
          password,
          new_password: newPassword,
          refresh_token: refresh,
          access_token: access,
          payment: { card_number: card, cvc: '987' },
        },
      });
      expect(dump.status).toBe(200);

      const text = lines.join('');
      expect(lines.length).toBeGreaterThan(20);
      expect(text).toContain('/api/confirm-payment'); // the log is real, not empty
      const secrets = {
        password,
        newPassword,
        access,
        refresh,
        token,
        rotatedRefresh: rotated.body.refresh_token,
        newAccess: changed.body.access_token,
        newRefresh: changed.body.refresh_token,
        card,
        spacedCard: '4242 4242 4242 4242',
        badCard: '4242424242424241',
      };
      for (const [name, secret] of Object.entries(secrets)) expect(text.includes(secret), `${name} is in the log`).toBe(false);
      // Nor does the database: no card number, no password, no usable refresh token.
      const tables = ['users', 'bookings', 'payments', 'refresh_tokens', 'idempotency_keys', 'audit_log'] as const;
      for (const table of tables) {
        const rows = JSON.stringify(await database.db.kysely.selectFrom(table).selectAll().execute());
        for (const [name, secret] of Object.entries(secrets)) {
          expect(rows.includes(secret), `${name} is stored in ${table}`).toBe(false);
        }
      }
      const dumped = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'request dump');
      expect(dumped?.body.password).toBe('[redacted]');
      expect(dumped?.body.payment.card_number).toBe('[redacted]');
      expect(dumped?.body.payment.cvc).toBe('[redacted]');
      expect(dumped?.headers.authorization).toBe('[redacted]');
      expect(dumped?.headers.cookie).toBe('[redacted]');
    } finally {
      await app.close();
      await database.drop();
    }
  });
});

describe('caching of private answers', () => {
  it('marks answers to signed-in requests no-store, and leaves public reads cacheable with ETags', async () => {
    const { createTestApp } = await import('./helpers/test-app.js');
    const h = await createTestApp();
    try {
      const user = await h.makeUser();
      const mine = await h.call('GET', '/api/bookings', { token: user.token });
      expect(mine.headers['cache-control']).toBe('no-store');
      const login = await h.call('POST', '/api/auth/login', { body: { email: user.email, password: user.password } });
      expect(login.headers['cache-control']).toBe('no-store');
      const admin = await h.makeUser('admin');
      const { eventId } = await h.makeShowtime(admin);
      const seats = await h.call('GET', `/api/events/${eventId}/seats`);
      expect(seats.headers['cache-control']).toBe('no-cache');
      expect(seats.headers.etag).toBeDefined();
    } finally {
      await h.close();
    }
  });
});
