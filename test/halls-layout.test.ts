import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planHallSeats } from '../src/core/seat-layout.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { simulatedCardProcessor } from '../src/payments/simulated-card-processor.js';
import { buildApp } from '../src/server/app.js';
import { manualClock } from '../src/services/clock.js';
import { freshDatabase, type TestDatabase } from './helpers/database.js';
import { createTestApp, HOUR, T0, type TestApp, testConfig } from './helpers/test-app.js';

type Account = Awaited<ReturnType<TestApp['makeUser']>>;
type SeatView = {
  seat_id: number;
  label: string;
  row: string;
  number: number;
  kind: string;
  category: string;
  price: number;
  status: string;
  row_index: number;
  column: number;
};

let t: TestApp;
let admin: Account;
let user: Account;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.makeUser('admin');
  user = await t.makeUser('user');
});
afterAll(async () => t.close());

const unique = (prefix: string) => `${prefix} ${Math.random().toString(36).slice(2, 8)}`;

async function hall(body: Record<string, unknown>, status = 201) {
  const r = await t.call('POST', '/api/admin/halls', { token: admin.token, body: { name: unique('Hall'), ...body } });
  expect(r.status, r.raw).toBe(status);
  return r.body;
}

async function showtimeIn(hallId: number, hoursAhead = 24) {
  const movie = await t.call('POST', '/api/admin/movies', {
    token: admin.token,
    body: { title: unique('Film'), duration_minutes: 90 },
  });
  const event = await t.call('POST', '/api/admin/events', {
    token: admin.token,
    body: {
      movie_id: movie.body.id,
      hall_id: hallId,
      start_time: new Date(t.clock.now() + hoursAhead * HOUR).toISOString(),
      price: 10,
    },
  });
  expect(event.status, event.raw).toBe(201);
  return event.body as { event_id: number; total_seats: number; available_seats: number };
}

async function seatsOf(eventId: number): Promise<SeatView[]> {
  const r = await t.call('GET', `/api/events/${eventId}/seats`);
  expect(r.status).toBe(200);
  return r.body.seats;
}

const AISLED = ['A: SSSS__SSSS', 'B: SSSS__SSSS', 'C: [premium]SSSS__SSSS', 'D: WC__SSSS__CW', 'E: XSPP__PPSX'].join('\n');

describe('hall shapes', () => {
  it('creates a hall from the text form and gives it back in both forms', async () => {
    const body = await hall({ layout: { text: AISLED, categories: [{ name: 'premium', price_factor: 1.5 }] } });
    expect(body.layout.text).toBe(AISLED);
    expect(body.rows).toBe(5);
    expect(body.seats_per_row).toBe(12);
    expect(body.total_seats).toBe(38); // 40 seats, 2 blocked
    expect(body.layout.rows[0].positions[4]).toBeNull();
    expect(body.layout.rows[3].positions[0]).toEqual({ kind: 'wheelchair', category: 'standard', number: 1 });
    expect(body.categories).toEqual([{ name: 'premium', from_row: 3, to_row: 3, price_factor: 1.5 }]);
    expect(body.single_seat_rule).toBe(true);
  });

  it('creates the same hall from rows of positions', async () => {
    const fromText = await hall({ layout: { text: 'A: SS_WC' } });
    const fromRows = await hall({
      layout: {
        rows: [{ label: 'a', positions: [{}, { kind: 'standard' }, null, { kind: 'wheelchair' }, { kind: 'companion' }] }],
      },
    });
    expect(fromRows.layout).toEqual(fromText.layout);
  });

  it('names the line or field of a bad layout (422)', async () => {
    const bad = await hall({ layout: { text: 'A: SSQ\nB: SC_S' } }, 422);
    expect(bad.errors).toEqual([{ field: 'body/layout/text/line 1', message: expect.stringContaining('"Q"') }]);
    const lonely = await hall({ layout: { text: 'A: SC_S' } }, 422);
    expect(lonely.errors[0].field).toBe('body/layout/rows/0/positions/1');
    const both = await hall({ rows: 2, seats_per_row: 2, layout: { text: 'A: SS' } }, 422);
    expect(both.errors[0].field).toBe('body/layout');
    const neither = await hall({}, 422);
    expect(neither.errors[0].field).toBe('body/rows');
  });

  it('still takes a rectangle with row ranges, as a shape', async () => {
    const body = await hall({
      rows: 3,
      seats_per_row: 4,
      categories: [{ name: 'vip', from_row: 3, to_row: 3, price_factor: 2 }],
    });
    expect(body.total_seats).toBe(12);
    expect(body.layout.text).toBe('A: SSSS\nB: SSSS\nC: [vip]SSSS');
    expect(body.categories).toEqual([{ name: 'vip', from_row: 3, to_row: 3, price_factor: 2 }]);
    // Older clients' rectangles sell as they always did, unless asked.
    expect(body.single_seat_rule).toBe(false);
    expect((await hall({ rows: 1, seats_per_row: 3, single_seat_rule: true })).single_seat_rule).toBe(true);
  });

  it('generates showtime seats with kinds, columns and categories; blocked seats are not capacity', async () => {
    const h = await hall({ layout: { text: AISLED, categories: [{ name: 'premium', price_factor: 1.5 }] } });
    const event = await showtimeIn(h.id);
    expect(event.total_seats).toBe(38);
    expect(event.available_seats).toBe(38);
    const seats = await seatsOf(event.event_id);
    const by = (label: string) => seats.find((s) => s.label === label) as SeatView;
    expect(by('A5')).toMatchObject({ column: 7, row_index: 1, kind: 'standard', price: 10 });
    expect(by('C1')).toMatchObject({ category: 'premium', price: 15 });
    expect(by('D1')).toMatchObject({ kind: 'wheelchair' });
    expect(by('E1')).toMatchObject({ kind: 'blocked' });
    const map = await t.call('GET', `/api/events/${event.event_id}/seats`);
    expect(map.body.single_seat_rule).toBe(true);
    expect(Date.parse(map.body.accessible_release_at)).toBe(t.clock.now() + 24 * HOUR - 60 * 60_000);
  });

  it('keeps the prototype total_seats grid working, with kinds and columns', async () => {
    const { eventId } = await t.makeShowtime(admin, { totalSeats: 7 });
    const seats = await seatsOf(eventId);
    expect(seats).toHaveLength(7);
    expect(seats.every((s) => s.kind === 'standard' && s.column === s.number)).toBe(true);
  });

  it('regenerates seats of a hall without bookings, and refuses a layout change once a future showtime has one (409)', async () => {
    const h = await hall({ layout: { text: 'A: SSSS\nB: SSSS' } });
    const event = await showtimeIn(h.id);
    const changed = await t.call('PUT', `/api/admin/halls/${h.id}`, {
      token: admin.token,
      body: { layout: { text: 'A: SS_SS' } },
    });
    expect(changed.status, changed.raw).toBe(200);
    const seats = await seatsOf(event.event_id);
    expect(seats.map((s) => `${s.label}@${s.column}`)).toEqual(['A1@1', 'A2@2', 'A3@4', 'A4@5']);
    const held = await t.call('POST', '/api/book-seats', {
      token: user.token,
      body: { seat_ids: seats.slice(0, 2).map((s) => s.seat_id) },
    });
    expect(held.status, held.raw).toBe(201);
    const refused = await t.call('PUT', `/api/admin/halls/${h.id}`, { token: admin.token, body: { layout: { text: 'A: SSS' } } });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('HAS_ACTIVE_BOOKINGS');
    // The switch is not a layout: it may change.
    const off = await t.call('PUT', `/api/admin/halls/${h.id}`, { token: admin.token, body: { single_seat_rule: false } });
    expect(off.status, off.raw).toBe(200);
    expect(off.body.single_seat_rule).toBe(false);
    expect(off.body.layout.text).toBe('A: SS_SS');
  });
});

