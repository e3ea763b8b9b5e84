import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * Security events in the audit log: how each attempt ended, and which account it was about by
 * email (a failed sign-in may name an account that does not exist, so there is no id to give).
 * Both are null on rows written before. The append-only triggers of 002 cover every column, new
 * ones included, so nothing more is needed to keep them unchangeable.
 */
export function auditSecurityEventsSchema(_dialect: DialectName) {
  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
  const up = async (db: Kysely<any>) => {
    await db.schema
      .alterTable('audit_log')
      .addColumn('outcome', 'text', (c) => c.check(sql`outcome in ('success', 'failure', 'blocked')`))
      .execute();
    await db.schema.alterTable('audit_log').addColumn('target_email', 'text').execute();
    // The screen filters sign-in events by action; the log grows with every sign-in.
    await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'id']).execute();
  };
  return { up };
}
