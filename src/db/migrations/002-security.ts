import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.js';

/** Sessions (refresh tokens), idempotent retries, and the append-only audit log. */
export function securitySchema(dialect: DialectName) {
  const pg = dialect === 'postgres';
  const idType = pg ? 'serial' : 'integer';
  const millis = pg ? 'bigint' : 'integer';

  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
  const up = async (db: Kysely<any>) => {
    // Access tokens issued before this moment are refused (password change, "sign out everywhere").
    await db.schema
      .alterTable('users')
      .addColumn('sessions_valid_after', millis, (c) => c.notNull().defaultTo(0))
      .execute();

    await db.schema
      .createTable('refresh_tokens')
      .addColumn('id', idType, (c) => c.primaryKey())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('family_id', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', millis, (c) => c.notNull())
      .addColumn('expires_at', millis, (c) => c.notNull())
      .addColumn('used_at', millis)
      .addColumn('revoked_at', millis)
      .execute();
    await db.schema.createIndex('refresh_tokens_family').on('refresh_tokens').column('family_id').execute();
    await db.schema.createIndex('refresh_tokens_user').on('refresh_tokens').column('user_id').execute();

    await db.schema
      .createTable('idempotency_keys')
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('route', 'text', (c) => c.notNull())
      .addColumn('request_hash', 'text', (c) => c.notNull())
      .addColumn('status_code', 'integer')
      .addColumn('response_body', 'text')
      .addColumn('created_at', millis, (c) => c.notNull())
      .addColumn('expires_at', millis, (c) => c.notNull())
      .addPrimaryKeyConstraint('idempotency_keys_pk', ['user_id', 'route', 'key'])
      .execute();
    await db.schema.createIndex('idempotency_keys_expiry').on('idempotency_keys').column('expires_at').execute();

    await db.schema
      .createTable('audit_log')
      .addColumn('id', idType, (c) => c.primaryKey())
      .addColumn('at', millis, (c) => c.notNull())
      .addColumn('actor_id', 'integer')
      .addColumn('actor_email', 'text')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target_type', 'text', (c) => c.notNull())
      .addColumn('target_id', 'text')
      .addColumn('details', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('ip', 'text')
      .execute();
    await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();

    // Append-only means the database itself refuses to rewrite history.
    if (pg) {
      await sql`create function audit_log_is_append_only() returns trigger language plpgsql as $$
        begin raise exception 'audit_log is append-only'; end $$`.execute(db);
      await sql`create trigger audit_log_append_only before update or delete on audit_log
        for each row execute function audit_log_is_append_only()`.execute(db);
    } else {
      await sql`create trigger audit_log_no_update before update on audit_log
        begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
      await sql`create trigger audit_log_no_delete before delete on audit_log
        begin select raise(abort, 'audit_log is append-only'); end`.execute(db);
    }
  };
  return { up };
}
