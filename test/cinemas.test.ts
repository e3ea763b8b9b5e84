import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../src/db/migrate.js';
import { freshDatabase } from './helpers/database.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

type Account = Awaited<ReturnType<TestApp['makeUser']>>;

// The test clock starts on 1 January 2100 (tokens are checked against the wall clock too, so it
// cannot be in the past). Los Angeles changes its clocks on Sunday 2100-03-14 (02:00 → 03:00) and
// Sunday 2100-11-07 (02:00 → 01:00).

let t: TestApp;
let admin: Account;
let tokyo: { id: number };
let la: { id: number };
let tokyoHall: { id: number };
let laHall: { id: number };
let movie: { id: number };

const unique = (prefix: string) => `${prefix} ${Math.random().toString(36).slice(2, 8)}`;
const as = (token: string) => ({
  post: (url: string, body: unknown) => t.call('POST', url, { token, body }),
  put: (url: string, body: unknown) => t.call('PUT', url, { token, body }),
  get: (url: string) => t.call('GET', url, { token }),
});
let api: ReturnType<typeof as>;

async function expectStatus<R extends { status: number; raw: string }>(response: Promise<R> | R, status: number): Promise<R> {
  const r = await response;
  expect(r.status, r.raw).toBe(status);
  return r;
}

const newHall = async (cinemaId: number, name = unique('Hall')) =>
  (await expectStatus(api.post('/api/admin/halls', { name, cinema_id: cinemaId, rows: 2, seats_per_row: 3 }), 201)).body;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.makeUser('admin');
  api = as(admin.token);
  tokyo = (
    await expectStatus(api.post('/api/admin/cinemas', { name: 'Tokyo', address: 'Shinjuku', time_zone: 'Asia/Tokyo' }), 201)
  ).body;
  la = (await expectStatus(api.post('/api/admin/cinemas', { name: 'Los Angeles', time_zone: 'America/Los_Angeles' }), 201)).body;
  tokyoHall = await newHall(tokyo.id, 'Screen 1');
  laHall = await newHall(la.id, 'Screen 1');
  movie = (await expectStatus(api.post('/api/admin/movies', { title: 'Late Show', duration_minutes: 100 }), 201)).body;
});
afterAll(async () => t.close());

describe('cinemas', () => {
  it('lists the first cinema (from the migration, in CINEMA_TIME_ZONE) and the new ones, to anyone', async () => {
    const list = await expectStatus(t.call('GET', '/api/cinemas'), 200);
    expect(list.body).toEqual([
      { id: 1, name: 'Our cinema', address: '', time_zone: 'UTC' },
      { id: tokyo.id, name: 'Tokyo', address: 'Shinjuku', time_zone: 'Asia/Tokyo' },
      { id: la.id, name: 'Los Angeles', address: '', time_zone: 'America/Los_Angeles' },
    ]);
  });

  it('refuses an unknown zone with 422 and a taken name with 409, and changes a cinema', async () => {
    const before = await t.tableCounts();
    for (const time_zone of ['Mars/Olympus_Mons', 'PST8PDT-ish', '']) {
      const bad = await api.post('/api/admin/cinemas', { name: unique('C'), time_zone });
      expect(bad.status, time_zone).toBe(422);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
    }
    expect((await api.put(`/api/admin/cinemas/${la.id}`, { time_zone: 'Nowhere/City' })).status).toBe(422);
    expect((await api.post('/api/admin/cinemas', { name: 'Tokyo', time_zone: 'Asia/Tokyo' })).body.code).toBe(
      'CINEMA_NAME_TAKEN',
    );
    expect((await api.put('/api/admin/cinemas/9999', { address: 'x' })).body.code).toBe('CINEMA_NOT_FOUND');
    expect(await t.tableCounts()).toEqual(before);
    const changed = await expectStatus(api.put('/api/admin/cinemas/1', { time_zone: 'Europe/Paris', address: 'Rue 1' }), 200);
    expect(changed.body).toMatchObject({ id: 1, time_zone: 'Europe/Paris', address: 'Rue 1' });
    await expectStatus(api.put('/api/admin/cinemas/1', { time_zone: 'UTC', address: '' }), 200);
  });

  it('keeps hall names unique per cinema, not across cinemas, and needs a real cinema', async () => {
    expect(tokyoHall).toMatchObject({ name: 'Screen 1', cinema_id: tokyo.id });
    expect(laHall).toMatchObject({ name: 'Screen 1', cinema_id: la.id });
    const twice = await api.post('/api/admin/halls', { name: 'Screen 1', cinema_id: la.id, rows: 1, seats_per_row: 1 });
    expect(twice.body.code).toBe('HALL_NAME_TAKEN');
    const nowhere = await api.post('/api/admin/halls', { name: unique('H'), cinema_id: 9999, rows: 1, seats_per_row: 1 });
    expect(nowhere.status).toBe(404);
    expect(nowhere.body.code).toBe('CINEMA_NOT_FOUND');
    const byDefault = await expectStatus(api.post('/api/admin/halls', { name: unique('H'), rows: 1, seats_per_row: 1 }), 201);
    expect(byDefault.body.cinema_id).toBe(1);
  });
});

