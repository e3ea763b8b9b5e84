import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.js';
import { rebuildSqliteTable } from './sqlite-rebuild.js';

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
 * CHECK, so the table is rebuilt from its own definition (rebuildSqliteTable).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
async function allowBookingStatuses(db: Kysely<any>, dialect: DialectName, statuses: string[]) {
  const list = sql.raw(statuses.map((s) => `'${s}'`).join(', '));
  if (dialect === 'postgres') {
    await sql`alter table bookings drop constraint if exists bookings_status_check`.execute(db);
    await sql`alter table bookings add constraint bookings_status_check check (status in (${list}))`.execute(db);
    return;
  }
  const checked = `"status" text not null check (status in (${statuses.map((s) => `'${s}'`).join(', ')}))`;
  await rebuildSqliteTable(
    db,
    'bookings',
    (definition) => definition.replace(/"?status"?\s+text\s+not null\s+check\s*\(\s*status in \([^)]*\)\s*\)/i, checked),
    'awaiting_payment',
  );
}
