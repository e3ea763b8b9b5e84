import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, HOUR, type TestApp } from './helpers/test-app.js';

describe('public catalogue', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<TestApp['makeUser']>>;
  let soon: Awaited<ReturnType<TestApp['makeShowtime']>>;
  let later: Awaited<ReturnType<TestApp['makeShowtime']>>;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.makeUser('admin');
    soon = await t.makeShowtime(admin, { hoursAhead: 2, totalSeats: 12 });
    later = await t.makeShowtime(admin, { hoursAhead: 50, rows: 3, perRow: 4, price: 10 });
  });
  afterAll(async () => t.close());

  it('lists movies and one movie with its upcoming showtimes, without a token', async () => {
    const movies = await t.call('GET', '/api/movies');
    expect(movies.status).toBe(200);
    expect(movies.body.map((m: { id: number }) => m.id)).toEqual(expect.arrayContaining([soon.movie.id, later.movie.id]));
    const one = await t.call('GET', `/api/movies/${soon.movie.id}`);
    expect(one.body).toMatchObject({ id: soon.movie.id, title: soon.movie.title, description: null, poster_url: null });
    expect(one.body.showtimes.map((s: { event_id: number }) => s.event_id)).toEqual([soon.eventId]);
    expect((await t.call('GET', '/api/movies/999999')).status).toBe(404);
    expect((await t.call('GET', '/api/movies/abc')).status).toBe(422);
  });

  it('lists upcoming showtimes with the prototype fields, soonest first', async () => {
    const { status, body } = await t.call('GET', '/api/events');
    expect(status).toBe(200);
    expect(body.map((e: { event_id: number }) => e.event_id)).toEqual([soon.eventId, later.eventId]);
    expect(body[0]).toEqual({
      event_id: soon.eventId,
      movie_id: soon.movie.id,
      movie_title: soon.movie.title,
      movie_description: null,
      // With the cinema's offset: the test cinema's zone is CINEMA_TIME_ZONE, UTC here.
      start_time: new Date(t.clock.now() + 2 * HOUR).toISOString().replace('.000Z', '+00:00'),
      end_time: new Date(t.clock.now() + 2 * HOUR + 100 * 60_000).toISOString().replace('.000Z', '+00:00'),
      time_zone: 'UTC',
      business_date: '2100-01-01',
      cinema_id: 1,
      cinema: 'Our cinema',
      hall: null,
      hall_id: null,
      total_seats: 12,
      available_seats: 12,
      price_from: 12,
      currency: 'USD',
      cancelled: false,
      cancel_note: null,
      format: '2D',
      format_surcharge: 0,
    });
    expect(body[1]).toMatchObject({ total_seats: 12, price_from: 10, hall: expect.any(String) });
  });

  it('filters by movie, day and time range, and can include past showtimes', async () => {
    const byMovie = await t.call('GET', `/api/events?movie_id=${later.movie.id}`);
    expect(byMovie.body.map((e: { event_id: number }) => e.event_id)).toEqual([later.eventId]);
    const laterDay = new Date(t.clock.now() + 50 * HOUR).toISOString().slice(0, 10);
    const byDay = await t.call('GET', `/api/events?date=${laterDay}`);
    expect(byDay.body.map((e: { event_id: number }) => e.event_id)).toEqual([later.eventId]);
    const from = encodeURIComponent(new Date(t.clock.now() + HOUR).toISOString());
    const to = encodeURIComponent(new Date(t.clock.now() + 3 * HOUR).toISOString());
    const ranged = await t.call('GET', `/api/events?from=${from}&to=${to}`);
    expect(ranged.body.map((e: { event_id: number }) => e.event_id)).toEqual([soon.eventId]);
    expect((await t.call('GET', '/api/events?date=2030-02-30')).status).toBe(422);
    expect((await t.call('GET', '/api/events?from=yesterday')).body).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'querystring/from' }],
    });

    t.clock.advance(3 * HOUR);
    const upcoming = await t.call('GET', '/api/events');
    expect(upcoming.body.map((e: { event_id: number }) => e.event_id)).toEqual([later.eventId]);
    const all = await t.call('GET', '/api/events?include_past=true');
    expect(all.body.map((e: { event_id: number }) => e.event_id)).toEqual([soon.eventId, later.eventId]);
    t.clock.advance(-3 * HOUR);
  });

  it('answers one showtime and 404 for an unknown one', async () => {
    expect((await t.call('GET', `/api/events/${later.eventId}`)).body).toMatchObject({
      event_id: later.eventId,
      available_seats: 12,
    });
    expect((await t.call('GET', '/api/events/424242')).body).toMatchObject({ code: 'EVENT_NOT_FOUND' });
    expect((await t.call('GET', '/api/events/424242/seats')).status).toBe(404);
  });

  it('serves the seat map with an ETag, answers 304 while it is unchanged, and a new body after a hold', async () => {
    const url = `/api/events/${later.eventId}/seats`;
    const first = await t.call('GET', url);
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toMatch(/application\/json/);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^".+"$/);
    expect(first.body.seats[0]).toEqual({
      seat_id: later.seatIds[0],
      row: 'A',
      number: 1,
      label: 'A1',
      category: 'standard',
      price: 10,
      status: 'available',
      kind: 'standard',
      row_index: 1,
      column: 1,
    });

    const again = await t.call('GET', url, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.raw).toBe('');

    const buyer = await t.makeUser();
    expect((await t.call('POST', '/api/book-seats', { token: buyer.token, body: { seat_ids: [later.seatIds[0]] } })).status).toBe(
      201,
    );
    const changed = await t.call('GET', url, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.body.seats[0].status).toBe('held');
    expect((await t.call('GET', `/api/events/${later.eventId}`)).body.available_seats).toBe(11);
    expect(
      (await t.call('GET', '/api/events')).body.find((e: { event_id: number }) => e.event_id === later.eventId).available_seats,
    ).toBe(11);

    // The hold runs out: the map says so at once, before any sweep.
    t.clock.advance(600_000);
    const expired = await t.call('GET', url);
    expect(expired.body.seats[0].status).toBe('available');
    expect(
      (await t.call('GET', '/api/events')).body.find((e: { event_id: number }) => e.event_id === later.eventId).available_seats,
    ).toBe(12);
  });
});
