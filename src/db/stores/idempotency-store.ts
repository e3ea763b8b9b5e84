import type { Db } from '../database.js';
import { isUniqueViolation } from './hall-store.js';

export type IdempotencyClaim =
  | { kind: 'claimed' }
  | { kind: 'replay'; statusCode: number; body: string }
  | { kind: 'in-progress' }
  | { kind: 'mismatch' };

/** A claim still unanswered after this long belongs to a request that died; a retry may take it over. */
const ABANDONED_AFTER_MS = 60_000;

export function idempotencyStore(db: Db) {
  const k = db.kysely;
  const where = (key: { userId: number; route: string; key: string }) =>
    k
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('user_id', '=', key.userId)
      .where('route', '=', key.route)
      .where('key', '=', key.key);

  return {
    /** Claims a key for this request, or says what an earlier request with the same key left. */
    async claim(input: {
      userId: number;
      route: string;
      key: string;
      requestHash: string;
      now: number;
      ttlMs: number;
    }): Promise<IdempotencyClaim> {
      const id = { userId: input.userId, route: input.route, key: input.key };
      const existing = await where(id).executeTakeFirst();
      if (existing) {
        const stale =
          existing.expires_at <= input.now ||
          (existing.status_code === null && existing.created_at + ABANDONED_AFTER_MS <= input.now);
        if (!stale) {
          if (existing.request_hash !== input.requestHash) return { kind: 'mismatch' };
          if (existing.status_code === null) return { kind: 'in-progress' };
          return { kind: 'replay', statusCode: existing.status_code, body: existing.response_body ?? '' };
        }
        await k
          .deleteFrom('idempotency_keys')
          .where('user_id', '=', id.userId)
          .where('route', '=', id.route)
          .where('key', '=', id.key)
          .where('created_at', '=', existing.created_at)
          .execute();
      }
      try {
        await k
          .insertInto('idempotency_keys')
          .values({
            user_id: input.userId,
            route: input.route,
            key: input.key,
            request_hash: input.requestHash,
            created_at: input.now,
            expires_at: input.now + input.ttlMs,
          })
          .execute();
        return { kind: 'claimed' };
      } catch (error) {
        // Another request with the same key claimed it between our read and insert.
        if (isUniqueViolation(error)) return { kind: 'in-progress' };
        throw error;
      }
    },

    async complete(key: { userId: number; route: string; key: string }, statusCode: number, body: string): Promise<void> {
      await k
        .updateTable('idempotency_keys')
        .set({ status_code: statusCode, response_body: body })
        .where('user_id', '=', key.userId)
        .where('route', '=', key.route)
        .where('key', '=', key.key)
        .execute();
    },

    /** A failure on our side is not an answer: the client may retry with the same key. */
    async release(key: { userId: number; route: string; key: string }): Promise<void> {
      await k
        .deleteFrom('idempotency_keys')
        .where('user_id', '=', key.userId)
        .where('route', '=', key.route)
        .where('key', '=', key.key)
        .where('status_code', 'is', null)
        .execute();
    },

    async purgeExpired(now: number): Promise<void> {
      await k.deleteFrom('idempotency_keys').where('expires_at', '<=', now).execute();
    },
  };
}

export type IdempotencyStore = ReturnType<typeof idempotencyStore>;
