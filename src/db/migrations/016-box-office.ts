import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * The box office. A shift is one staff member's time at the counter with a cash drawer: opened
 * with a float, closed with the cash counted; a partial unique index keeps one open shift per
 * staff member. A counter sale is an ordinary booking owned by the staff member that also names
 * its shift, how it was paid and, optionally, the customer's email for the tickets. A refund given
 * at the counter names the shift whose drawer paid it out. Existing bookings and refunds have no
 * shift: they were sold online.
 */
export function boxOfficeSchema(dialect: DialectName) {
  const pg = dialect === 'postgres';
  const millis = pg ? 'bigint' : 'integer';
  const id = pg ? 'serial' : 'integer';

  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
  const up = async (db: Kysely<any>) => {
    await db.schema
      .createTable('box_office_shifts')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('staff_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'closed')`))
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('opening_float', millis, (c) => c.notNull().check(sql`opening_float >= 0`))
      .addColumn('opened_at', millis, (c) => c.notNull())
      .addColumn('counted_cash', millis, (c) => c.check(sql`counted_cash >= 0`))
      .addColumn('closed_at', millis)
      .execute();
    await sql`create unique index box_office_shifts_one_open on box_office_shifts (staff_id) where status = 'open'`.execute(db);
    await db.schema.createIndex('box_office_shifts_staff').on('box_office_shifts').columns(['staff_id', 'opened_at']).execute();

    await db.schema
      .alterTable('bookings')
      .addColumn('shift_id', 'integer', (c) => c.references('box_office_shifts.id'))
      .execute();
    await db.schema
      .alterTable('bookings')
      .addColumn('payment_method', 'text', (c) => c.check(sql`payment_method in ('cash', 'card')`))
      .execute();
    await db.schema.alterTable('bookings').addColumn('customer_email', 'text').execute();
    await db.schema.createIndex('bookings_shift').on('bookings').columns(['shift_id', 'status']).execute();

    await db.schema
      .alterTable('refunds')
      .addColumn('shift_id', 'integer', (c) => c.references('box_office_shifts.id'))
      .execute();
    await db.schema.createIndex('refunds_shift').on('refunds').column('shift_id').execute();
  };
  return { up };
}
