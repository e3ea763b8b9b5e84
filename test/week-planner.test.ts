import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_LISTING_DAYS } from '../src/core/week-planner.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

// The test clock starts on 1 January 2100 (showtimes cannot be created in the past), so the clock
// change used here is Los Angeles' on Sunday 2100-11-07 (02:00 → 01:00), the rule that turned its
// clocks back on 2026-11-01; the core tests cover that date itself.

let t: TestApp;
let token: string;
const get = (url: string) => t.call('GET', url, { token });
const post = async (url: string, body: unknown) => {
  const r = await t.call('POST', url, { token, body });
  expect(r.status, r.raw).toBe(201);
  return r.body;
};
const ids = (list: { event_id: number }[]) => list.map((e) => e.event_id).sort((a, b) => a - b);
const sorted = (...list: (number | undefined)[]) => list.map(Number).sort((a, b) => a - b);

let tokyo: number;
let la: number;
let tokyoA: number;
let tokyoB: number;
let laHall: number;
let dune: number;
let heat: number;
const shows: Record<string, number> = {};

beforeAll(async () => {
  t = await createTestApp();
  token = (await t.makeUser('admin')).token;
  tokyo = (await post('/api/admin/cinemas', { name: 'Shinjuku', time_zone: 'Asia/Tokyo' })).id;
  la = (await post('/api/admin/cinemas', { name: 'Sunset', time_zone: 'America/Los_Angeles' })).id;
  const hall = async (cinema_id: number, name: string) =>
    (await post('/api/admin/halls', { name, cinema_id, rows: 2, seats_per_row: 3 })).id as number;
  tokyoA = await hall(tokyo, 'Hall 1');
  tokyoB = await hall(tokyo, 'Hall 2');
  laHall = await hall(la, 'Hall 1');
  dune = (await post('/api/admin/movies', { title: 'Dune', duration_minutes: 166 })).id;
  heat = (await post('/api/admin/movies', { title: 'Heat', duration_minutes: 100 })).id;
  const show = async (key: string, movie_id: number, hall_id: number, start_time: string, fold?: string) => {
    shows[key] = (await post('/api/admin/events', { movie_id, hall_id, start_time, price: 10, ...(fold ? { fold } : {}) })).id;
  };
  await show('tokyoFri', dune, tokyoA, '2100-12-03T19:30');
  await show('tokyoLate', heat, tokyoA, '2100-12-04T00:30'); // Friday's business day
  await show('tokyoSat', heat, tokyoB, '2100-12-04T10:00');
  await show('laSat', dune, laHall, '2100-11-06T20:00');
  await show('laLate', heat, laHall, '2100-11-07T00:30'); // still Saturday's business day
  await show('laRepeated', heat, laHall, '2100-11-07T01:30', 'later'); // the second 01:30, Saturday's too
  await show('laSun', dune, laHall, '2100-11-07T19:00');
  await show('laNextMon', heat, laHall, '2100-11-08T19:00');
});
afterAll(async () => t.close());

