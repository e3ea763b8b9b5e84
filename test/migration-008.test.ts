import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../src/db/migrate.js';
import { freshDatabase, type TestDatabase, testDialect } from './helpers/database.js';

/**
 * Migration 008 widens bookings.status (on SQLite by rebuilding the table). A database with
 * bookings, seats, payments and booking seats before it keeps every row and every link after it.
 */

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase('007-setup-codes');
});
afterAll(async () => {
  await database.drop();
});

describe(`migration 008 on a database with bookings (${testDialect()})`, () => {
  it('keeps every booking and its links, accepts awaiting_payment, and still refuses an unknown status', async () => {
    // biome-ignore lint/suspicious/noExplicitAny: the schema before 008
    const k = database.db.kysely as any;
    const now = Date.UTC(2100, 0, 1);
    const user = await k
      .insertInto('users')
      .values({ email: 'old@example.com', password_hash: 'x', full_name: 'Old', role: 'user', is_active: 1, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const movie = await k
      .insertInto('movies')
      .values({ title: 'Old film', created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const event = await k
      .insertInto('events')
      .values({
        movie_id: movie.id,
        start_time: now + 86_400_000,
        end_time: now + 90_000_000,
        base_price: 1000,
        currency: 'USD',
        total_seats: 2,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const booking = await k
      .insertInto('bookings')
      .values({
        reference: 'OLDBOOKING1',
        user_id: user.id,
        event_id: event.id,
        status: 'confirmed',
        total_amount: 1000,
        currency: 'USD',
        expires_at: now,
        created_at: now,
        paid_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const seat = await k
      .insertInto('seats')
      .values({
        event_id: event.id,
        row_label: 'A',
        row_index: 0,
        number: 1,
        label: 'A1',
        category: 'standard',
        factor_bp: 10000,
        price: 1000,
        status: 'booked',
        booking_id: booking.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await k.insertInto('booking_seats').values({ booking_id: booking.id, seat_id: seat.id, label: 'A1', price: 1000 }).execute();
    await k
      .insertInto('payments')
      .values({
        booking_id: booking.id,
        status: 'succeeded',
        amount: 1000,
        currency: 'USD',
        provider_payment_id: 'pay_old',
        created_at: now,
        updated_at: now,
      })
      .execute();

    await migrateToLatest(database.db);

    const after = await database.db.kysely.selectFrom('bookings').selectAll().execute();
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({
      id: booking.id,
      reference: 'OLDBOOKING1',
      status: 'confirmed',
      total_amount: 1000,
      fee_amount: 0,
    });
    const linked = await database.db.kysely
      .selectFrom('seats as s')
      .innerJoin('bookings as b', 'b.id', 's.booking_id')
      .innerJoin('payments as p', 'p.booking_id', 'b.id')
      .select(['s.label', 'p.provider_payment_id', 'p.provider'])
      .execute();
    expect(linked).toEqual([{ label: 'A1', provider_payment_id: 'pay_old', provider: 'simulated' }]);

    await database.db.kysely.updateTable('bookings').set({ status: 'awaiting_payment' }).where('id', '=', booking.id).execute();
    await expect(sql`update bookings set status = 'lost' where id = ${booking.id}`.execute(database.db.kysely)).rejects.toThrow();
    // The references into bookings still hold: a seat cannot point at a booking that is not there.
    await expect(
      database.db.kysely.updateTable('seats').set({ booking_id: 999_999 }).where('id', '=', seat.id).execute(),
    ).rejects.toThrow();
  });
});
