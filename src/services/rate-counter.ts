import { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../config.js';
import { AppError } from '../contract/errors.js';
import { type RateRule, type RateVerdict, rateVerdict, retryAfterSeconds } from '../core/rate-limit.js';
import type { Db } from '../db/database.js';
import { rateCounterStore } from '../db/stores/rate-counter-store.js';
import type { Clock } from './clock.js';

/**
 * The one counter behind every rate limit and throttle, shared by all instances: in Redis when
 * REDIS_URL is set, otherwise in the database they share (table `rate_counters`; expired rows
 * are purged by `forgetExpired`). The per-address limits of @fastify/rate-limit
 * (`src/server/plugins/rate-limit-store.ts`) and the per-account sign-in throttle use it.
 *
 * To add a limit, pick a key that names the limit and its subject, and a rule from `core`:
 *
 *   const verdict = await deps.rateCounter.consume(`holds-per-user:${user.id}`, 1, HOLDS_PER_USER);
 *   if (!verdict.allowed) throw rateLimited(verdict, 'Too many holds');
 *
 * or `await enforceRate(deps.rateCounter, key, rule, 'Too many holds')`. Consume before doing the
 * expensive or risky thing: the count is taken atomically, so N concurrent callers see N distinct
 * counts and only `limit` of them are allowed. To count only some outcomes (failures), consume
 * first and `release` the point when the outcome turns out not to count.
 */
export type RateCounter = {
  /** Adds `points` to `key`'s current window (starting one if there is none) and reports the count. */
  consume(key: string, points: number, rule: RateRule): Promise<RateVerdict>;
  /** Gives back points consumed in the current window; nothing happens once that window has ended. */
  release(key: string, points: number, rule: RateRule): Promise<void>;
  close(): Promise<void>;
};

/** A 429 in the service's error shape, with Retry-After. */
export function rateLimited(verdict: RateVerdict, what: string): AppError {
  const seconds = retryAfterSeconds(verdict);
  return new AppError('RATE_LIMITED', `${what}; try again in ${seconds} seconds`, {
    headers: { 'retry-after': String(seconds) },
  });
}

/** Counts one attempt at `key` and throws a 429 when it is over the rule's limit. */
export async function enforceRate(counter: RateCounter, key: string, rule: RateRule, what: string): Promise<RateVerdict> {
  const verdict = await counter.consume(key, 1, rule);
  if (!verdict.allowed) throw rateLimited(verdict, what);
  return verdict;
}

/** Counters in the service's database, windows timed by the service clock (tests move it). */
export function databaseRateCounter(db: Db, clock: Clock): RateCounter {
  const store = rateCounterStore(db);
  return {
    async consume(key, points, rule) {
      const now = clock.now();
      const state = await store.add(key, points, rule.windowMs, now);
      return rateVerdict(rule, state.count, state.expiresAt - now);
    },
    async release(key, points) {
      await store.release(key, points, clock.now());
    },
    close: async () => {},
  };
}

// Decrements only a live key, never below 0 (giving back into a window that has already ended
// would start the next one in credit); DECRBY keeps the key's expiry.
const RELEASE_SCRIPT = `if redis.call('exists', KEYS[1]) == 0 then return 0 end
local left = redis.call('decrby', KEYS[1], ARGV[1])
if left < 0 then
  redis.call('incrby', KEYS[1], -left)
  left = 0
end
return left`;

/** Redis is unreachable: refuse the request (503) rather than let it through unlimited. */
function unavailable(cause: unknown): AppError {
  const error = new AppError('SERVICE_UNAVAILABLE', 'Rate limits cannot be checked right now; try again shortly');
  error.cause = cause;
  return error;
}

/**
 * Counters in Redis through rate-limiter-flexible (its atomic INCRBY + expiry script). Windows
 * are timed by Redis, in whole seconds. Connects before returning, so a wrong REDIS_URL stops
 * start-up; later outages fail the limited requests with 503 instead of queueing them.
 */
export async function redisRateCounter(url: string, keyPrefix: string): Promise<RateCounter> {
  const redis = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 2000 });
  // Connection trouble is reported per command (as a 503); an unhandled 'error' event would crash.
  redis.on('error', () => {});
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new Error(`REDIS_URL: cannot connect to Redis (${(error as Error).message})`, { cause: error });
  }
  const limiters = new Map<string, RateLimiterRedis>();
  const limiterFor = (rule: RateRule) => {
    const id = `${rule.limit}/${rule.windowMs}`;
    let limiter = limiters.get(id);
    if (!limiter) {
      limiter = new RateLimiterRedis({
        storeClient: redis,
        keyPrefix,
        points: rule.limit,
        duration: Math.max(1, Math.ceil(rule.windowMs / 1000)),
        rejectIfRedisNotReady: true,
      });
      limiters.set(id, limiter);
    }
    return limiter;
  };
  return {
    async consume(key, points, rule) {
      try {
        const result = await limiterFor(rule).consume(key, points);
        return rateVerdict(rule, result.consumedPoints, result.msBeforeNext);
      } catch (refusal) {
        // rate-limiter-flexible rejects with the counter's state when the limit is exceeded.
        if (refusal instanceof RateLimiterRes) return rateVerdict(rule, refusal.consumedPoints, refusal.msBeforeNext);
        throw unavailable(refusal);
      }
    },
    async release(key, points, rule) {
      try {
        await redis.eval(RELEASE_SCRIPT, 1, limiterFor(rule).getKey(key), String(points));
      } catch (error) {
        throw unavailable(error);
      }
    },
    close: async () => {
      redis.disconnect();
    },
  };
}

/** Redis when REDIS_URL is set, else the database. */
export async function openRateCounter(config: Config, db: Db, clock: Clock): Promise<RateCounter> {
  if (config.redisUrl) return redisRateCounter(config.redisUrl, config.redisKeyPrefix);
  return databaseRateCounter(db, clock);
}