describe('GET /api/admin/events filters', () => {
  it("filters by a business day in the cinema's zone: a show at 00:30 belongs to the day before", async () => {
    const friday = await get(`/api/admin/events?cinema_id=${tokyo}&date=2100-12-03`);
    expect(friday.status, friday.raw).toBe(200);
    expect(ids(friday.body)).toEqual(sorted(shows.tokyoFri, shows.tokyoLate));
    const late = friday.body.find((e: { event_id: number }) => e.event_id === shows.tokyoLate);
    expect(late).toMatchObject({ start_time: '2100-12-04T00:30:00+09:00', business_date: '2100-12-03', hall: 'Hall 1' });
    expect(ids((await get(`/api/admin/events?cinema_id=${tokyo}&date=2100-12-04`)).body)).toEqual([shows.tokyoSat]);
  });

  it('filters by hall and by film, alone or together', async () => {
    expect(ids((await get(`/api/admin/events?hall_id=${tokyoB}`)).body)).toEqual([shows.tokyoSat]);
    expect(ids((await get(`/api/admin/events?cinema_id=${tokyo}&movie_id=${heat}`)).body)).toEqual(
      sorted(shows.tokyoLate, shows.tokyoSat),
    );
    expect(ids((await get(`/api/admin/events?hall_id=${tokyoA}&movie_id=${heat}&date=2100-12-03`)).body)).toEqual([
      shows.tokyoLate,
    ]);
    expect((await get(`/api/admin/events?hall_id=${tokyoB}&movie_id=${dune}`)).body).toEqual([]);
  });

  it('lists a range of business days across the night Los Angeles turns its clocks back', async () => {
    const week = await get(`/api/admin/events?cinema_id=${la}&from=2100-11-01&to=2100-11-07`);
    expect(week.status, week.raw).toBe(200);
    expect(ids(week.body)).toEqual(sorted(shows.laSat, shows.laLate, shows.laRepeated, shows.laSun));
    const saturday = await get(`/api/admin/events?cinema_id=${la}&date=2100-11-06`);
    expect(ids(saturday.body)).toEqual(sorted(shows.laSat, shows.laLate, shows.laRepeated));
    const starts = Object.fromEntries(
      saturday.body.map((e: { event_id: number; start_time: string }) => [e.event_id, e.start_time]),
    );
    expect(starts[shows.laLate as number]).toBe('2100-11-07T00:30:00-07:00');
    expect(starts[shows.laRepeated as number]).toBe('2100-11-07T01:30:00-08:00');
    expect(ids((await get(`/api/admin/events?cinema_id=${la}&from=2100-11-07&to=2100-11-07`)).body)).toEqual([shows.laSun]);
  });

  it('keeps the unfiltered list: upcoming showtimes of every cinema', async () => {
    const all = await get('/api/admin/events');
    expect(all.status).toBe(200);
    expect(ids(all.body)).toEqual(sorted(...Object.values(shows)));
  });

  it(`refuses bad dates and ranges over ${MAX_LISTING_DAYS} days with 422 naming the field`, async () => {
    const refused = async (query: string, field: string) => {
      const r = await get(`/api/admin/events?${query}`);
      expect(r.status, query).toBe(422);
      expect(r.body.code).toBe('VALIDATION_FAILED');
      expect(
        r.body.errors.map((e: { field: string }) => e.field),
        query,
      ).toContain(field);
    };
    await refused('date=2100-02-30', 'querystring/date');
    await refused('date=tomorrow', 'querystring/date');
    await refused('from=2100-11-01', 'querystring/to');
    await refused('to=2100-11-01', 'querystring/from');
    await refused('from=2100-11-31&to=2100-12-01', 'querystring/from');
    await refused('from=2100-11-08&to=2100-11-07', 'querystring/to');
    await refused('from=2100-11-01&to=2100-12-02', 'querystring/to'); // 32 days
    await refused('date=2100-11-01&from=2100-11-01&to=2100-11-02', 'querystring/date');
    const longest = await get(`/api/admin/events?cinema_id=${la}&from=2100-11-01&to=2100-12-01`); // 31 days
    expect(longest.status, longest.raw).toBe(200);
    expect(longest.body).toHaveLength(5);
  });
});

describe('GET /api/admin/planner', () => {
  it("answers a cinema's week: its halls, business days (25 hours when the clocks go back) and showtimes", async () => {
    const plan = await get(`/api/admin/planner?cinema_id=${la}&week_start=2100-11-01`);
    expect(plan.status, plan.raw).toBe(200);
    expect(plan.body).toMatchObject({
      cinema: { id: la, name: 'Sunset', time_zone: 'America/Los_Angeles' },
      week_start: '2100-11-01',
      business_day_start: '04:00',
      cleaning_buffer_minutes: 15,
      halls: [{ id: laHall, name: 'Hall 1' }],
    });
    expect(plan.body.days.map((d: { date: string }) => d.date)).toEqual([
      '2100-11-01',
      '2100-11-02',
      '2100-11-03',
      '2100-11-04',
      '2100-11-05',
      '2100-11-06',
      '2100-11-07',
    ]);
    expect(plan.body.days[5]).toEqual({
      date: '2100-11-06',
      start_time: '2100-11-06T04:00:00-07:00',
      end_time: '2100-11-07T04:00:00-08:00',
      minutes: 1500,
    });
    expect(ids(plan.body.showtimes)).toEqual(sorted(shows.laSat, shows.laLate, shows.laRepeated, shows.laSun));
  });

  it('keeps to the cinema asked for and refuses a bad week or an unknown cinema', async () => {
    const plan = await get(`/api/admin/planner?cinema_id=${tokyo}&week_start=2100-11-29`);
    expect(plan.body.halls.map((h: { name: string }) => h.name)).toEqual(['Hall 1', 'Hall 2']);
    expect(ids(plan.body.showtimes)).toEqual(sorted(shows.tokyoFri, shows.tokyoLate, shows.tokyoSat));
    expect(plan.body.days[0].minutes).toBe(1440);
    const bad = await get(`/api/admin/planner?cinema_id=${tokyo}&week_start=2100-02-30`);
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('querystring/week_start');
    const missing = await get('/api/admin/planner?week_start=2100-11-01');
    expect(missing.status).toBe(422);
    const nowhere = await get('/api/admin/planner?cinema_id=9999&week_start=2100-11-01');
    expect(nowhere.status).toBe(404);
    expect(nowhere.body.code).toBe('CINEMA_NOT_FOUND');
    expect((await t.call('GET', `/api/admin/planner?cinema_id=${la}&week_start=2100-11-01`)).status).toBe(401);
  });
});
