import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * The waitlist of sold-out showtimes: one row per place in a queue. `booking_id` is the hold
 * made for the customer when seats were offered to them (src/core/waitlist.ts).
 */
export function waitlistSchema(dialect: DialectName) {
  const millis = dialect === 'postgres' ? 'bigint' : 'integer';
  const id = dialect === 'postgres' ? 'bigserial' : 'integer';
  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
  const up = async (db: Kysely<any>) => {
    await db.schema
      .createTable('waitlist_entries')
      .addColumn('id', id, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id').onDelete('cascade'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('count', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', millis, (c) => c.notNull())
      .addColumn('updated_at', millis, (c) => c.notNull())
      .addColumn('booking_id', 'integer', (c) => c.references('bookings.id'))
      .execute();
    await db.schema.createIndex('waitlist_queue').on('waitlist_entries').columns(['event_id', 'status', 'id']).execute();
    // One place in the queue per customer per showtime.
    await db.schema
      .createIndex('waitlist_one_place')
      .on('waitlist_entries')
      .columns(['event_id', 'user_id'])
      .unique()
      .where(sql.ref('status'), '=', 'waiting')
      .execute();
  };
  return { up };
}
