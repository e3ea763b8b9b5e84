import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advance, confirm, gridShowtime, hold } from './bookings-support.js';
import { createTestApp, HOUR, type TestApp } from './helpers/test-app.js';

type Account = Awaited<ReturnType<TestApp['makeUser']>>;
type Listed = { event_id: number; expected: number; admitted: number; doors_open: string; start_time: string };

// T0 is 2100-01-01 12:00 UTC: 21:00 in Tokyo, whose 1 January ends at 15:00 UTC.
let t: TestApp;
let admin: Account;
let usher: Account;
let alice: Account;

beforeAll(async () => {
  t = await createTestApp({ config: { cinemaTimeZone: 'Asia/Tokyo' } });
  admin = await t.makeUser('admin');
  usher = await t.makeUser('usher');
  alice = await t.makeUser('user');
});
afterAll(async () => t.close());

const listed = async (who: Account) => {
  const res = await t.call('GET', '/api/staff/showtimes', { token: who.token });
  expect(res.status, res.raw).toBe(200);
  return res.body as { date: string; time_zone: string; showtimes: Listed[] };
};

describe('GET /api/staff/showtimes', () => {
  it("lists the cinema's day in its own time zone, with tickets expected and admitted, and a late show once its doors open", async () => {
    const evening = await gridShowtime(t, admin, { hoursAhead: 1 }); // 22:00 Tokyo
    const late = await gridShowtime(t, admin, { hoursAhead: 2.5 }); // 23:30 Tokyo
    const afterMidnight = await gridShowtime(t, admin, { hoursAhead: 3.5 }); // 00:30 Tokyo, 2 January
    const tomorrow = await gridShowtime(t, admin, { hoursAhead: 20 });
    const booking = await hold(t, alice, [evening.seat('A1'), evening.seat('A2')]);
    expect((await confirm(t, alice, booking.booking_reference)).status).toBe(200);
    const tickets = await t.call('GET', `/api/bookings/${booking.booking_reference}/tickets`, { token: alice.token });
    const scan = await t.call('POST', '/api/staff/check-in', {
      token: usher.token,
      body: { code: tickets.body[0].qr, event_id: evening.eventId },
    });
    expect(scan.status, scan.raw).toBe(200);

    const day = await listed(usher);
    expect(day.date).toBe('2100-01-01');
    expect(day.time_zone).toBe('Asia/Tokyo');
    expect(day.showtimes.map((s) => s.event_id)).toEqual([evening.eventId, late.eventId]);
    expect(day.showtimes[0]).toMatchObject({
      expected: 2,
      admitted: 1,
      start_time: evening.event.start_time,
      doors_open: '2100-01-01T21:00:00+09:00',
    });
    expect(day.showtimes[1]).toMatchObject({ expected: 0, admitted: 0 });

    // 23:31 Tokyo: the 00:30 show's doors are open, so it is listed though it is tomorrow's.
    advance(t, 2.5 * HOUR + 60_000, usher);
    const night = await listed(usher);
    expect(night.date).toBe('2100-01-01');
    expect(night.showtimes.map((s) => s.event_id)).toEqual([evening.eventId, late.eventId, afterMidnight.eventId]);
    expect(night.showtimes.map((s) => s.event_id)).not.toContain(tomorrow.eventId);

    // 00:01 Tokyo on 2 January: a new day; the shows of the evening that have ended are gone.
    advance(t, 0.5 * HOUR, usher);
    const next = await listed(usher);
    expect(next.date).toBe('2100-01-02');
    expect(next.showtimes.map((s) => s.event_id)).toEqual([late.eventId, afterMidnight.eventId, tomorrow.eventId]);
  });

  it('lists one cinema at a time (cinema_id), each in its own zone and day; the first cinema by default', async () => {
    advance(t, 0, usher, admin);
    const call = (who: Account, url: string, body?: unknown) =>
      t.call(body === undefined ? 'GET' : 'POST', url, { token: who.token, ...(body === undefined ? {} : { body }) });
    const la = await call(admin, '/api/admin/cinemas', { name: 'Los Angeles', time_zone: 'America/Los_Angeles' });
    expect(la.status, la.raw).toBe(201);
    const hall = await call(admin, '/api/admin/halls', { name: 'LA 1', cinema_id: la.body.id, rows: 2, seats_per_row: 4 });
    expect(hall.status, hall.raw).toBe(201);
    const movie = await call(admin, '/api/admin/movies', { title: 'Pacific Time', duration_minutes: 90 });
    expect(movie.status, movie.raw).toBe(201);
    // Now is 2100-01-02 00:31 in Tokyo and 2100-01-01 07:31 in Los Angeles.
    const show = await call(admin, '/api/admin/events', {
      movie_id: movie.body.id,
      hall_id: hall.body.id,
      start_time: '2100-01-01T19:00',
      price: 12,
    });
    expect(show.status, show.raw).toBe(201);

    const res = await call(usher, `/api/staff/showtimes?cinema_id=${la.body.id}`);
    expect(res.status, res.raw).toBe(200);
    expect(res.body).toMatchObject({
      date: '2100-01-01',
      time_zone: 'America/Los_Angeles',
      cinema_id: la.body.id,
      cinema: 'Los Angeles',
    });
    expect(res.body.showtimes.map((s: Listed) => [s.event_id, s.start_time])).toEqual([
      [show.body.event_id, '2100-01-01T19:00:00-08:00'],
    ]);
    // Without cinema_id: the first cinema (Tokyo, CINEMA_TIME_ZONE), which does not list the LA show.
    const first = await listed(usher);
    expect(first).toMatchObject({ date: '2100-01-02', time_zone: 'Asia/Tokyo' });
    expect(first.showtimes.map((s) => s.event_id)).not.toContain(show.body.event_id);

    expect((await call(usher, '/api/staff/showtimes?cinema_id=99999')).body.code).toBe('CINEMA_NOT_FOUND');
    const bad = await call(usher, '/api/staff/showtimes?cinema_id=tokyo');
    expect(bad.status, bad.raw).toBe(422);
    expect(bad.raw).toContain('cinema_id');
  });

  it('is for door staff only', async () => {
    advance(t, 0, alice);
    expect((await t.call('GET', '/api/staff/showtimes', { token: alice.token })).status).toBe(403);
    expect((await t.call('GET', '/api/staff/showtimes')).status).toBe(401);
    const boxOffice = await t.makeUser('box_office');
    expect((await t.call('GET', '/api/staff/showtimes', { token: boxOffice.token })).status).toBe(200);
  });
});
