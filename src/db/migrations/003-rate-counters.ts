import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * Rate-limit counters shared by every instance on this database (when REDIS_URL is not set):
 * one row per key, counting points until `expires_at`, when the next point starts a new window.
 */
export function rateCountersSchema(dialect: DialectName) {
  const millis = dialect === 'postgres' ? 'bigint' : 'integer';

  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
  const up = async (db: Kysely<any>) => {
    await db.schema
      .createTable('rate_counters')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addColumn('expires_at', millis, (c) => c.notNull())
      .execute();
    // Housekeeping deletes by expiry.
    await db.schema.createIndex('rate_counters_expiry').on('rate_counters').column('expires_at').execute();
  };
  return { up };
}