describe("showtimes in the cinema's wall time", () => {
  it("reads a wall time without offset in the hall's cinema zone and answers with that offset", async () => {
    const created = await expectStatus(
      api.post('/api/admin/events', { movie_id: movie.id, hall_id: tokyoHall.id, start_time: '2100-12-05T19:30', price: 10 }),
      201,
    );
    expect(created.body).toMatchObject({
      start_time: '2100-12-05T19:30:00+09:00',
      end_time: '2100-12-05T21:10:00+09:00',
      time_zone: 'Asia/Tokyo',
      business_date: '2100-12-05',
      cinema_id: tokyo.id,
      cinema: 'Tokyo',
    });
    const stored = await t.db.kysely
      .selectFrom('events')
      .select('start_time')
      .where('id', '=', created.body.id)
      .executeTakeFirst();
    expect(stored?.start_time).toBe(Date.parse('2100-12-05T10:30:00Z'));
    // The same instant given with an offset is the same showtime time; moving it keeps the zone.
    const moved = await expectStatus(
      api.put(`/api/admin/events/${created.body.id}`, { start_time: '2100-12-05T02:30:00-08:00' }),
      200,
    );
    expect(moved.body.start_time).toBe('2100-12-05T19:30:00+09:00');
    const late = await expectStatus(api.put(`/api/admin/events/${created.body.id}`, { start_time: '2100-12-06T00:30' }), 200);
    // Half past midnight belongs to the evening before.
    expect(late.body).toMatchObject({ start_time: '2100-12-06T00:30:00+09:00', business_date: '2100-12-05' });
  });

  it('refuses a wall time the clocks skip (422 NONEXISTENT_LOCAL_TIME), and one they repeat unless a fold or offset chooses', async () => {
    const before = await t.tableCounts();
    const skipped = await api.post('/api/admin/events', {
      movie_id: movie.id,
      hall_id: laHall.id,
      start_time: '2100-03-14T02:30',
    });
    expect(skipped.status).toBe(422);
    expect(skipped.body.code).toBe('NONEXISTENT_LOCAL_TIME');
    const repeated = await api.post('/api/admin/events', {
      movie_id: movie.id,
      hall_id: laHall.id,
      start_time: '2100-11-07T01:30',
    });
    expect(repeated.status).toBe(422);
    expect(repeated.body).toMatchObject({
      code: 'AMBIGUOUS_LOCAL_TIME',
      candidates: ['2100-11-07T01:30:00-07:00', '2100-11-07T01:30:00-08:00'],
    });
    expect(await t.tableCounts()).toEqual(before);

    const later = await expectStatus(
      api.post('/api/admin/events', { movie_id: movie.id, hall_id: laHall.id, start_time: '2100-11-07T01:30', fold: 'later' }),
      201,
    );
    expect(later.body).toMatchObject({ start_time: '2100-11-07T01:30:00-08:00', business_date: '2100-11-06' });
    const earlierHall = await newHall(la.id);
    const byOffset = await expectStatus(
      api.post('/api/admin/events', { movie_id: movie.id, hall_id: earlierHall.id, start_time: '2100-11-07T01:30:00-07:00' }),
      201,
    );
    expect(byOffset.body.start_time).toBe('2100-11-07T01:30:00-07:00');
    expect(Date.parse(later.body.start_time) - Date.parse(byOffset.body.start_time)).toBe(3_600_000);
  });

  it("filters listings by cinema and by the cinema's business day", async () => {
    const hall = await newHall(la.id);
    const post = async (start_time: string) =>
      (await expectStatus(api.post('/api/admin/events', { movie_id: movie.id, hall_id: hall.id, start_time }), 201)).body.id;
    // Friday 2100-03-12 in LA: evening, and the late show after midnight.
    const friday = await post('2100-03-12T19:00');
    const fridayLate = await post('2100-03-13T00:30');
    const saturday = await post('2100-03-13T19:00');
    // Saturday's late show on the night the clocks spring forward, and Sunday after it.
    const saturdayLate = await post('2100-03-14T01:00');
    const sunday = await post('2100-03-14T19:00');
    const ids = (body: { event_id: number }[]) => body.map((e) => e.event_id);

    const laList = await expectStatus(t.call('GET', `/api/events?cinema_id=${la.id}&movie_id=${movie.id}`), 200);
    expect(ids(laList.body)).toEqual(expect.arrayContaining([friday, fridayLate, saturday, saturdayLate, sunday]));
    expect(laList.body.every((e: { time_zone: string }) => e.time_zone === 'America/Los_Angeles')).toBe(true);
    const tokyoList = await expectStatus(t.call('GET', `/api/events?cinema_id=${tokyo.id}`), 200);
    expect(tokyoList.body.length).toBeGreaterThan(0);
    expect(tokyoList.body.every((e: { cinema_id: number }) => e.cinema_id === tokyo.id)).toBe(true);

    const day = async (date: string) =>
      ids((await expectStatus(t.call('GET', `/api/events?cinema_id=${la.id}&date=${date}`), 200)).body).filter((id) =>
        [friday, fridayLate, saturday, saturdayLate, sunday].includes(id),
      );
    expect(await day('2100-03-12')).toEqual([friday, fridayLate]);
    expect(await day('2100-03-13')).toEqual([saturday, saturdayLate]);
    expect(await day('2100-03-14')).toEqual([sunday]);
    const shown = (await t.call('GET', `/api/events/${saturdayLate}`)).body;
    expect(shown).toMatchObject({ start_time: '2100-03-14T01:00:00-08:00', business_date: '2100-03-13' });
    expect((await t.call('GET', `/api/events/${sunday}`)).body.start_time).toBe('2100-03-14T19:00:00-07:00');

    // The admin list filters the same way, and by hall and film.
    const adminDay = await expectStatus(api.get(`/api/admin/events?date=2100-03-13&hall_id=${hall.id}`), 200);
    expect(ids(adminDay.body)).toEqual([saturday, saturdayLate]);
    const otherFilm = await expectStatus(api.get(`/api/admin/events?hall_id=${hall.id}&movie_id=999999`), 200);
    expect(otherFilm.body).toEqual([]);
    expect(
      (await api.get(`/api/admin/events?cinema_id=${tokyo.id}`)).body.every(
        (e: { cinema_id: number }) => e.cinema_id === tokyo.id,
      ),
    ).toBe(true);
  });
});

