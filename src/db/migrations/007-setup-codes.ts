import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * First-time set-up codes: each server start while no admin exists adds one (as a SHA-256 hash),
 * so a code printed by any instance works on every instance behind the same load balancer.
 */
export function setupCodesSchema(dialect: DialectName) {
  const millis = dialect === 'postgres' ? 'bigint' : 'integer';

  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
  const up = async (db: Kysely<any>) => {
    await db.schema
      .createTable('setup_codes')
      .addColumn('code_hash', 'text', (c) => c.primaryKey())
      .addColumn('created_at', millis, (c) => c.notNull())
      .execute();
  };
  return { up };
}
