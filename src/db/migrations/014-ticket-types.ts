import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * Ticket types, formats and the child-ticket rule.
 *
 * A showtime gets a format (2D by default) with a surcharge per ticket, and a price card: null
 * until the admin sets one, which reads as the default types (adult, child, senior, student) at
 * each seat's own price. Existing showtimes therefore keep selling at their current prices, as
 * adult and as every other default type. A booking seat records its ticket type and the surcharge
 * included in its price (older rows: adult, none). `settings` holds admin-editable settings as
 * JSON by key; the ratings that refuse child tickets are seeded here.
 */
export function ticketTypesSchema(dialect: DialectName) {
  const millis = dialect === 'postgres' ? 'bigint' : 'integer';
  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
  const up = async (db: Kysely<any>) => {
    await db.schema
      .alterTable('events')
      .addColumn('format', 'text', (c) => c.notNull().defaultTo('2D'))
      .execute();
    await db.schema
      .alterTable('events')
      .addColumn('format_surcharge', 'integer', (c) => c.notNull().defaultTo(0).check(sql`format_surcharge >= 0`))
      .execute();
    await db.schema.alterTable('events').addColumn('price_card', 'text').execute();

    await db.schema
      .alterTable('booking_seats')
      .addColumn('ticket_type', 'text', (c) => c.notNull().defaultTo('adult'))
      .execute();
    await db.schema
      .alterTable('booking_seats')
      .addColumn('surcharge', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();

    await db.schema
      .createTable('settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('updated_at', millis, (c) => c.notNull())
      .execute();
    // A copy of core's DEFAULT_CHILD_RESTRICTED_RATINGS as of this migration.
    await db
      .insertInto('settings')
      .values({ key: 'child_restricted_ratings', value: JSON.stringify(['NC-17', '18', 'R18+']), updated_at: Date.now() })
      .execute();
  };
  return { up };
}
