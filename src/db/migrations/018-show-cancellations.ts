import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * A showtime the cinema cancelled: when, and the reason customers are told. Its bookings are
 * cancelled and refunded by the booking lifecycle (cancel_reason 'show_cancelled').
 */
export function showCancellationsSchema(dialect: DialectName) {
  const millis = dialect === 'postgres' ? 'bigint' : 'integer';
  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
  const up = async (db: Kysely<any>) => {
    await db.schema.alterTable('events').addColumn('cancelled_at', millis).execute();
    await db.schema.alterTable('events').addColumn('cancel_note', 'text').execute();
  };
  return { up };
}
