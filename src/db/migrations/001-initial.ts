import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.js';

/** The first schema. Column types are chosen so one set of queries runs on SQLite and PostgreSQL. */
export function initialSchema(dialect: DialectName) {
  const pg = dialect === 'postgres';
  // SQLite's `integer primary key` is the rowid: assigned automatically, like serial.
  const idType = pg ? 'serial' : 'integer';
  const millis = pg ? 'bigint' : 'integer';

  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
  const up = async (db: Kysely<any>) => {
    await db.schema
      .createTable('users')
      .addColumn('id', idType, (c) => c.primaryKey())
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('full_name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('user', 'admin')`))
      .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', millis, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('setup_claims')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('created_at', millis, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('movies')
      .addColumn('id', idType, (c) => c.primaryKey())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('duration_minutes', 'integer')
      .addColumn('genre', 'text')
      .addColumn('rating', 'text')
      .addColumn('poster_url', 'text')
      .addColumn('release_date', 'text')
      .addColumn('created_at', millis, (c) => c.notNull())
      .addColumn('deleted_at', millis)
      .execute();

    await db.schema
      .createTable('halls')
      .addColumn('id', idType, (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('rows', 'integer', (c) => c.notNull())
      .addColumn('seats_per_row', 'integer', (c) => c.notNull())
      .addColumn('categories', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('created_at', millis, (c) => c.notNull())
      .addColumn('deleted_at', millis)
      .execute();
    await db.schema
      .createIndex('halls_name_live')
      .on('halls')
      .column('name')
      .unique()
      .where(sql.ref('deleted_at'), 'is', null)
      .execute();

    await db.schema
      .createTable('events')
      .addColumn('id', idType, (c) => c.primaryKey())
      .addColumn('movie_id', 'integer', (c) => c.notNull().references('movies.id'))
      .addColumn('hall_id', 'integer', (c) => c.references('halls.id'))
      .addColumn('start_time', millis, (c) => c.notNull())
      .addColumn('end_time', millis, (c) => c.notNull())
      .addColumn('base_price', 'integer', (c) => c.notNull().check(sql`base_price >= 0`))
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('total_seats', 'integer', (c) => c.notNull())
      .addColumn('created_at', millis, (c) => c.notNull())
      .addColumn('deleted_at', millis)
      .execute();
    await db.schema.createIndex('events_start').on('events').column('start_time').execute();
    await db.schema.createIndex('events_hall_start').on('events').columns(['hall_id', 'start_time']).execute();

    await db.schema
      .createTable('bookings')
      .addColumn('id', idType, (c) => c.primaryKey())
      .addColumn('reference', 'text', (c) => c.notNull().unique())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id'))
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'confirmed', 'cancelled', 'expired')`))
      .addColumn('total_amount', 'integer', (c) => c.notNull().check(sql`total_amount >= 0`))
      .addColumn('refund_amount', 'integer')
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('expires_at', millis, (c) => c.notNull())
      .addColumn('created_at', millis, (c) => c.notNull())
      .addColumn('paid_at', millis)
      .addColumn('cancelled_at', millis)
      .addColumn('payment_id', 'text')
      .execute();
    await db.schema.createIndex('bookings_user').on('bookings').columns(['user_id', 'created_at']).execute();
    await db.schema.createIndex('bookings_event').on('bookings').columns(['event_id', 'status']).execute();
    await db.schema.createIndex('bookings_pending').on('bookings').columns(['status', 'expires_at']).execute();

    // One row per seat, so one column (booking_id) names the only booking that may own it: two
    // active bookings can never own one seat. The check ties status and owner together.
    await db.schema
      .createTable('seats')
      .addColumn('id', idType, (c) => c.primaryKey())
      .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id'))
      .addColumn('row_label', 'text', (c) => c.notNull())
      .addColumn('row_index', 'integer', (c) => c.notNull())
      .addColumn('number', 'integer', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('factor_bp', 'integer', (c) => c.notNull())
      .addColumn('price', 'integer', (c) => c.notNull().check(sql`price >= 0`))
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('available'))
      .addColumn('booking_id', 'integer', (c) => c.references('bookings.id'))
      .addColumn('hold_expires_at', millis)
      .addCheckConstraint(
        'seat_owner_matches_status',
        sql`(status = 'available' and booking_id is null and hold_expires_at is null)
         or (status = 'held' and booking_id is not null and hold_expires_at is not null)
         or (status = 'booked' and booking_id is not null and hold_expires_at is null)`,
      )
      .addUniqueConstraint('seats_event_label', ['event_id', 'label'])
      .execute();
    await db.schema.createIndex('seats_event').on('seats').columns(['event_id', 'row_index', 'number']).execute();
    await db.schema.createIndex('seats_booking').on('seats').column('booking_id').execute();
    await db.schema.createIndex('seats_holds').on('seats').columns(['status', 'hold_expires_at']).execute();

    await db.schema
      .createTable('booking_seats')
      .addColumn('booking_id', 'integer', (c) => c.notNull().references('bookings.id'))
      .addColumn('seat_id', 'integer', (c) => c.notNull().references('seats.id'))
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('price', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('booking_seats_pk', ['booking_id', 'seat_id'])
      .execute();

    await db.schema
      .createTable('payments')
      .addColumn('id', idType, (c) => c.primaryKey())
      .addColumn('booking_id', 'integer', (c) => c.notNull().references('bookings.id'))
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('processing', 'succeeded', 'declined', 'refunded')`))
      .addColumn('amount', 'integer', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('provider_payment_id', 'text')
      .addColumn('provider_refund_id', 'text')
      .addColumn('created_at', millis, (c) => c.notNull())
      .addColumn('updated_at', millis, (c) => c.notNull())
      .execute();
    // At most one payment per booking may be in flight or have taken money: a second confirm
    // cannot charge twice, however the requests interleave.
    await db.schema
      .createIndex('payments_one_live')
      .on('payments')
      .column('booking_id')
      .unique()
      .where(sql.ref('status'), 'in', sql`('processing', 'succeeded', 'refunded')`)
      .execute();
  };

  return { up };
}
