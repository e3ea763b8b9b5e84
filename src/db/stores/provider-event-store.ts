import type { Transaction } from 'kysely';
import type { Db } from '../database.js';
import type { Database } from '../schema.js';
import { Rollback } from './apply-transition.js';

/** A payment provider's webhook event, by the provider's own id. */
export type ProviderEventRef = { id: string; type: string };
export type DuplicateEvent = { ok: false; code: 'DUPLICATE_EVENT' };

/**
 * Records that an event was handled, in the transaction that handles it; an event seen before
 * rolls that transaction back (Rollback with DUPLICATE_EVENT), so a redelivery changes nothing.
 * Two deliveries at once: the second insert waits for the first transaction and then finds the row.
 */
export async function recordProviderEventOnce(trx: Transaction<Database>, event: ProviderEventRef, now: number): Promise<void> {
  const inserted = await trx
    .insertInto('provider_events')
    .values({ id: event.id, type: event.type, received_at: now })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) throw new Rollback<DuplicateEvent>({ ok: false, code: 'DUPLICATE_EVENT' });
}

export function providerEventStore(db: Db) {
  return {
    seen: async (id: string) =>
      (await db.kysely.selectFrom('provider_events').select('id').where('id', '=', id).executeTakeFirst()) !== undefined,

    /** An event that changes nothing here (an unknown type, another system's payment): only remembered. */
    async remember(event: ProviderEventRef, now: number): Promise<void> {
      await db.kysely
        .insertInto('provider_events')
        .values({ id: event.id, type: event.type, received_at: now })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    },
  };
}
