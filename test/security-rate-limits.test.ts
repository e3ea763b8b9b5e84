import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { Config } from '../src/config.js';
import { type Db, openDatabase } from '../src/db/database.js';
import { simulatedCardProcessor } from '../src/payments/simulated-card-processor.js';
import { buildApp } from '../src/server/app.js';
import { authThrottles } from '../src/server/plugins/security.js';
import { manualClock } from '../src/services/clock.js';
import { hashPassword } from '../src/services/passwords.js';
import { freshDatabase, type TestDatabase, testDialect } from './helpers/database.js';
import { createTestApp, T0, testConfig } from './helpers/test-app.js';

/**
 * SECURITY.md, "Login throttling and account probing": the per-address limits and the per-account
 * sign-in throttle hold across instances. Two apps, each with its own database connection (as two
 * processes would have), listen on real ports and share one database: a PostgreSQL schema, or one
 * SQLite file. With REDIS_URL set the same checks run a second time with the counters in Redis,
 * under a key prefix of their own.
 */

const PASSWORD = 'correct-horse-battery';
const backends = [
  { name: 'database', redisUrl: undefined },
  ...(process.env.REDIS_URL ? [{ name: 'Redis', redisUrl: process.env.REDIS_URL }] : []),
];

type Pair = { bases: [string, string]; email: string; counterKeys(): Promise<string[]>; close(): Promise<void> };

