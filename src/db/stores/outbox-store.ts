import type { Kysely, Selectable, Transaction } from 'kysely';
import { describeFailure, nextAttemptAt, OUTBOX_KEEP_DELIVERED_MS, OUTBOX_LEASE_MS } from '../../core/outbox.js';
import type { Db } from '../database.js';
import type { Database, OutboxTable } from '../schema.js';

/** An effect to deliver after the transaction that wrote it commits. */
export type OutboxEffect = { topic: string; kind: string; payload: unknown };
export type OutboxRow = Selectable<OutboxTable>;

/**
 * Writes effects in the caller's transaction: they exist if and only if the change that caused
 * them committed. One statement for all of them.
 */
export async function enqueueEffects(
  trx: Transaction<Database> | Kysely<Database>,
  effects: OutboxEffect[],
  now: number,
): Promise<void> {
  if (effects.length === 0) return;
  await trx
    .insertInto('outbox')
    .values(
      effects.map((e) => ({
        topic: e.topic,
        kind: e.kind,
        payload: JSON.stringify(e.payload),
        created_at: now,
        available_at: now,
      })),
    )
    .execute();
}

export function outboxStore(db: Db) {
  const k = db.kysely;
  const pg = db.dialect === 'postgres';

  return {
    /**
     * Takes up to `limit` effects for this worker until the lease ends. A topic's effects go out
     * in order: only topics whose oldest waiting effect is due and unclaimed are taken, and then
     * all of that topic's waiting effects with it. On PostgreSQL, rows another instance is
     * claiming at this moment are skipped (FOR UPDATE SKIP LOCKED), so no effect is taken twice
     * at once; on SQLite the claim runs under the write lock.
     */
    async claim(now: number, limit: number): Promise<OutboxRow[]> {
      return db.transaction(async (trx) => {
        const heads = await trx
          .selectFrom('outbox as o')
          .select(['o.id', 'o.topic'])
          .where('o.delivered_at', 'is', null)
          .where('o.available_at', '<=', now)
          .where((eb) => eb.or([eb('o.claimed_until', 'is', null), eb('o.claimed_until', '<=', now)]))
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom('outbox as p')
                  .select('p.id')
                  .whereRef('p.topic', '=', 'o.topic')
                  .where('p.delivered_at', 'is', null)
                  .whereRef('p.id', '<', 'o.id'),
              ),
            ),
          )
          .orderBy('o.id')
          .limit(limit)
          .$if(pg, (q) => q.forUpdate().skipLocked())
          .execute();
        if (heads.length === 0) return [];
        const topics = [...new Set(heads.map((h) => h.topic))];
        return trx
          .updateTable('outbox')
          .set({ claimed_until: now + OUTBOX_LEASE_MS })
          .where('delivered_at', 'is', null)
          .where('topic', 'in', topics)
          .where(
            'id',
            'in',
            trx
              .selectFrom('outbox')
              .select('id')
              .where('delivered_at', 'is', null)
              .where('topic', 'in', topics)
              .orderBy('id')
              .limit(limit),
          )
          .returningAll()
          .execute()
          .then((rows) => rows.sort((a, b) => a.id - b.id));
      });
    },

    async markDelivered(ids: number[], now: number): Promise<void> {
      if (ids.length === 0) return;
      await k
        .updateTable('outbox')
        .set({ delivered_at: now, claimed_until: null, last_error: null })
        .where('id', 'in', ids)
        .execute();
    },

    /** The effect failed: it waits (backoff) and keeps why; the rest of its topic waits behind it. */
    async markFailed(row: OutboxRow, error: unknown, now: number): Promise<void> {
      await k
        .updateTable('outbox')
        .set({
          attempts: row.attempts + 1,
          last_error: describeFailure(error),
          available_at: nextAttemptAt(now, row.attempts + 1),
          claimed_until: null,
        })
        .where('id', '=', row.id)
        .execute();
    },

    /** Hands claimed effects back untried (their topic stopped at an earlier failure). */
    async release(ids: number[]): Promise<void> {
      if (ids.length === 0) return;
      await k.updateTable('outbox').set({ claimed_until: null }).where('id', 'in', ids).execute();
    },

    async purgeDelivered(now: number): Promise<number> {
      const result = await k
        .deleteFrom('outbox')
        .where('delivered_at', '<', now - OUTBOX_KEEP_DELIVERED_MS)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    /** What is still waiting, oldest first (admin screens, check-integrity, tests). */
    waiting: (filter: { kind?: string; limit?: number } = {}) =>
      k
        .selectFrom('outbox')
        .selectAll()
        .where('delivered_at', 'is', null)
        .$if(filter.kind !== undefined, (q) => q.where('kind', '=', filter.kind as string))
        .orderBy('id')
        .limit(filter.limit ?? 100)
        .execute(),
  };
}

export type OutboxStore = ReturnType<typeof outboxStore>;
