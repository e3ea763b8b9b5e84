import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.js';

/** Money as 64-bit integers on PostgreSQL; why a booking was cancelled; card declines told apart from outages. */
export function moneyAndDeclinesSchema(dialect: DialectName) {
  const pg = dialect === 'postgres';

  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
  const up = async (db: Kysely<any>) => {
    // PostgreSQL's integer is 32-bit: a dear seat times a big factor times ten seats passed
    // 2^31 minor units and the hold failed with a 500. SQLite's integers are already 64-bit.
    if (pg) {
      const money: [string, string][] = [
        ['events', 'base_price'],
        ['seats', 'price'],
        ['booking_seats', 'price'],
        ['bookings', 'total_amount'],
        ['bookings', 'refund_amount'],
        ['payments', 'amount'],
      ];
      for (const [table, column] of money) {
        await db.schema
          .alterTable(table)
          .alterColumn(column, (c) => c.setDataType('bigint'))
          .execute();
      }
    }

    // Null unless the service cancelled it by itself (e.g. 'too_many_declines'); customers see why.
    await db.schema.alterTable('bookings').addColumn('cancel_reason', 'text').execute();

    // A declined payment is either the card's refusal (counted against card testing) or the
    // processor being unreachable (not the customer's doing). Null on rows written before.
    await db.schema
      .alterTable('payments')
      .addColumn('failure_kind', 'text', (c) => c.check(sql`failure_kind in ('card_declined', 'provider_error')`))
      .execute();
    // Declines are counted per booking before each attempt.
    await db.schema.createIndex('payments_booking').on('payments').columns(['booking_id', 'status']).execute();
  };
  return { up };
}
