import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * The transactional outbox: every effect that must follow a commit (seat pushes, emails, refunds,
 * calls to the payment provider) is a row written in the same transaction as the change, and the
 * outbox worker delivers it at least once, in order per topic (one booking, one user).
 *
 * The booking lifecycle (src/core/booking-lifecycle.ts) adds `awaiting_payment` (a card provider
 * is taking the customer's payment), a flag for disputed charges and the one-time hold extension;
 * refunds become rows of their own (a booking can be refunded in parts); payments name their
 * provider.
 */
export function outboxSchema(dialect: DialectName) {
  const millis = dialect === 'postgres' ? 'bigint' : 'integer';
  const id = dialect === 'postgres' ? 'bigserial' : 'integer';

  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
  const up = async (db: Kysely<any>) => {
    await db.schema
      .createTable('outbox')
      .addColumn('id', id, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('topic', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('created_at', millis, (c) => c.notNull())
      .addColumn('available_at', millis, (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_error', 'text')
      .addColumn('claimed_until', millis)
      .addColumn('delivered_at', millis)
      .execute();
    // Only undelivered rows are ever searched; delivered ones are purged after a day.
    await sql`create index outbox_waiting on outbox (id) where delivered_at is null`.execute(db);
    await sql`create index outbox_waiting_topic on outbox (topic, id) where delivered_at is null`.execute(db);
    await db.schema.createIndex('outbox_delivered').on('outbox').column('delivered_at').execute();

    await allowBookingStatuses(db, dialect, ['pending', 'awaiting_payment', 'confirmed', 'cancelled', 'expired']);
    await db.schema.alterTable('bookings').addColumn('hold_extended_at', millis).execute();
    await db.schema.alterTable('bookings').addColumn('disputed_at', millis).execute();
    // Cancellation fees kept (minor units): with the refunds, they account for every payment.
    await db.schema
      .alterTable('bookings')
      .addColumn('fee_amount', dialect === 'postgres' ? 'bigint' : 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    // A partly cancelled booking keeps its cancelled seats, marked, for its history and receipts.
    await db.schema.alterTable('booking_seats').addColumn('cancelled_at', millis).execute();
    await db.schema
      .alterTable('payments')
      .addColumn('provider', 'text', (c) => c.notNull().defaultTo('simulated'))
      .execute();
    await db.schema.alterTable('payments').addColumn('provider_intent_id', 'text').execute();
    await db.schema.createIndex('payments_intent').on('payments').column('provider_intent_id').execute();

    await db.schema
      .createTable('refunds')
      .addColumn('id', id, (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('booking_id', 'integer', (c) => c.notNull().references('bookings.id'))
      .addColumn('payment_id', 'integer', (c) => c.notNull().references('payments.id'))
      .addColumn('amount', dialect === 'postgres' ? 'bigint' : 'integer', (c) => c.notNull().check(sql`amount > 0`))
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'succeeded')`))
      .addColumn('provider_refund_id', 'text')
      .addColumn('created_at', millis, (c) => c.notNull())
      .addColumn('updated_at', millis, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('refunds_booking').on('refunds').column('booking_id').execute();

    // Webhook events already handled, by the provider's event id: a redelivered event changes nothing.
    await db.schema
      .createTable('provider_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('received_at', millis, (c) => c.notNull())
      .execute();
  };
  return { up };
}

/**
 * Widens the CHECK on bookings.status. PostgreSQL swaps the constraint; SQLite cannot alter a
 * CHECK, so the table is rebuilt from its own definition (SQLite's documented procedure: foreign
 * keys off, copy, swap, check, on; migrations on SQLite run outside a transaction, so this one
 * opens its own).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
async function allowBookingStatuses(db: Kysely<any>, dialect: DialectName, statuses: string[]) {
  const list = sql.raw(statuses.map((s) => `'${s}'`).join(', '));
  if (dialect === 'postgres') {
    await sql`alter table bookings drop constraint if exists bookings_status_check`.execute(db);
    await sql`alter table bookings add constraint bookings_status_check check (status in (${list}))`.execute(db);
    return;
  }
  const table = await sql<{ sql: string }>`select sql from sqlite_schema where type = 'table' and name = 'bookings'`.execute(db);
  const indexes = await sql<{ sql: string }>`
    select sql from sqlite_schema where type = 'index' and tbl_name = 'bookings' and sql is not null`.execute(db);
  const definition = table.rows[0]?.sql;
  if (!definition) throw new Error('bookings table not found');
  const widened = definition
    .replace(
      /"?status"?\s+text\s+not null\s+check\s*\(\s*status in \([^)]*\)\s*\)/i,
      `"status" text not null check (status in (${statuses.map((s) => `'${s}'`).join(', ')}))`,
    )
    .replace(/^create table\s+"?bookings"?/i, 'create table "bookings_rebuilt"');
  if (!widened.includes('awaiting_payment')) throw new Error(`could not widen bookings.status in: ${definition}`);
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql`begin immediate`.execute(db);
    try {
      await sql.raw(widened).execute(db);
      await sql`insert into bookings_rebuilt select * from bookings`.execute(db);
      await sql`drop table bookings`.execute(db);
      await sql`alter table bookings_rebuilt rename to bookings`.execute(db);
      for (const index of indexes.rows) await sql.raw(index.sql).execute(db);
      const broken = await sql`pragma foreign_key_check`.execute(db);
      if (broken.rows.length > 0) throw new Error(`foreign keys broken by the bookings rebuild: ${JSON.stringify(broken.rows)}`);
      await sql`commit`.execute(db);
    } catch (error) {
      await sql`rollback`.execute(db);
      throw error;
    }
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}
