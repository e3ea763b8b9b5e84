import { type Kysely, sql } from 'kysely';
import type { Db } from '../database.js';
import type { Database } from '../schema.js';

export type AuditEntry = {
  at: number;
  actor_id: number | null;
  actor_email: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  details: Record<string, unknown>;
  ip: string | null;
  outcome?: 'success' | 'failure' | 'blocked' | null;
  target_email?: string | null;
};

/**
 * Appends entries with the given executor: pass a transaction to record an event in the same
 * transaction as the change it describes, so one never commits without the other.
 */
export async function appendAudit(executor: Kysely<Database>, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await executor
    .insertInto('audit_log')
    .values(entries.map((e) => ({ ...e, details: JSON.stringify(e.details) })))
    .execute();
}

/** Appends to the audit log. There is no update or delete here, and the database refuses both. */
export function auditStore(db: Db) {
  const k = db.kysely;
  return {
    append: (entries: AuditEntry[]) => appendAudit(k, entries),

    async list(query: {
      action?: string;
      actionPrefix?: string;
      actorId?: number;
      targetType?: string;
      outcome?: string;
      limit: number;
      beforeId?: number;
    }) {
      const prefix = query.actionPrefix;
      const rows = await k
        .selectFrom('audit_log')
        .selectAll()
        .$if(query.action !== undefined, (q) => q.where('action', '=', query.action as string))
        // substr, not LIKE: no wildcards to escape, and no collation or case folding to surprise.
        .$if(prefix !== undefined, (q) => q.where(sql<string>`substr(action, 1, ${prefix?.length ?? 0})`, '=', prefix as string))
        .$if(query.actorId !== undefined, (q) => q.where('actor_id', '=', query.actorId as number))
        .$if(query.targetType !== undefined, (q) => q.where('target_type', '=', query.targetType as string))
        .$if(query.outcome !== undefined, (q) => q.where('outcome', '=', query.outcome as 'success'))
        .$if(query.beforeId !== undefined, (q) => q.where('id', '<', query.beforeId as number))
        .orderBy('id', 'desc')
        .limit(query.limit)
        .execute();
      return rows.map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }));
    },
  };
}

export type AuditStore = ReturnType<typeof auditStore>;