async function twoInstances(redisUrl: string | undefined): Promise<Pair> {
  const database: TestDatabase = await freshDatabase();
  const prefix = `bmm-test-${randomBytes(6).toString('hex')}`;
  const config: Partial<Config> = redisUrl ? { redisUrl, redisKeyPrefix: prefix } : {};
  // One clock for both, as two machines with synchronised clocks.
  const clock = manualClock(T0);
  const email = `shared-${randomBytes(4).toString('hex')}@example.com`;
  await database.db.kysely
    .insertInto('users')
    .values({
      email,
      password_hash: await hashPassword(PASSWORD),
      full_name: 'Shared',
      role: 'user',
      is_active: 1,
      created_at: T0,
    })
    .execute();
  const apps: Awaited<ReturnType<typeof buildApp>>['app'][] = [];
  const dbs: Db[] = [];
  const bases: string[] = [];
  for (let i = 0; i < 2; i++) {
    const db = openDatabase(database.url, database.schema ? { schema: database.schema, poolSize: 10 } : {});
    const { app } = await buildApp({
      config: testConfig(config),
      db,
      clock,
      logger: false,
      migrate: false,
      payments: simulatedCardProcessor(),
      sweepIntervalMs: 0,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    apps.push(app);
    dbs.push(db);
    bases.push(`http://127.0.0.1:${(app.server.address() as { port: number }).port}`);
  }
  return {
    bases: bases as [string, string],
    email,
    /** Where the counts were kept: Redis keys under the prefix, or the rows of rate_counters. */
    counterKeys: async () => {
      if (!redisUrl) return (await database.db.kysely.selectFrom('rate_counters').select('key').execute()).map((r) => r.key);
      const redis = new Redis(redisUrl);
      const keys = await redis.keys(`${prefix}:*`);
      redis.disconnect();
      return keys;
    },
    close: async () => {
      for (const app of apps) await app.close();
      for (const db of dbs) await db.close();
      await database.drop();
      if (redisUrl) {
        const redis = new Redis(redisUrl);
        const keys = await redis.keys(`${prefix}:*`);
        if (keys.length > 0) await redis.del(...keys);
        redis.disconnect();
      }
    },
  };
}

async function post(base: string, path: string, body: unknown) {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: text ? JSON.parse(text) : null };
}

describe.each(backends)(
  `rate limits shared by two instances on one ${testDialect()} database (counters in the $name)`,
  ({ redisUrl }) => {
    let pair: Pair | undefined;
    afterEach(async () => {
      await pair?.close();
      pair = undefined;
    });

    it('100 sign-ins a minute per address, split across both instances: the 101st is 429 on either', async () => {
      pair = await twoInstances(redisUrl);
      const [a, b] = pair.bases;
      const max = authThrottles.loginByIp.max;
      const statuses: number[] = [];
      // The limit counts requests, not outcomes: bodies that fail validation keep the test fast.
      for (let i = 0; i < max - 1; i++)
        statuses.push((await post(i % 2 === 0 ? a : b, '/api/auth/login', { email: 'x' })).status);
      expect(new Set(statuses)).toEqual(new Set([422]));
      const hundredth = await post(b, '/api/auth/login', { email: pair.email, password: PASSWORD });
      expect(hundredth.status).toBe(200);
      for (const base of [a, b]) {
        const refused = await post(base, '/api/auth/login', { email: pair.email, password: PASSWORD });
        expect(refused.status, base).toBe(429);
        expect(Number(refused.retryAfter)).toBeGreaterThan(0);
        expect(Number(refused.retryAfter)).toBeLessThanOrEqual(60);
        // The plugin's own detail, naming the wait the Retry-After header gives.
        expect(refused.body).toEqual({
          code: 'RATE_LIMITED',
          detail: `Too many attempts; try again in ${refused.retryAfter} seconds`,
        });
      }
      expect(await pair.counterKeys()).toContainEqual(expect.stringMatching(/per-address:POST \/api\/auth\/login:127\.0\.0\.1$/));
    });

    it('30 registrations per 10 minutes per address, split across both instances', async () => {
      pair = await twoInstances(redisUrl);
      const [a, b] = pair.bases;
      const max = authThrottles.registerByIp.max;
      for (let i = 0; i < max; i++) expect((await post(i % 2 === 0 ? a : b, '/api/auth/register', {})).status).toBe(422);
      expect((await post(a, '/api/auth/register', {})).status).toBe(429);
      expect((await post(b, '/api/auth/register', {})).status).toBe(429);
    });

    it('the account throttle: 24 concurrent wrong passwords split across both instances, only 10 reach the hash', async () => {
      pair = await twoInstances(redisUrl);
      const { bases, email } = pair;
      const max = authThrottles.loginFailuresPerAccount.max;
      const results = await Promise.all(
        Array.from({ length: 24 }, (_, i) => post(bases[i % 2] as string, '/api/auth/login', { email, password: `guess-${i}` })),
      );
      const count = (status: number) => results.filter((r) => r.status === status).length;
      expect({ 401: count(401), 429: count(429) }).toEqual({ 401: max, 429: 24 - max });
      // The owner, on either instance, waits too; the wait is at most the 15-minute window.
      for (const base of bases) {
        const owner = await post(base, '/api/auth/login', { email, password: PASSWORD });
        expect(owner.status).toBe(429);
        expect(Number(owner.retryAfter)).toBeGreaterThan(0);
        expect(Number(owner.retryAfter)).toBeLessThanOrEqual(authThrottles.loginFailuresPerAccount.windowMs / 1000);
      }
    });

    it('the account throttle, one after another: 5 failures on each instance, then the 11th attempt is 429 on both', async () => {
      pair = await twoInstances(redisUrl);
      const [a, b] = pair.bases;
      const { email } = pair;
      for (let i = 0; i < authThrottles.loginFailuresPerAccount.max; i++) {
        expect((await post(i % 2 === 0 ? a : b, '/api/auth/login', { email, password: `guess-${i}` })).status).toBe(401);
      }
      expect((await post(a, '/api/auth/login', { email, password: PASSWORD })).status).toBe(429);
      expect((await post(b, '/api/auth/login', { email, password: PASSWORD })).status).toBe(429);
    });
  },
);

describe('housekeeping of the database counters', () => {
  it('forgets counters whose window has ended, and keeps live ones (still counting)', async () => {
    const t = await createTestApp();
    try {
      const minute = { limit: 5, windowMs: 60_000 };
      const quarter = { limit: 5, windowMs: 15 * 60_000 };
      await t.deps.rateCounter.consume('test:short', 1, minute);
      await t.deps.rateCounter.consume('test:long', 2, quarter);
      t.clock.advance(2 * 60_000);
      await t.services.auth.forgetExpired();
      const rows = await t.db.kysely
        .selectFrom('rate_counters')
        .select(['key', 'count'])
        .where('key', 'like', 'test:%')
        .execute();
      expect(rows).toEqual([{ key: 'test:long', count: 2 }]);
      expect((await t.deps.rateCounter.consume('test:long', 1, quarter)).count).toBe(3);
      expect((await t.deps.rateCounter.consume('test:short', 1, minute)).count).toBe(1);
    } finally {
      await t.close();
    }
  });
});

describe('Redis trouble fails closed', () => {
  it('an unreachable REDIS_URL stops start-up with a message naming it', async () => {
    const database = await freshDatabase();
    try {
      const starting = buildApp({
        config: testConfig({ redisUrl: 'redis://127.0.0.1:1' }),
        db: database.db,
        logger: false,
        migrate: false,
        sweepIntervalMs: 0,
      });
      await expect(starting).rejects.toThrow(/REDIS_URL: cannot connect to Redis/);
    } finally {
      await database.drop();
    }
  });

  it.skipIf(!process.env.REDIS_URL)('losing Redis makes the limited routes 503, not unlimited', async () => {
    const redisUrl = process.env.REDIS_URL as string;
    const prefix = `bmm-test-${randomBytes(6).toString('hex')}`;
    const t = await createTestApp({ config: { redisUrl, redisKeyPrefix: prefix } });
    try {
      const user = await t.makeUser();
      expect((await t.call('POST', '/api/auth/login', { body: { email: user.email, password: user.password } })).status).toBe(
        200,
      );
      await t.deps.rateCounter.close(); // the connection to Redis is gone
      const refused = await t.call('POST', '/api/auth/login', { body: { email: user.email, password: user.password } });
      expect(refused.status).toBe(503);
      expect(refused.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', request_id: expect.any(String) });
    } finally {
      await t.close();
      const redis = new Redis(redisUrl);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    }
  });
});
