import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { RateCounter } from '../../services/rate-counter.js';

type Counted = { current: number; ttl: number };
/** What @fastify/rate-limit really passes to child(): the route's merged options with the route itself. */
type ChildOptions = { routeInfo?: { method?: string | string[]; url?: string } };

/**
 * @fastify/rate-limit's `store` option backed by the shared RateCounter, so a per-address limit
 * holds across every instance instead of once per process. The plugin builds the store once and
 * calls child() for each limited route; the child's counters are keyed by that route, so each
 * route keeps its own count per address as the plugin's in-memory store did.
 */
export function sharedRateLimitStore(counter: RateCounter): FastifyRateLimitStoreCtor {
  class SharedRateLimitStore implements FastifyRateLimitStore {
    readonly #scope: string;

    constructor(scope?: unknown) {
      this.#scope = typeof scope === 'string' ? scope : 'all-routes';
    }

    // The plugin always passes the route's window and maximum after the callback.
    incr(key: string, callback: (error: Error | null, result?: Counted) => void, timeWindow = 60_000, max = 1000): void {
      counter.consume(`per-address:${this.#scope}:${key}`, 1, { limit: max, windowMs: timeWindow }).then(
        (verdict) => callback(null, { current: verdict.count, ttl: verdict.resetsInMs }),
        (error: Error) => callback(error),
      );
    }

    child(options: unknown): FastifyRateLimitStore {
      const route = (options as ChildOptions).routeInfo ?? {};
      return new SharedRateLimitStore(`${[route.method ?? ''].flat().join(',')} ${route.url ?? ''}`);
    }
  }
  return SharedRateLimitStore;
}
