import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../src/db/migrate.js';
import { simulatedCardProcessor } from '../src/payments/simulated-card-processor.js';
import { buildApp } from '../src/server/app.js';
import { manualClock } from '../src/services/clock.js';
import { freshDatabase, type TestDatabase, testDialect } from './helpers/database.js';
import { T0, testConfig } from './helpers/test-app.js';

/**
 * Migration 020 adds promo codes. A paid booking from before it reads as undiscounted: no code,
 * a discount of 0, and cancelling it refunds its seats' full prices as before.
 */

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase('019-waitlist');
});
afterAll(async () => {
  await database.drop();
});

describe(`migration 020 on a database with bookings (${testDialect()})`, () => {
  it('keeps an old booking undiscounted, refundable in full', async () => {
    // biome-ignore lint/suspicious/noExplicitAny: the schema before 020
    const k = database.db.kysely as any;
    const now = T0;
    const user = await k
      .insertInto('users')
      .values({ email: 'old@example.com', password_hash: 'x', full_name: 'Old', role: 'user', is_active: 1, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const movie = await k
      .insertInto('movies')
      .values({ title: 'Old film', rating: 'PG', duration_minutes: 100, created_at: now })
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
        total_seats: 1,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const booking = await k
      .insertInto('bookings')
      .values({
        reference: 'OLDBOOKING2',
        user_id: user.id,
        event_id: event.id,
        status: 'confirmed',
        total_amount: 1500,
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
        row_index: 1,
        number: 1,
        label: 'A1',
        category: 'premium',
        factor_bp: 15000,
        price: 1500,
        status: 'booked',
        booking_id: booking.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await k.insertInto('booking_seats').values({ booking_id: booking.id, seat_id: seat.id, label: 'A1', price: 1500 }).execute();

    expect(await migrateToLatest(database.db)).toContain('020-promo-codes');

    const { app, services } = await buildApp({
      config: testConfig(),
      db: database.db,
      clock: manualClock(now),
      payments: simulatedCardProcessor(),
      logger: false,
      sweepIntervalMs: 0,
      migrate: false,
    });
    try {
      await app.ready();
      const token = services.auth.issueToken(user.id, 'user');
      const old = await app.inject({
        method: 'GET',
        url: '/api/bookings/OLDBOOKING2',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(old.statusCode, old.body).toBe(200);
      expect(old.json()).toMatchObject({
        total_amount: 15,
        discount_amount: 0,
        promo_code: null,
        cancellation: { allowed: true, refund_amount: 15 },
      });
      expect(old.json().breakdown[0].discount).toBeUndefined();
      const codes = await database.db.kysely.selectFrom('promo_codes').selectAll().execute();
      expect(codes).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