describe("a booking reads in its cinema's zone", () => {
  it("gives a Tokyo booking's showtime with +09:00 and its zone", async () => {
    const hall = await newHall(tokyo.id);
    const show = await expectStatus(
      api.post('/api/admin/events', { movie_id: movie.id, hall_id: hall.id, start_time: '2100-12-10T19:30', price: 10 }),
      201,
    );
    const seats = (await t.call('GET', `/api/events/${show.body.id}/seats`)).body.seats;
    const customer = await t.makeUser('user');
    const held = await expectStatus(
      t.call('POST', '/api/book-seats', {
        token: customer.token,
        body: { event_id: show.body.id, seat_ids: [seats[0].seat_id] },
      }),
      201,
    );
    const booking = await expectStatus(
      t.call('GET', `/api/bookings/${held.body.booking_reference}`, { token: customer.token }),
      200,
    );
    expect(booking.body).toMatchObject({ start_time: '2100-12-10T19:30:00+09:00', time_zone: 'Asia/Tokyo' });
  });
});

describe('schedule runs', () => {
  const run = (body: Record<string, unknown>) =>
    api.post('/api/admin/schedule-runs', {
      movie_id: movie.id,
      weekdays: ['fri', 'sat'],
      times: ['19:30'],
      price: 12,
      ...body,
    });

  it('previews with dry_run, then creates every showtime in each cinema’s wall time', async () => {
    const hallA = await newHall(tokyo.id);
    const hallB = await newHall(la.id);
    const body = { hall_ids: [hallA.id, hallB.id], from_date: '2100-11-05', to_date: '2100-11-14', times: ['14:00', '19:30'] };
    const before = await t.tableCounts();
    const preview = await expectStatus(run({ ...body, dry_run: true }), 200);
    expect(await t.tableCounts()).toEqual(before);
    expect(preview.body).toMatchObject({ dry_run: true, count: 16, conflict_count: 0 });
    expect(preview.body.showtimes.slice(0, 4)).toEqual([
      expect.objectContaining({
        hall_id: hallA.id,
        local_date: '2100-11-05',
        local_time: '14:00',
        start_time: '2100-11-05T14:00:00+09:00',
        event_id: null,
      }),
      expect.objectContaining({
        hall_id: hallB.id,
        local_date: '2100-11-05',
        local_time: '14:00',
        start_time: '2100-11-05T14:00:00-07:00',
      }),
      expect.objectContaining({ hall_id: hallA.id, local_time: '19:30' }),
      expect.objectContaining({
        hall_id: hallB.id,
        local_time: '19:30',
        end_time: '2100-11-05T21:10:00-07:00',
        price: 12,
        conflicts: [],
      }),
    ]);
    // After LA's clocks go back (7 November), the same wall time is 8 hours from UTC, not 7.
    expect(
      preview.body.showtimes.find(
        (s: { hall_id: number; local_date: string }) => s.hall_id === hallB.id && s.local_date === '2100-11-12',
      ),
    ).toMatchObject({ start_time: '2100-11-12T14:00:00-08:00' });

    const created = await expectStatus(run(body), 201);
    expect(created.body).toMatchObject({ dry_run: false, count: 16, conflict_count: 0 });
    const eventIds = created.body.showtimes.map((s: { event_id: number }) => s.event_id);
    expect(new Set(eventIds).size).toBe(16);
    const after = await t.tableCounts();
    expect(after.events - before.events).toBe(16);
    expect(after.seats - before.seats).toBe(16 * 6);
    const one = await expectStatus(t.call('GET', `/api/events/${eventIds[1]}`), 200);
    expect(one.body).toMatchObject({ start_time: '2100-11-05T14:00:00-07:00', price_from: 12, hall_id: hallB.id });
  });

  it('refuses the whole run with 409 listing each conflict (an overlap with the cleaning buffer, a deleted hall, a skipped time)', async () => {
    const hall = await newHall(la.id);
    const closed = await newHall(la.id);
    await expectStatus(t.call('DELETE', `/api/admin/halls/${closed.id}`, { token: admin.token }), 204);
    // Ends at 19:25 on Saturday 2100-03-20: with 15 minutes of cleaning the hall is busy until 19:40.
    const existing = await expectStatus(
      api.post('/api/admin/events', { movie_id: movie.id, hall_id: hall.id, start_time: '2100-03-20T17:45', price: 9 }),
      201,
    );
    const body = {
      hall_ids: [hall.id, closed.id],
      from_date: '2100-03-12',
      to_date: '2100-03-20',
      weekdays: ['sat', 'sun'],
      times: ['02:30', '19:30'],
    };
    const before = await t.tableCounts();
    const refused = await expectStatus(run(body), 409);
    expect(refused.body.code).toBe('SCHEDULE_CONFLICT');
    expect(await t.tableCounts()).toEqual(before);
    const conflicts = (
      refused.body.showtimes as { hall_id: number; local_date: string; local_time: string; conflicts: { type: string }[] }[]
    )
      .filter((s) => s.hall_id === hall.id && s.conflicts.length > 0)
      .map((s) => [s.local_date, s.local_time, s.conflicts]);
    expect(conflicts).toEqual([
      ['2100-03-14', '02:30', [{ type: 'nonexistent_local_time' }]],
      ['2100-03-20', '19:30', [{ type: 'overlap', event_id: existing.body.id, start_time: '2100-03-20T17:45:00-07:00' }]],
    ]);
    expect(
      refused.body.showtimes
        .filter((s: { hall_id: number }) => s.hall_id === closed.id)
        .every((s: { conflicts: { type: string }[] }) => s.conflicts.some((c) => c.type === 'hall_closed')),
    ).toBe(true);

    // A dry run lists the same conflicts with 200; the same run without them is created.
    const preview = await expectStatus(run({ ...body, dry_run: true }), 200);
    expect(preview.body.conflict_count).toBe(refused.body.conflict_count);
    await expectStatus(run({ ...body, hall_ids: [hall.id], times: ['19:45'] }), 201);
  });

  it('refuses a repeated wall time unless the run chooses a fold', async () => {
    const hall = await newHall(la.id);
    const body = { hall_ids: [hall.id], from_date: '2100-11-07', to_date: '2100-11-07', weekdays: ['sun'], times: ['01:30'] };
    const refused = await expectStatus(run(body), 409);
    expect(refused.body.showtimes[0].conflicts).toEqual([{ type: 'ambiguous_local_time' }]);
    const created = await expectStatus(run({ ...body, fold: 'earlier' }), 201);
    expect(created.body.showtimes[0].start_time).toBe('2100-11-07T01:30:00-07:00');
  });

  it('states its limits: 92 days, 500 showtimes, known halls and film, sane input (422/404, nothing written)', async () => {
    const hall = await newHall(tokyo.id);
    const hall2 = await newHall(tokyo.id);
    const before = await t.tableCounts();
    const tooLong = await run({ hall_ids: [hall.id], from_date: '2100-06-01', to_date: '2100-09-01', weekdays: ['mon'] });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.errors).toEqual([{ field: 'body/to_date', message: 'a run spans at most 92 days' }]);
    await expectStatus(
      run({ hall_ids: [hall.id], from_date: '2100-06-01', to_date: '2100-08-31', weekdays: ['mon'], dry_run: true }),
      200,
    );
    // 2 halls x 91 days x 3 times = 546 showtimes.
    const every = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
    const tooMany = await run({
      hall_ids: [hall.id, hall2.id],
      from_date: '2100-06-01',
      to_date: '2100-08-30',
      weekdays: every,
      times: ['10:00', '14:00', '18:00'],
    });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.errors[0].message).toMatch(/546 showtimes; at most 500/);
    for (const bad of [
      { hall_ids: [hall.id], from_date: '2100-06-01', to_date: '2100-06-07', times: ['7pm'] },
      { hall_ids: [hall.id], from_date: '2100-06-31', to_date: '2100-07-07' },
      { hall_ids: [hall.id], from_date: '2100-06-01', to_date: '2100-06-07', weekdays: ['friday'] },
      { hall_ids: [], from_date: '2100-06-01', to_date: '2100-06-07' },
      { hall_ids: [hall.id], from_date: '2100-06-01', to_date: '2100-06-07', price: -1 },
    ]) {
      expect((await run(bad)).status, JSON.stringify(bad)).toBe(422);
    }
    expect((await run({ hall_ids: [999_999], from_date: '2100-06-01', to_date: '2100-06-07' })).body.code).toBe('HALL_NOT_FOUND');
    expect(
      (await run({ movie_id: 999_999, hall_ids: [hall.id], from_date: '2100-06-01', to_date: '2100-06-07' })).body.code,
    ).toBe('MOVIE_NOT_FOUND');
    expect(await t.tableCounts()).toEqual(before);
  });

  it('of two overlapping runs into one hall at once, exactly one is created', async () => {
    const hall = await newHall(tokyo.id);
    const body = { hall_ids: [hall.id], from_date: '2100-07-01', to_date: '2100-07-31', weekdays: ['fri', 'sat'] };
    const before = await t.tableCounts();
    const answers = await Promise.all([run({ ...body, times: ['19:30'] }), run({ ...body, times: ['20:00'] })]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    const after = await t.tableCounts();
    expect(after.events - before.events).toBe(10);
  });
});

