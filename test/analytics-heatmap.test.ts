import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPROVED_CARD, createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * GET /api/admin/analytics: occupancy by weekday × hour of each cinema's own clock, and each
 * cinema's business day now. The test clock starts on Friday 1 January 2100, 12:00 UTC.
 */

let t: TestApp;
let admin: Awaited<ReturnType<TestApp['makeUser']>>;
let customer: Awaited<ReturnType<TestApp['makeUser']>>;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.makeUser('admin');
  customer = await t.makeUser('user');
});
afterAll(async () => t.close());

type Cell = { weekday: number; hour: number; showtimes: number; sold: number; capacity: number };
type Body = {
  occupancy_heatmap: Cell[];
  business_day_start: string;
  today: { cinema_id: number; cinema: string; time_zone: string; business_date: string }[];
  per_showtime: { event_id: number; time_zone: string }[];
};

async function ok<T = { id: number; event_id: number }>(
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
  status = 201,
): Promise<T> {
  const r = await t.call(method, url, { token: admin.token, ...(body === undefined ? {} : { body }) });
  expect(r.status, r.raw).toBe(status);
  return r.body as T;
}

const analytics = () => ok<Body>('GET', '/api/admin/analytics', undefined, 200);

describe('occupancy heat map', () => {
  it("places each showtime by its own cinema's weekday and hour, counts sold seats, leaves cancelled ones out", async () => {
    const tokyo = await ok('POST', '/api/admin/cinemas', { name: 'Shibuya Screens', time_zone: 'Asia/Tokyo' });
    const tokyoHall = await ok('POST', '/api/admin/halls', { name: 'Sakura', rows: 2, seats_per_row: 5, cinema_id: tokyo.id });
    const homeHall = await ok('POST', '/api/admin/halls', { name: 'Main', rows: 4, seats_per_row: 5 });
    const movie = await ok('POST', '/api/admin/movies', {
      title: 'Night Ferry',
      description: 'Across the bay.',
      duration_minutes: 90,
      genre: 'Drama',
      rating: 'PG',
    });
    const show = (hall: number, wall: string) =>
      ok('POST', '/api/admin/events', { movie_id: movie.id, hall_id: hall, start_time: wall, price: 10 });
    // Friday 8 January 2100 at 19:30 in both cinemas: nine hours apart, one cell.
    const inTokyo = await show(tokyoHall.id, '2100-01-08T19:30');
    const atHome = await show(homeHall.id, '2100-01-08T19:30');
    // Saturday 00:30 in Tokyo is Friday's late show (business days start at 04:00): Friday, hour 0, after 19:00.
    await show(tokyoHall.id, '2100-01-09T00:30');
    // A cancelled showtime on Sunday 14:00 plays no part.
    const cancelled = await show(homeHall.id, '2100-01-10T14:00');
    await ok('POST', `/api/admin/events/${cancelled.event_id}/cancel`, { note: 'Projector repairs' }, 200);

    const seats = await t.call('GET', `/api/events/${inTokyo.event_id}/seats`);
    const held = await t.call('POST', '/api/book-seats', {
      token: customer.token,
      body: { seat_ids: seats.body.seats.slice(0, 3).map((s: { seat_id: number }) => s.seat_id) },
    });
    expect(held.status, held.raw).toBe(201);
    const paid = await t.call('POST', '/api/confirm-payment', {
      token: customer.token,
      body: { booking_reference: held.body.booking_reference, payment: APPROVED_CARD },
    });
    expect(paid.status, paid.raw).toBe(200);

    const body = await analytics();
    expect(body.occupancy_heatmap).toEqual([
      { weekday: 5, hour: 19, showtimes: 2, sold: 3, capacity: 30 },
      { weekday: 5, hour: 0, showtimes: 1, sold: 0, capacity: 10 },
    ]);
    expect(body.business_day_start).toBe('04:00');
    // Each upcoming showtime names its cinema's zone, so the overview reads its time there.
    const zoneOf = (id: number) => body.per_showtime.find((s) => s.event_id === id)?.time_zone;
    expect(zoneOf(inTokyo.event_id)).toBe('Asia/Tokyo');
    expect(zoneOf(atHome.event_id)).toBe('UTC');
  });

  it("gives each cinema's business day now, in its own zone", async () => {
    // 12:00 UTC on Friday 1 January is 21:00 in Tokyo: both are on Friday the 1st.
    const friday = await analytics();
    const zones = Object.fromEntries(friday.today.map((c) => [c.time_zone, c.business_date]));
    expect(zones).toEqual({ UTC: '2100-01-01', 'Asia/Tokyo': '2100-01-01' });
    // 17:00 UTC is 02:00 on Saturday in Tokyo: before the 04:00 start, so still Friday there.
    t.clock.advance(5 * 3_600_000);
    // A session signed in now: the earlier token has run out on the moved clock.
    admin = await t.makeUser('admin');
    const late = Object.fromEntries((await analytics()).today.map((c) => [c.time_zone, c.business_date]));
    expect(late).toEqual({ UTC: '2100-01-01', 'Asia/Tokyo': '2100-01-01' });
    // 20:00 UTC is 05:00 on Saturday in Tokyo: its day has turned, the home cinema's has not.
    t.clock.advance(3 * 3_600_000);
    admin = await t.makeUser('admin');
    const next = Object.fromEntries((await analytics()).today.map((c) => [c.time_zone, c.business_date]));
    expect(next).toEqual({ UTC: '2100-01-01', 'Asia/Tokyo': '2100-01-02' });
  });
});