describe('migration 012', () => {
  let database: TestDatabase;
  afterAll(async () => database?.drop());

  it('converts existing halls and keeps their showtimes bookable', async () => {
    database = await freshDatabase('010-prototype-import');
    // biome-ignore lint/suspicious/noExplicitAny: rows as a pre-012 server wrote them, before the schema type knew its columns
    const k = database.db.kysely as any;
    const hallRow = await k
      .insertInto('halls')
      .values({
        name: 'Old hall',
        rows: 2,
        seats_per_row: 3,
        categories: JSON.stringify([{ name: 'vip', from_row: 2, to_row: 2, price_factor: 2 }]),
        created_at: 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const movie = await k
      .insertInto('movies')
      .values({ title: 'Old film', created_at: 0 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const start = T0 + 24 * HOUR;
    const event = await k
      .insertInto('events')
      .values({
        movie_id: movie.id,
        hall_id: hallRow.id,
        start_time: start,
        end_time: start + 2 * HOUR,
        base_price: 1000,
        currency: 'USD',
        total_seats: 6,
        created_at: 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const seats = planHallSeats(
      { rows: 2, seats_per_row: 3, categories: [{ name: 'vip', from_row: 2, to_row: 2, price_factor: 2 }] },
      1000,
    );
    await k
      .insertInto('seats')
      .values(
        seats.map((s) => ({
          event_id: event.id,
          row_label: s.row_label,
          row_index: s.row_index,
          number: s.number,
          label: s.label,
          category: s.category,
          factor_bp: s.factor_bp,
          price: s.price,
          status: 'available',
        })),
      )
      .execute();

    expect(await migrateToLatest(database.db)).toContain('012-hall-shapes');

    const { app, services } = await buildApp({
      config: testConfig(),
      db: database.db,
      clock: manualClock(T0),
      payments: simulatedCardProcessor(),
      logger: false,
      sweepIntervalMs: 0,
      migrate: false,
    });
    await app.ready();
    try {
      const adminId = await k
        .insertInto('users')
        .values({
          email: 'old-admin@example.com',
          password_hash: 'x',
          full_name: 'Old admin',
          role: 'admin',
          is_active: 1,
          created_at: 0,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const token = services.auth.issueToken(adminId.id, 'admin');
      const get = async (url: string) =>
        JSON.parse((await app.inject({ url, headers: { authorization: `Bearer ${token}` } })).body);
      const [oldHall] = await get('/api/admin/halls');
      expect(oldHall.layout.text).toBe('A: SSS\nB: [vip]SSS');
      expect(oldHall.layout.categories).toEqual([{ name: 'vip', price_factor: 2 }]);
      expect(oldHall.total_seats).toBe(6);
      expect(oldHall.single_seat_rule).toBe(false);
      const map = await get(`/api/events/${event.id}/seats`);
      expect(map.seats.map((s: SeatView) => `${s.label}:${s.kind}@${s.column}:${s.price}`)).toEqual([
        'A1:standard@1:10',
        'A2:standard@2:10',
        'A3:standard@3:10',
        'B1:standard@1:20',
        'B2:standard@2:20',
        'B3:standard@3:20',
      ]);
      const held = await app.inject({
        method: 'POST',
        url: '/api/book-seats',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload: JSON.stringify({ seat_ids: map.seats.slice(0, 3).map((s: SeatView) => s.seat_id) }),
      });
      expect(held.statusCode, held.body).toBe(201);
    } finally {
      await app.close();
    }
  });
});
