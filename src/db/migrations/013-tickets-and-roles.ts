import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.js';
import { rebuildSqliteTable } from './sqlite-rebuild.js';

/**
 * Staff roles and tickets.
 *
 * Roles move from a CHECK on users.role to a `roles` table that users.role references: a new role
 * is a row, not a rebuild of the users table. The four roles of this version are seeded here.
 *
 * Tickets: one per seat of a confirmed booking, issued and voided by the booking lifecycle
 * (src/core/booking-lifecycle.ts). `used_at` is the first admission (the earliest scan, offline
 * ones included); a partial unique index keeps one live ticket per seat. `ticket_scans` records
 * every scan of a real ticket at the door, so staff can see duplicates. Confirmed bookings that
 * exist already get their tickets here.
 */
export function ticketsAndRolesSchema(dialect: DialectName) {
  const pg = dialect === 'postgres';
  const millis = pg ? 'bigint' : 'integer';
  const id = pg ? 'serial' : 'integer';

  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
  const up = async (db: Kysely<any>) => {
    await db.schema
      .createTable('roles')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .execute();
    await db
      .insertInto('roles')
      .values(['user', 'usher', 'box_office', 'admin'].map((name) => ({ name })))
      .execute();
    await roleByReference(db, dialect);

    await db.schema
      .createTable('tickets')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('booking_id', 'integer', (c) => c.notNull().references('bookings.id'))
      .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id'))
      .addColumn('seat_id', 'integer', (c) => c.notNull().references('seats.id'))
      .addColumn('seat_label', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('valid', 'used', 'void')`))
      .addColumn('issued_at', millis, (c) => c.notNull())
      .addColumn('used_at', millis)
      .addColumn('used_device', 'text')
      .addColumn('used_by', 'integer', (c) => c.references('users.id'))
      .addColumn('voided_at', millis)
      .execute();
    await db.schema.createIndex('tickets_booking_seat').on('tickets').columns(['booking_id', 'seat_id']).unique().execute();
    // A seat has at most one ticket that is not void: sold twice, the second issue fails.
    await sql`create unique index tickets_live_seat on tickets (seat_id) where status <> 'void'`.execute(db);
    await db.schema.createIndex('tickets_event_status').on('tickets').columns(['event_id', 'status']).execute();

    await db.schema
      .createTable('ticket_scans')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id'))
      .addColumn('event_id', 'integer', (c) => c.notNull())
      .addColumn('scanned_at', millis, (c) => c.notNull())
      .addColumn('received_at', millis, (c) => c.notNull())
      .addColumn('device_id', 'text')
      .addColumn('staff_id', 'integer', (c) => c.references('users.id'))
      .addColumn('offline', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('result', 'text', (c) => c.notNull().check(sql`result in ('admitted', 'duplicate')`))
      .execute();
    await db.schema.createIndex('ticket_scans_ticket').on('ticket_scans').column('ticket_id').execute();
    await db.schema.createIndex('ticket_scans_event').on('ticket_scans').columns(['event_id', 'result']).execute();

    // Bookings paid before tickets existed: a valid ticket for each seat still in them.
    await sql`
      insert into tickets (booking_id, event_id, seat_id, seat_label, status, issued_at)
      select b.id, b.event_id, bs.seat_id, bs.label, 'valid', coalesce(b.paid_at, b.created_at)
      from bookings b join booking_seats bs on bs.booking_id = b.id
      where b.status = 'confirmed' and bs.cancelled_at is null
      order by b.id, bs.seat_id`.execute(db);
  };
  return { up };
}

/**
 * users.role references roles(name) instead of a CHECK. PostgreSQL swaps the constraints; SQLite
 * cannot, so the table is rebuilt from its own definition as in 008 (foreign keys off, copy,
 * swap, check, on; in a transaction of its own, since SQLite migrations run outside one).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
async function roleByReference(db: Kysely<any>, dialect: DialectName) {
  if (dialect === 'postgres') {
    await sql`alter table users drop constraint if exists users_role_check`.execute(db);
    await sql`alter table users add constraint users_role_fkey foreign key (role) references roles (name)`.execute(db);
    return;
  }
  await rebuildSqliteTable(
    db,
    'users',
    (definition) =>
      definition.replace(
        /"?role"?\s+text\s+not null\s+check\s*\(\s*role in \([^)]*\)\s*\)/i,
        '"role" text not null references "roles" ("name")',
      ),
    'references "roles"',
  );
}
