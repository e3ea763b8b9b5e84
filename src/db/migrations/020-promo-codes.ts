import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * Promo codes. `uses` counts live redemptions: a hold takes one with a conditional UPDATE
 * (`uses < max_uses`), an expired or cancelled booking gives it back. One redemption per booking
 * records the discount. A booking keeps the code and the discount it was held with; each booking
 * seat its share of the discount (what a refund of that seat gives back). Existing bookings and
 * seats read as undiscounted (0, no code).
 */
export function promoCodesSchema(dialect: DialectName) {
  const millis = dialect === 'postgres' ? 'bigint' : 'integer';
  const id = dialect === 'postgres' ? 'bigserial' : 'integer';
  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
  const up = async (db: Kysely<any>) => {
    await db.schema
      .createTable('promo_codes')
      .addColumn('id', id, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
      // Stored upper-case: codes compare without case.
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('percent', 'fixed')`))
      // Percent (1-100) or an amount in minor units.
      .addColumn('value', 'integer', (c) => c.notNull().check(sql`value > 0`))
      .addColumn('valid_from', millis)
      .addColumn('valid_until', millis)
      .addColumn('max_uses', 'integer')
      .addColumn('max_uses_per_user', 'integer')
      .addColumn('movie_ids', 'text')
      .addColumn('event_ids', 'text')
      .addColumn('ticket_types', 'text')
      .addColumn('min_seats', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('uses', 'integer', (c) => c.notNull().defaultTo(0).check(sql`uses >= 0`))
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', millis, (c) => c.notNull())
      .addColumn('updated_at', millis, (c) => c.notNull())
      .addCheckConstraint('promo_codes_within_cap', sql`max_uses is null or uses <= max_uses`)
      .execute();
    await db.schema
      .createTable('promo_redemptions')
      .addColumn('id', id, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('promo_code_id', 'integer', (c) => c.notNull().references('promo_codes.id'))
      .addColumn('booking_id', 'integer', (c) => c.notNull().unique().references('bookings.id'))
      .addColumn('user_id', 'integer', (c) => c.notNull())
      .addColumn('discount', 'integer', (c) => c.notNull())
      .addColumn('created_at', millis, (c) => c.notNull())
      .addColumn('released_at', millis)
      .execute();
    await db.schema
      .createIndex('promo_redemptions_by_user')
      .on('promo_redemptions')
      .columns(['promo_code_id', 'user_id'])
      .execute();
    await db.schema
      .alterTable('bookings')
      .addColumn('discount_amount', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.alterTable('bookings').addColumn('promo_code', 'text').execute();
    await db.schema
      .alterTable('booking_seats')
      .addColumn('discount', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  };
  return { up };
}
