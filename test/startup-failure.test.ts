import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.js';
import { testConfig } from './helpers/test-app.js';

/** A start-up that fails half-way leaves no Redis connection open behind it (the app's onClose never runs). */

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
afterAll(() => redis.disconnect());

async function redisClients(): Promise<number> {
  const list = (await redis.call('CLIENT', 'LIST')) as string;
  return list.trim().split('\n').length;
}

// Timeouts that cut quiet seat streams are refused while the app is assembled, after the
// database and the rate counter are open.
const refusedTimeouts = { idleSocketMs: 1000, streamHeartbeatMs: 5000 };

describe('a start-up that fails after opening its connections', () => {
  it('closes the Redis connection it opened', async () => {
    await redis.connect();
    const before = await redisClients();
    const dir = mkdtempSync(join(tmpdir(), 'bmm-fail-'));
    const config = testConfig({ databaseUrl: `sqlite:${dir}/app.db`, redisUrl: REDIS_URL, redisKeyPrefix: 'bmm-fail-test:' });
    for (let i = 0; i < 3; i++) {
      await expect(buildApp({ config, timeouts: refusedTimeouts, logger: false, sweepIntervalMs: 0 })).rejects.toThrow(
        /heartbeat must be shorter/,
      );
    }
    // Closing is asynchronous on the server's side: allow it a moment.
    for (let i = 0; i < 20 && (await redisClients()) > before; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await redisClients()).toBe(before);
  });
});
