import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../src/db/migrate.js';
import { simulatedCardProcessor } from '../src/payments/simulated-card-processor.js';
import { buildApp } from '../src/server/app.js';
import { manualClock } from '../src/services/clock.js';
import { freshDatabase, type TestDatabase, testDialect } from './helpers/database.js';
import { APPROVED_CARD, T0, testConfig } from './helpers/test-app.js';

/**
 * Migration 014 adds ticket types and formats. A showtime and a paid booking from before it keep
 * their prices: the seats sell at the same price as adult (and as every default type), the old
 * booking reads as adult tickets, and the showtime is 2D without a surcharge.
 */

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase('013-tickets-and-roles');
});
afterAll(async () => {
  await database.drop();
});

describe(`migration 014 on a database with showtimes and bookings (${testDialect()})`, () => {
  it('keeps every price: adult costs what the seat cost, and an old booking reads as adult tickets', async () => {
    // biome-ignore lint/suspicious/noExplicitAny: the schema before 014
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
        total_seats: 3,
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
        total_amount: 1500,
        currency: 'USD',
        expires_at: now,
        created_at: now,
        paid_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const seat = (label: string, category: string, factor: number, price: number, booked: boolean) =>
      k
        .insertInto('seats')
        .values({
          event_id: event.id,
          row_label: label[0],
          row_index: label[0] === 'A' ? 1 : 2,
          number: Number(label.slice(1)),
          label,
          category,
          factor_bp: factor,
          price,
          status: booked ? 'booked' : 'available',
          booking_id: booked ? booking.id : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
    const a1 = await seat('A1', 'premium', 15000, 1500, true);
    const b1 = await seat('B1', 'standard', 10000, 1000, false);
    const b2 = await seat('B2', 'standard', 10000, 1000, false);
    await k.insertInto('booking_seats').values({ booking_id: booking.id, seat_id: a1.id, label: 'A1', price: 1500 }).execute();

    await migrateToLatest(database.db);

    const clock = manualClock(now);
    const { app, services } = await buildApp({
      config: testConfig(),
      db: database.db,
      clock,
      payments: simulatedCardProcessor(),
      logger: false,
      sweepIntervalMs: 0,
      migrate: false,
    });
    try {
      await app.ready();
      const token = services.auth.issueToken(user.id, 'user');
      const call = async (method: 'GET' | 'POST', url: string, body?: unknown) => {
        const res = await app.inject({
          method,
          url,
          headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
          ...(body ? { payload: JSON.stringify(body) } : {}),
        });
        return { status: res.statusCode, body: res.json(), raw: res.body };
      };

      const old = await call('GET', '/api/bookings/OLDBOOKING1');
      expect(old.status, old.raw).toBe(200);
      expect(old.body).toMatchObject({
        total_amount: 15,
        breakdown: [{ seat: 'A1', ticket_type: 'adult', price: 15, surcharge: 0 }],
      });

      const listed = await call('GET', `/api/events/${event.id}`);
      expect(listed.body).toMatchObject({ format: '2D', format_surcharge: 0, price_from: 10 });

      const held = await call('POST', '/api/book-seats', { seat_ids: [b1.id] });
      expect(held.status, held.raw).toBe(201);
      expect(held.body).toMatchObject({ total_amount: 10, breakdown: [{ ticket_type: 'adult', price: 10 }] });
      const child = await call('POST', '/api/book-seats', { seat_ids: [b2.id], ticket_types: { [b2.id]: 'child' } });
      expect(child.status, child.raw).toBe(201);
      expect(child.body.total_amount).toBe(10);
      const paid = await call('POST', '/api/confirm-payment', {
        booking_reference: child.body.booking_reference,
        payment: APPROVED_CARD,
      });
      expect(paid.status, paid.raw).toBe(200);
      expect(paid.body.total_amount).toBe(10);

      const settings = await database.db.kysely.selectFrom('settings').selectAll().execute();
      expect(settings.map((s) => [s.key, JSON.parse(s.value)])).toEqual([['child_restricted_ratings', ['NC-17', '18', 'R18+']]]);
    } finally {
      await app.close();
    }
  });
});
