import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SETUP_CODE_TTL_MS } from '../src/core/first-admin-setup.js';
import type { Db } from '../src/db/database.js';
import { buildApp } from '../src/server/app.js';
import { authThrottles } from '../src/server/plugins/security.js';
import { manualClock } from '../src/services/clock.js';
import { freshDatabase, type TestDatabase } from './helpers/database.js';
import { T0, testConfig } from './helpers/test-app.js';

/**
 * First-time admin set-up: while no admin exists, create-admin is open without a token only to the
 * server's own machine, and to others with the set-up code the server prints in its log at start.
 * The apps here log to a stream the test reads, the way an operator reads the server's log.
 */

const PASSWORD = 'a-long-enough-password';
const REMOTE = '203.0.113.7';
const FROM_THE_LOG = "set-up code printed in the server's log at start";

async function startInstance(db: Db, startAt = T0) {
  const stream = new PassThrough();
  let log = '';
  stream.on('data', (chunk) => {
    log += chunk;
  });
  const { app } = await buildApp({
    config: testConfig(),
    db,
    clock: manualClock(startAt),
    logger: { level: 'warn', stream },
    sweepIntervalMs: 0,
    migrate: false,
  });
  await app.ready();
  const code = /set-up code ([A-Z2-7]{4}(?:-[A-Z2-7]{4}){5})/.exec(log)?.[1];

  async function call(method: 'GET' | 'POST', url: string, options: { from?: string; body?: object; headers?: object } = {}) {
    const response = await app.inject({
      method,
      url,
      remoteAddress: options.from ?? '127.0.0.1',
      headers: { ...(options.body ? { 'content-type': 'application/json' } : {}), ...options.headers },
      ...(options.body ? { payload: JSON.stringify(options.body) } : {}),
    });
    return { status: response.statusCode, body: response.json() };
  }
  return { app, log: () => log, code, call };
}

type Instance = Awaited<ReturnType<typeof startInstance>>;

const adminBody = (email: string, setupCode?: string) => ({
  email,
  password: PASSWORD,
  full_name: 'First Admin',
  ...(setupCode === undefined ? {} : { setup_code: setupCode }),
});

