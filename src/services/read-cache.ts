import { createHash } from 'node:crypto';
import type { SeatBus } from '../realtime/seat-bus.js';
import { COMPRESSION_THRESHOLD_BYTES, type ContentEncoding, compressors, negotiateEncoding } from './response-encoding.js';

/**
 * Kept encoded: a hot response is sent as the same bytes every time, never re-encoded. Its
 * compressed copies sit beside the plain bytes (see `encodedBody`).
 */
export type CachedBody = { body: Buffer; etag: string; compressed: Partial<Record<ContentEncoding, Buffer>> };
type Entry = CachedBody & { generation: number; builtAt: number; validUntil: number };

const MAX_ENTRIES = 2000;

/**
 * Ready-to-send JSON for the hottest reads (seat maps, showtime lists), rebuilt only when a seat
 * of the showtime changes. Every committed seat change reaches this process's bus (from other
 * instances too, through the feed), so that is what invalidates. A hold running out changes a
 * seat without any message until the sweeper runs, so an entry also expires at the earliest hold
 * expiry it contains. A short time-to-live bounds what nothing announces (an admin edit made on
 * another instance).
 */
export function readCache(options: { bus: SeatBus; now: () => number; ttlMs?: number }) {
  const ttlMs = options.ttlMs ?? 2000;
  const entries = new Map<string, Entry>();
  const building = new Map<string, Promise<Entry | null>>();
  // One generation per showtime and one for "anything changed", bumped by every seat message.
  const generations = new Map<number, number>();
  let anyGeneration = 0;
  options.bus.onAnyChange((eventId) => invalidateEvent(eventId));

  function invalidateEvent(eventId: number) {
    generations.set(eventId, (generations.get(eventId) ?? 0) + 1);
    anyGeneration += 1;
  }

  const generationOf = (scope: number | 'all') => (scope === 'all' ? anyGeneration : (generations.get(scope) ?? 0));

  /**
   * The cached body for `key`, built by `build` when missing or stale. `scope` says which
   * changes make it stale: one showtime's, or any. Concurrent misses share one build.
   */
  async function get(
    key: string,
    scope: number | 'all',
    build: () => Promise<{ value: unknown; validUntil?: number } | null>,
  ): Promise<CachedBody | null> {
    const entry = entries.get(key);
    const now = options.now();
    if (entry && entry.generation === generationOf(scope) && now < entry.validUntil && Date.now() - entry.builtAt < ttlMs) {
      return entry;
    }
    let pending = building.get(key);
    if (!pending) {
      const generation = generationOf(scope);
      pending = build()
        .then((built) => {
          if (!built) return null;
          const body = Buffer.from(JSON.stringify(built.value));
          const fresh: Entry = {
            body,
            compressed: {},
            etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
            generation,
            builtAt: Date.now(),
            validUntil: built.validUntil ?? Number.POSITIVE_INFINITY,
          };
          // A change that landed while building makes this copy stale already: serve it once, keep none.
          if (generation === generationOf(scope)) {
            // Keys come from query strings; a flood of distinct ones must not grow memory forever.
            if (entries.size >= MAX_ENTRIES) entries.clear();
            entries.set(key, fresh);
          }
          return fresh;
        })
        .finally(() => building.delete(key));
      building.set(key, pending);
    }
    return pending;
  }

  return {
    get,
    invalidateEvent,
    /** Admin edits: showtimes appear, move or vanish. */
    invalidateAll() {
      entries.clear();
      anyGeneration += 1;
    },
  };
}

export type ReadCache = ReturnType<typeof readCache>;

/** The encoding `cached` goes out in for this `Accept-Encoding`; none below the threshold. */
export function encodingFor(cached: CachedBody, acceptEncoding: string | string[] | undefined): ContentEncoding | undefined {
  return cached.body.length < COMPRESSION_THRESHOLD_BYTES ? undefined : negotiateEncoding(acceptEncoding);
}

/**
 * `cached` compressed with `encoding`, made by the first request that asks for it and kept in the
 * entry, so a crowd reading one seat map costs one compression per encoding per change. Made on
 * demand rather than with the entry: the stream snapshots share this cache and are never sent
 * compressed, and most clients only ever ask for brotli.
 */
export function encodedBody(cached: CachedBody, encoding: ContentEncoding): Buffer {
  cached.compressed[encoding] ??= compressors[encoding](cached.body);
  return cached.compressed[encoding];
}