describe('migration 015', () => {
  it('moves existing halls into a first cinema that follows CINEMA_TIME_ZONE', async () => {
    const database = await freshDatabase('013-tickets-and-roles');
    try {
      const k = database.db.kysely;
      await k
        .insertInto('halls')
        .values({ name: 'Old hall', rows: 1, seats_per_row: 2, categories: '[]', created_at: 1 } as never)
        .execute();
      await migrateToLatest(database.db);
      const cinemas = await k.selectFrom('cinemas').selectAll().execute();
      expect(cinemas).toEqual([expect.objectContaining({ name: 'Our cinema', time_zone: null, deleted_at: null })]);
      const halls = await k.selectFrom('halls').select(['name', 'cinema_id']).execute();
      expect(halls).toEqual([{ name: 'Old hall', cinema_id: cinemas[0]?.id }]);
    } finally {
      await database.drop();
    }
  });
});

describe('CLEANING_BUFFER_MINUTES', () => {
  it('keeps a hall busy for the configured break after a film, for showtimes and runs alike', async () => {
    const app = await createTestApp({ config: { cleaningBufferMinutes: 30 } });
    try {
      const boss = await app.makeUser('admin');
      const call = (url: string, body: unknown) => app.call('POST', url, { token: boss.token, body });
      const film = (await call('/api/admin/movies', { title: 'Ninety', duration_minutes: 90 })).body;
      const hall = (await call('/api/admin/halls', { name: 'Only', rows: 1, seats_per_row: 2 })).body;
      await expectStatus(call('/api/admin/events', { movie_id: film.id, hall_id: hall.id, start_time: '2100-02-01T18:00' }), 201);
      // 19:30 is the film's end: 15 minutes would be enough, 30 are not.
      const refused = await call('/api/admin/events', { movie_id: film.id, hall_id: hall.id, start_time: '2100-02-01T19:45' });
      expect(refused.status).toBe(409);
      expect(refused.body.detail).toMatch(/30-minute cleaning break/);
      await expectStatus(call('/api/admin/events', { movie_id: film.id, hall_id: hall.id, start_time: '2100-02-01T20:00' }), 201);
      const run = {
        movie_id: film.id,
        hall_ids: [hall.id],
        from_date: '2100-02-01',
        to_date: '2100-02-01',
        weekdays: ['mon'],
        price: 5,
        dry_run: true,
      };
      // 2100-02-01 is a Monday; the 20:00 showtime ends at 21:30, busy until 22:00.
      const preview = await expectStatus(call('/api/admin/schedule-runs', { ...run, times: ['21:45', '22:00'] }), 200);
      expect(preview.body.showtimes.map((s: { conflicts: { type: string }[] }) => s.conflicts.map((c) => c.type))).toEqual([
        ['overlap', 'overlap_in_run'],
        ['overlap_in_run'],
      ]);
    } finally {
      await app.close();
    }
  });
});