async function userCount(db: Db) {
  const row = await db.kysely
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('first-time admin set-up from another machine needs the set-up code from the log', () => {
  let database: TestDatabase;
  let first: Instance;
  let second: Instance;

  beforeAll(async () => {
    database = await freshDatabase();
    // Two instances on one database, as behind a load balancer: each prints its own code.
    first = await startInstance(database.db);
    second = await startInstance(database.db);
  });
  afterAll(async () => {
    await first?.app.close();
    await second?.app.close();
    await database?.drop();
  });

  it('prints a set-up code at start, at warn level, and stores only its hash', async () => {
    expect(first.code).toBeDefined();
    expect(second.code).toBeDefined();
    expect(first.code).not.toBe(second.code);
    const line = JSON.parse(
      first
        .log()
        .split('\n')
        .find((l) => l.includes('set-up code')) ?? '{}',
    );
    expect(line.level).toBe(40);
    expect(line.msg).toMatch(/^First-time set-up: no admin exists yet\. Create one from this machine, or with the set-up code /);
    expect(line.msg).toContain('(shown only in this log');
    const stored = await database.db.kysely.selectFrom('setup_codes').selectAll().execute();
    expect(stored).toHaveLength(2);
    for (const row of stored) {
      expect(row.code_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(row)).not.toContain(first.code?.replaceAll('-', ''));
    }
  });

  it('GET /api/auth/setup tells each caller whether it needs the code', async () => {
    expect((await first.call('GET', '/api/auth/setup', { from: REMOTE })).body).toEqual({
      admin_exists: false,
      setup_code_required: true,
    });
    expect((await first.call('GET', '/api/auth/setup')).body).toEqual({ admin_exists: false, setup_code_required: false });
    const proxied = await first.call('GET', '/api/auth/setup', { headers: { 'x-forwarded-for': REMOTE } });
    expect(proxied.body).toEqual({ admin_exists: false, setup_code_required: true });
  });

  it('without a code from a non-loopback address: 403 naming where the code is, nothing created', async () => {
    const refused = await first.call('POST', '/api/auth/create-admin', { from: REMOTE, body: adminBody('remote@example.com') });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('SETUP_CODE_REQUIRED');
    expect(refused.body.detail).toContain(FROM_THE_LOG);
    expect(await userCount(database.db)).toBe(0);
  });

  it('from loopback through a proxy (or with a forged X-Forwarded-For: 127.0.0.1): 403 too', async () => {
    for (const headers of [{ 'x-forwarded-for': REMOTE }, { 'x-forwarded-for': '127.0.0.1' }, { forwarded: 'for=127.0.0.1' }]) {
      const refused = await first.call('POST', '/api/auth/create-admin', { headers, body: adminBody('proxied@example.com') });
      expect(refused.status, JSON.stringify(headers)).toBe(403);
      expect(refused.body).toMatchObject({ code: 'SETUP_CODE_REQUIRED', detail: expect.stringContaining(FROM_THE_LOG) });
    }
    expect(await userCount(database.db)).toBe(0);
  });

  it('a wrong code: 403 in the same shape, nothing created', async () => {
    const wrong = 'AAAA-AAAA-AAAA-AAAA-AAAA-AAAA';
    const refused = await first.call('POST', '/api/auth/create-admin', {
      from: '203.0.113.8',
      body: adminBody('w@example.com', wrong),
    });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'SETUP_CODE_REQUIRED', detail: expect.stringContaining(FROM_THE_LOG) });
    expect(await userCount(database.db)).toBe(0);
  });

  it('wrong codes count against the per-address limit, so the code cannot be guessed from one address', async () => {
    const from = '203.0.113.9';
    const statuses: number[] = [];
    for (let i = 0; i < authThrottles.registerByIp.max; i++) {
      const guess = `BBBB-BBBB-BBBB-BBBB-BBBB-${String(i).padStart(4, 'C')}`;
      statuses.push(
        (await first.call('POST', '/api/auth/create-admin', { from, body: adminBody('g@example.com', guess) })).status,
      );
    }
    expect(new Set(statuses)).toEqual(new Set([403]));
    // Even the right code is refused from that address now.
    const limited = await first.call('POST', '/api/auth/create-admin', { from, body: adminBody('g@example.com', first.code) });
    expect(limited.status).toBe(429);
    expect(await userCount(database.db)).toBe(0);
  });

  it('a code is good for 24 hours: a day and a second later it is refused, the new start’s code works', async () => {
    const later = await startInstance(database.db, T0 + SETUP_CODE_TTL_MS + 1000);
    try {
      const stale = await later.call('POST', '/api/auth/create-admin', {
        from: '198.51.100.99',
        body: adminBody('late@example.com', first.code),
      });
      expect(stale.status).toBe(403);
      expect(stale.body.code).toBe('SETUP_CODE_REQUIRED');
      expect(stale.body.detail).toMatch(/24 hours/);
      expect(await userCount(database.db)).toBe(0);
    } finally {
      await later.app.close();
    }
  });

  it('the right code (any instance’s, any case) from a non-loopback address: 201, and set-up closes', async () => {
    const code = (first.code ?? '').toLowerCase();
    const created = await second.call('POST', '/api/auth/create-admin', {
      from: REMOTE,
      body: adminBody('boss@example.com', code),
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: 'boss@example.com', role: 'admin' });

    expect((await first.call('GET', '/api/auth/setup', { from: REMOTE })).body).toEqual({
      admin_exists: true,
      setup_code_required: false,
    });
    // Afterwards a code is worth nothing: create-admin needs an admin token, as before.
    const again = await first.call('POST', '/api/auth/create-admin', {
      from: REMOTE,
      body: adminBody('second@example.com', second.code),
    });
    expect(again.status).toBe(401);
    expect(again.body.code).toBe('NOT_AUTHENTICATED');
  });

  it('a start once an admin exists prints no code and forgets the old ones', async () => {
    const third = await startInstance(database.db);
    try {
      expect(third.code).toBeUndefined();
      expect(third.log()).not.toContain('First-time set-up');
      expect(await database.db.kysely.selectFrom('setup_codes').selectAll().execute()).toEqual([]);
    } finally {
      await third.app.close();
    }
  });
});

describe('first-time admin set-up from the server’s own machine (the prototype’s curl)', () => {
  let database: TestDatabase;
  let instance: Instance;
  beforeAll(async () => {
    database = await freshDatabase();
    instance = await startInstance(database.db);
  });
  afterAll(async () => {
    await instance?.app.close();
    await database?.drop();
  });

  it('needs no code from 127.0.0.1, ::1 or ::ffff:127.0.0.1 (no proxy headers)', async () => {
    for (const from of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      const status = await instance.call('GET', '/api/auth/setup', { from });
      expect(status.body, from).toEqual({ admin_exists: false, setup_code_required: false });
    }
  });

  it('creates the first admin from 127.0.0.1 without a code: 201', async () => {
    const created = await instance.call('POST', '/api/auth/create-admin', { body: adminBody('local@example.com') });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: 'local@example.com', role: 'admin' });
  });
});
