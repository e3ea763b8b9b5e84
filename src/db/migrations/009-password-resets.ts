import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * Forgotten passwords: one row per emailed link. The token is never stored: only its SHA-256
 * (to find the row) and the random salt it is derived from with a key made from SECRET_KEY
 * (src/core/password-reset.ts), so the email can be written again on a retry.
 */
export function passwordResetsSchema(dialect: DialectName) {
  const millis = dialect === 'postgres' ? 'bigint' : 'integer';
  const id = dialect === 'postgres' ? 'bigserial' : 'integer';

  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
  const up = async (db: Kysely<any>) => {
    await db.schema
      .createTable('password_resets')
      .addColumn('id', id, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('salt', 'text', (c) => c.notNull())
      // Null only inside the transaction that creates the row (the token needs the row's id).
      .addColumn('token_hash', 'text', (c) => c.unique())
      .addColumn('created_at', millis, (c) => c.notNull())
      .addColumn('expires_at', millis, (c) => c.notNull())
      .addColumn('used_at', millis)
      .execute();
    await db.schema.createIndex('password_resets_user').on('password_resets').columns(['user_id', 'used_at']).execute();
  };
  return { up };
}
