import type { Db } from '../database.js';

export type AuditEntry = {
  at: number;
  actor_id: number | null;
  actor_email: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  details: Record<string, unknown>;
  ip: string | null;
};

/** Appends to the audit log. There is no update or delete here, and the database refuses both. */
export function auditStore(db: Db) {
  const k = db.kysely;
  return {
    async append(entries: AuditEntry[]): Promise<void> {
      if (entries.length === 0) return;
      await k
        .insertInto('audit_log')
        .values(entries.map((e) => ({ ...e, details: JSON.stringify(e.details) })))
        .execute();
    },

    async list(query: { action?: string; actorId?: number; targetType?: string; limit: number; beforeId?: number }) {
      const rows = await k
        .selectFrom('audit_log')
        .selectAll()
        .$if(query.action !== undefined, (q) => q.where('action', '=', query.action as string))
        .$if(query.actorId !== undefined, (q) => q.where('actor_id', '=', query.actorId as number))
        .$if(query.targetType !== undefined, (q) => q.where('target_type', '=', query.targetType as string))
        .$if(query.beforeId !== undefined, (q) => q.where('id', '<', query.beforeId as number))
        .orderBy('id', 'desc')
        .limit(query.limit)
        .execute();
      return rows.map((r) => ({ ...r, details: JSON.parse(r.details) as Record<string, unknown> }));
    },
  };
}

export type AuditStore = ReturnType<typeof auditStore>;
