import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * What `npm run import-prototype` brought in from the Python prototype's database, by the
 * prototype's id: a second run finds each thing again instead of adding it twice. `kind` is
 * 'user', 'movie', 'event', 'hall' (a layout fingerprint), 'booking' (the prototype's reference)
 * or 'account' (the placeholder owner of imported bookings).
 */
export function prototypeImportSchema(dialect: DialectName) {
  const millis = dialect === 'postgres' ? 'bigint' : 'integer';

  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
  const up = async (db: Kysely<any>) => {
    await db.schema
      .createTable('prototype_imports')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('prototype_id', 'text', (c) => c.notNull())
      .addColumn('local_id', 'integer', (c) => c.notNull())
      .addColumn('imported_at', millis, (c) => c.notNull())
      .addPrimaryKeyConstraint('prototype_imports_pk', ['kind', 'prototype_id'])
      .execute();
  };
  return { up };
}
