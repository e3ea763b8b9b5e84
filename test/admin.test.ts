import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPROVED_CARD, createTestApp, HOUR, type TestApp } from './helpers/test-app.js';

type Account = Awaited<ReturnType<TestApp['makeUser']>>;
type SeatView = { seat_id: number; row: string; number: number; label: string; category: string; price: number; status: string };

const MINUTE = 60_000;
const SECOND = 1000;
const HOLD_TTL_MS = 600 * SECOND;

let t: TestApp;
let admin: Account;
let user: Account;
/** Staff who are not admins: every admin route refuses them as it refuses customers. */
let staff: Account[];

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.makeUser('admin');
  user = await t.makeUser('user');
  staff = [await t.makeUser('usher'), await t.makeUser('box_office')];
});
afterAll(async () => t.close());

// ---------------------------------------------------------------------------------------------
// Helpers: every call goes through the HTTP API, as an admin unless a token is given.

const unique = (prefix: string) => `${prefix} ${Math.random().toString(36).slice(2, 8)}`;
const at = (ms: number) => new Date(ms).toISOString();
/** How the API writes a showtime's time: with its cinema's offset (the test cinema is in UTC). */
const zoned = (ms: number) => at(ms).replace('.000Z', '+00:00');
const future = (ms: number) => at(t.clock.now() + ms);
const cents = (amount: number) => Math.round(amount * 100);

async function expectStatus<R extends { status: number; raw: string }>(response: Promise<R> | R, status: number): Promise<R> {
  const r = await response;
  expect(r.status, r.raw).toBe(status);
  return r;
}

async function newMovie(fields: Record<string, unknown> = {}) {
  const r = await expectStatus(
    t.call('POST', '/api/admin/movies', {
      token: admin.token,
      body: { title: unique('Film'), duration_minutes: 100, ...fields },
    }),
    201,
  );
  return r.body as { id: number; title: string; duration_minutes: number | null };
}

async function newHall(body: Record<string, unknown>) {
  const r = await expectStatus(
    t.call('POST', '/api/admin/halls', { token: admin.token, body: { name: unique('Hall'), ...body } }),
    201,
  );
  return r.body as { id: number; name: string; rows: number; seats_per_row: number; total_seats: number };
}

const postEvent = (body: Record<string, unknown>) => t.call('POST', '/api/admin/events', { token: admin.token, body });

async function newEvent(body: Record<string, unknown>) {
  const r = await expectStatus(postEvent(body), 201);
  return r.body as { id: number; event_id: number; total_seats: number; hall_id: number | null };
}

async function seatsOf(eventId: number): Promise<SeatView[]> {
  const r = await expectStatus(t.call('GET', `/api/events/${eventId}/seats`), 200);
  return r.body.seats;
}

async function adminEvent(eventId: number) {
  const r = await expectStatus(t.call('GET', '/api/admin/events', { token: admin.token }), 200);
  return (r.body as { id: number }[]).find((e) => e.id === eventId) as Record<string, unknown> | undefined;
}

async function hold(account: Account, seatIds: number[]) {
  const r = await expectStatus(t.call('POST', '/api/book-seats', { token: account.token, body: { seat_ids: seatIds } }), 201);
  return r.body as { booking_reference: string; total_amount: number };
}

async function pay(account: Account, reference: string) {
  return expectStatus(
    t.call('POST', '/api/confirm-payment', {
      token: account.token,
      body: { booking_reference: reference, payment: { ...APPROVED_CARD, cardholder_name: 'X' } },
    }),
    200,
  );
}

async function cancel(account: Account, reference: string) {
  return expectStatus(
    t.call('POST', '/api/cancel-booking', { token: account.token, body: { booking_reference: reference } }),
    200,
  );
}

async function publicEventIds(): Promise<number[]> {
  const r = await expectStatus(t.call('GET', '/api/events'), 200);
  return (r.body as { event_id: number }[]).map((e) => e.event_id);
}

async function publicMovieIds(): Promise<number[]> {
  const r = await expectStatus(t.call('GET', '/api/movies'), 200);
  return (r.body as { id: number }[]).map((m) => m.id);
}

// ---------------------------------------------------------------------------------------------

type Ids = { movie: number; hall: number; event: number; user: number };
type AdminRoute = { method: string; path: string; url: (ids: Ids) => string; body?: (ids: Ids) => unknown };

const ADMIN_ROUTES: AdminRoute[] = [
  { method: 'GET', path: '/api/admin/movies', url: () => '/api/admin/movies' },
  {
    method: 'POST',
    path: '/api/admin/movies',
    url: () => '/api/admin/movies',
    body: () => ({ title: 'Intruder', duration_minutes: 90 }),
  },
  {
    method: 'PUT',
    path: '/api/admin/movies/{movie_id}',
    url: (ids) => `/api/admin/movies/${ids.movie}`,
    body: () => ({ title: 'Hijacked' }),
  },
  { method: 'DELETE', path: '/api/admin/movies/{movie_id}', url: (ids) => `/api/admin/movies/${ids.movie}` },
  // The guard answers before the body is read; test/film-pages.test.ts sends real images.
  { method: 'PUT', path: '/api/admin/movies/{movie_id}/poster', url: (ids) => `/api/admin/movies/${ids.movie}/poster` },
  { method: 'DELETE', path: '/api/admin/movies/{movie_id}/poster', url: (ids) => `/api/admin/movies/${ids.movie}/poster` },
  { method: 'GET', path: '/api/admin/halls', url: () => '/api/admin/halls' },
  {
    method: 'POST',
    path: '/api/admin/halls',
    url: () => '/api/admin/halls',
    body: () => ({ name: 'Intruder hall', rows: 1, seats_per_row: 1 }),
  },
  { method: 'PUT', path: '/api/admin/halls/{hall_id}', url: (ids) => `/api/admin/halls/${ids.hall}`, body: () => ({ rows: 9 }) },
  { method: 'DELETE', path: '/api/admin/halls/{hall_id}', url: (ids) => `/api/admin/halls/${ids.hall}` },
  { method: 'GET', path: '/api/admin/events', url: () => '/api/admin/events' },
  { method: 'GET', path: '/api/admin/planner', url: () => '/api/admin/planner?cinema_id=1&week_start=2100-01-04' },
  {
    method: 'POST',
    path: '/api/admin/events',
    url: () => '/api/admin/events',
    body: (ids) => ({ movie_id: ids.movie, start_time: future(72 * HOUR) }),
  },
  {
    method: 'PUT',
    path: '/api/admin/events/{event_id}',
    url: (ids) => `/api/admin/events/${ids.event}`,
    body: () => ({ price: 1 }),
  },
  { method: 'DELETE', path: '/api/admin/events/{event_id}', url: (ids) => `/api/admin/events/${ids.event}` },
  { method: 'GET', path: '/api/admin/bookings', url: () => '/api/admin/bookings' },
  { method: 'GET', path: '/api/admin/analytics', url: () => '/api/admin/analytics' },
  { method: 'GET', path: '/api/admin/audit', url: () => '/api/admin/audit' },
  { method: 'GET', path: '/api/admin/mail', url: () => '/api/admin/mail' },
  { method: 'GET', path: '/api/admin/mail/{id}', url: () => '/api/admin/mail/some-message' },
  {
    method: 'PUT',
    path: '/api/admin/bookings/{booking_reference}/owner',
    url: () => '/api/admin/bookings/ABCDEFGHJK/owner',
    body: () => ({ email: 'someone@example.com' }),
  },
  { method: 'GET', path: '/api/admin/users', url: () => '/api/admin/users' },
  {
    method: 'PUT',
    path: '/api/admin/users/{user_id}/role',
    url: (ids) => `/api/admin/users/${ids.user}/role`,
    body: () => ({ role: 'admin' }),
  },
  { method: 'GET', path: '/api/admin/events/{event_id}/check-ins', url: (ids) => `/api/admin/events/${ids.event}/check-ins` },
  {
    method: 'POST',
    path: '/api/admin/events/{event_id}/cancel',
    url: (ids) => `/api/admin/events/${ids.event}/cancel`,
    body: () => ({}),
  },
  { method: 'GET', path: '/api/admin/events/{event_id}/waitlist', url: (ids) => `/api/admin/events/${ids.event}/waitlist` },
  {
    method: 'GET',
    path: '/api/admin/events/{event_id}/cancellation',
    url: (ids) => `/api/admin/events/${ids.event}/cancellation`,
  },
  { method: 'GET', path: '/api/admin/events/{event_id}/price-card', url: (ids) => `/api/admin/events/${ids.event}/price-card` },
  {
    method: 'PUT',
    path: '/api/admin/events/{event_id}/price-card',
    url: (ids) => `/api/admin/events/${ids.event}/price-card`,
    body: () => ({ ticket_types: [{ code: 'adult', label: 'Adult', prices: { standard: 1 } }], format: 'IMAX' }),
  },
  {
    method: 'GET',
    path: '/api/admin/settings/child-restricted-ratings',
    url: () => '/api/admin/settings/child-restricted-ratings',
  },
  {
    method: 'PUT',
    path: '/api/admin/settings/child-restricted-ratings',
    url: () => '/api/admin/settings/child-restricted-ratings',
    body: () => ({ ratings: [] }),
  },
  {
    method: 'POST',
    path: '/api/admin/cinemas',
    url: () => '/api/admin/cinemas',
    body: () => ({ name: 'Guarded', time_zone: 'Asia/Tokyo' }),
  },
  {
    method: 'PUT',
    path: '/api/admin/cinemas/{cinema_id}',
    url: () => '/api/admin/cinemas/1',
    body: () => ({ time_zone: 'Asia/Tokyo' }),
  },
  {
    method: 'POST',
    path: '/api/admin/schedule-runs',
    url: () => '/api/admin/schedule-runs',
    body: (ids) => ({
      movie_id: ids.movie,
      hall_ids: [ids.hall],
      from_date: '2100-02-01',
      to_date: '2100-02-07',
      weekdays: ['fri'],
      times: ['19:30'],
      price: 10,
    }),
  },
  {
    method: 'GET',
    path: '/api/admin/reports/sales',
    url: () => '/api/admin/reports/sales?from=2100-01-01&to=2100-01-31',
  },
  {
    method: 'GET',
    path: '/api/admin/reports/distributor',
    url: (ids) => `/api/admin/reports/distributor?movie_id=${ids.movie}&week_start=2100-01-01`,
  },
  { method: 'GET', path: '/api/admin/promo-codes', url: () => '/api/admin/promo-codes' },
  {
    method: 'POST',
    path: '/api/admin/promo-codes',
    url: () => '/api/admin/promo-codes',
    body: () => ({ code: 'GUARDED', kind: 'percent', value: 50 }),
  },
  {
    method: 'PUT',
    path: '/api/admin/promo-codes/{id}',
    url: () => '/api/admin/promo-codes/1',
    body: () => ({ code: 'GUARDED', kind: 'percent', value: 100 }),
  },
  { method: 'DELETE', path: '/api/admin/promo-codes/{id}', url: () => '/api/admin/promo-codes/1' },
];

describe('access control on every admin route', () => {
  let ids: Ids;

  beforeAll(async () => {
    // Real targets, so a request that slipped past the guard would visibly change something.
    const movie = await newMovie();
    const hall = await newHall({ rows: 2, seats_per_row: 2 });
    const event = await newEvent({ movie_id: movie.id, hall_id: hall.id, start_time: future(24 * HOUR), price: 10 });
    ids = { movie: movie.id, hall: hall.id, event: event.id, user: user.id };
  });

  it.each(ADMIN_ROUTES)(
    '$method $path: no token 401, customer, usher and box office tokens 403, nothing changes',
    async (route) => {
      const url = route.url(ids);
      const body = route.body?.(ids);
      const before = await t.tableCounts();
      const anonymous = await t.call(route.method, url, { body });
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.code).toBe('NOT_AUTHENTICATED');
      const asUser = await t.call(route.method, url, { token: user.token, body });
      expect(asUser.status).toBe(403);
      expect(asUser.body.code).toBe('FORBIDDEN');
      for (const member of staff) {
        const asStaff = await t.call(route.method, url, { token: member.token, body });
        expect(asStaff.status, `${member.role}: ${asStaff.raw}`).toBe(403);
        expect(asStaff.body.code).toBe('FORBIDDEN');
      }
      expect(await t.tableCounts()).toEqual(before);
      // Nobody got promoted through a guard that let them by.
      const roles = await t.db.kysely
        .selectFrom('users')
        .select('role')
        .where('id', 'in', [user.id, ...staff.map((s) => s.id)])
        .execute();
      expect(roles.map((r) => r.role).sort()).toEqual(['box_office', 'user', 'usher']);
    },
  );

  it('the table covers every admin route in the OpenAPI document', async () => {
    const doc = await expectStatus(t.call('GET', '/openapi.json'), 200);
    const documented = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>)
      .filter(([path]) => path.startsWith('/api/admin'))
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
      .filter((key) => !key.startsWith('HEAD '))
      .sort();
    expect(ADMIN_ROUTES.map((r) => `${r.method} ${r.path}`).sort()).toEqual(documented);
  });

  it('an admin token passes the same guard', async () => {
    // An admin gets past the guard: the answer is the route's own (a made-up message id is 404).
    for (const route of ADMIN_ROUTES.filter((r) => r.method === 'GET')) {
      // A made-up message id, and the cancellation of a showtime that goes ahead, do not exist.
      const missing = ['/api/admin/mail/{id}', '/api/admin/events/{event_id}/cancellation'];
      const expected = missing.includes(route.path) ? 404 : 200;
      expect((await t.call('GET', route.url(ids), { token: admin.token })).status, route.path).toBe(expected);
    }
  });
});

describe('movies', () => {
  it('creates, lists, updates and deletes a movie', async () => {
    const fields = {
      title: unique('Metropolis'),
      description: 'A city of the future',
      duration_minutes: 153,
      genre: 'Sci-Fi',
      rating: 'PG',
      poster_url: 'https://example.com/m.jpg',
      release_date: '1927-01-10',
    };
    const created = await expectStatus(t.call('POST', '/api/admin/movies', { token: admin.token, body: fields }), 201);
    // Film-page details nobody gave read as empty; without showtimes the film is coming soon.
    const details = { rating_system: null, cast: [], director: null, language: null, subtitles: null, trailer_url: null };
    expect(created.body).toEqual({ id: expect.any(Number), ...fields, ...details, has_poster: false, coming_soon: true });
    const id = created.body.id as number;

    const list = await expectStatus(t.call('GET', '/api/admin/movies', { token: admin.token }), 200);
    expect(list.body).toContainEqual(created.body);
    expect(await publicMovieIds()).toContain(id);

    const updated = await expectStatus(
      t.call('PUT', `/api/admin/movies/${id}`, { token: admin.token, body: { title: 'Metropolis (restored)', genre: null } }),
      200,
    );
    expect(updated.body).toEqual({ ...created.body, title: 'Metropolis (restored)', genre: null });
    expect((await t.call('GET', `/api/movies/${id}`)).body.title).toBe('Metropolis (restored)');

    await expectStatus(t.call('DELETE', `/api/admin/movies/${id}`, { token: admin.token }), 204);
    expect(await publicMovieIds()).not.toContain(id);
    expect(
      (await t.call('GET', '/api/admin/movies', { token: admin.token })).body.map((m: { id: number }) => m.id),
    ).not.toContain(id);
    expect((await t.call('GET', `/api/movies/${id}`)).status).toBe(404);
    expect((await t.call('DELETE', `/api/admin/movies/${id}`, { token: admin.token })).status).toBe(404);
    expect((await t.call('PUT', `/api/admin/movies/${id}`, { token: admin.token, body: { title: 'Back' } })).status).toBe(404);
  });

  it('validates movie bodies', async () => {
    const before = await t.tableCounts();
    const noTitle = await t.call('POST', '/api/admin/movies', { token: admin.token, body: { duration_minutes: 90 } });
    expect(noTitle.status).toBe(422);
    expect(noTitle.body.errors).toContainEqual({ field: 'body/title', message: expect.any(String) });
    const badDuration = await t.call('POST', '/api/admin/movies', {
      token: admin.token,
      body: { title: 'X', duration_minutes: 0 },
    });
    expect(badDuration.status).toBe(422);
    expect(await t.tableCounts()).toEqual(before);
  });

  it('refuses to delete a movie with a pending or confirmed booking, and deletes it once cancelled', async () => {
    const { movie, eventId, seatIds } = await t.makeShowtime(admin);
    const seat = seatIds[0] as number;
    const booking = await hold(user, [seat]);

    const before = await t.tableCounts();
    const whilePending = await t.call('DELETE', `/api/admin/movies/${movie.id}`, { token: admin.token });
    expect(whilePending.status).toBe(409);
    expect(whilePending.body.code).toBe('HAS_ACTIVE_BOOKINGS');
    expect(await t.tableCounts()).toEqual(before);
    expect(await publicMovieIds()).toContain(movie.id);
    expect(await publicEventIds()).toContain(eventId);

    await pay(user, booking.booking_reference);
    const whileConfirmed = await t.call('DELETE', `/api/admin/movies/${movie.id}`, { token: admin.token });
    expect(whileConfirmed.status).toBe(409);
    expect(whileConfirmed.body.code).toBe('HAS_ACTIVE_BOOKINGS');
    expect(await publicMovieIds()).toContain(movie.id);
    expect(await publicEventIds()).toContain(eventId);

    await cancel(user, booking.booking_reference);
    await expectStatus(t.call('DELETE', `/api/admin/movies/${movie.id}`, { token: admin.token }), 204);
    expect(await publicMovieIds()).not.toContain(movie.id);
    expect(await publicEventIds()).not.toContain(eventId);
    expect((await t.call('GET', `/api/events/${eventId}`)).status).toBe(404);
    expect(await adminEvent(eventId)).toBeUndefined();
    // The booking history survives the (soft) delete.
    const history = await t.call('GET', `/api/admin/bookings?event_id=${eventId}`, { token: admin.token });
    expect(history.body.map((b: { booking_reference: string }) => b.booking_reference)).toEqual([booking.booking_reference]);
  });
});

describe('halls', () => {
  it('labels rows A..Z, AA, AB and prices seats by category (base price x factor)', async () => {
    const categories = [
      { name: 'front', from_row: 1, to_row: 2, price_factor: 0.8 },
      { name: 'premium', from_row: 26, to_row: 28, price_factor: 1.25 },
    ];
    const hall = await newHall({ rows: 28, seats_per_row: 3, categories });
    expect(hall).toMatchObject({ rows: 28, seats_per_row: 3, total_seats: 84, categories });
    const halls = await expectStatus(t.call('GET', '/api/admin/halls', { token: admin.token }), 200);
    expect(halls.body).toContainEqual(hall);

    const movie = await newMovie();
    const event = await newEvent({ movie_id: movie.id, hall_id: hall.id, start_time: future(30 * HOUR), price: 12.5 });
    expect(event.total_seats).toBe(84);
    expect(event.hall_id).toBe(hall.id);

    const seats = await seatsOf(event.id);
    expect(seats).toHaveLength(84);
    const rows = [...new Set(seats.map((s) => s.row))];
    expect(rows).toHaveLength(28);
    expect(rows.slice(0, 3)).toEqual(['A', 'B', 'C']);
    expect(rows.slice(24)).toEqual(['Y', 'Z', 'AA', 'AB']);
    expect(seats.filter((s) => s.row === 'AB').map((s) => s.label)).toEqual(['AB1', 'AB2', 'AB3']);

    const byLabel = new Map(seats.map((s) => [s.label, s]));
    expect(byLabel.get('A1')).toMatchObject({ category: 'front', price: 10 });
    expect(byLabel.get('B3')).toMatchObject({ category: 'front', price: 10 });
    expect(byLabel.get('C1')).toMatchObject({ category: 'standard', price: 12.5 });
    expect(byLabel.get('Y2')).toMatchObject({ category: 'standard', price: 12.5 });
    expect(byLabel.get('Z1')).toMatchObject({ category: 'premium', price: 15.63 }); // 12.50 x 1.25 = 15.625, rounded half up
    expect(byLabel.get('AA2')).toMatchObject({ category: 'premium', price: 15.63 });
    expect(byLabel.get('AB3')).toMatchObject({ category: 'premium', price: 15.63 });
    expect(seats.every((s) => s.status === 'available')).toBe(true);
    expect((await t.call('GET', `/api/events/${event.id}`)).body.price_from).toBe(10);
  });

  it.each([
    [
      'overlapping categories',
      [
        { name: 'a', from_row: 1, to_row: 3, price_factor: 1.5 },
        { name: 'b', from_row: 3, to_row: 4, price_factor: 2 },
      ],
    ],
    ['a category beyond the last row', [{ name: 'a', from_row: 4, to_row: 6, price_factor: 1.5 }]],
    ['a category with from_row after to_row', [{ name: 'a', from_row: 3, to_row: 2, price_factor: 1.5 }]],
    ['a zero price factor', [{ name: 'a', from_row: 1, to_row: 2, price_factor: 0 }]],
  ])('refuses %s with 422', async (_what, categories) => {
    const before = await t.tableCounts();
    const response = await t.call('POST', '/api/admin/halls', {
      token: admin.token,
      body: { name: unique('Bad'), rows: 5, seats_per_row: 5, categories },
    });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.errors.some((e: { field: string }) => e.field.startsWith('body/categories'))).toBe(true);
    expect(await t.tableCounts()).toEqual(before);
  });

  it('refuses a duplicate hall name with 409, on create and on rename', async () => {
    const first = await newHall({ rows: 2, seats_per_row: 2 });
    const second = await newHall({ rows: 2, seats_per_row: 2 });
    const before = await t.tableCounts();
    const dup = await t.call('POST', '/api/admin/halls', {
      token: admin.token,
      body: { name: first.name, rows: 3, seats_per_row: 3 },
    });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('HALL_NAME_TAKEN');
    const rename = await t.call('PUT', `/api/admin/halls/${second.id}`, { token: admin.token, body: { name: first.name } });
    expect(rename.status).toBe(409);
    expect(rename.body.code).toBe('HALL_NAME_TAKEN');
    expect(await t.tableCounts()).toEqual(before);
  });

  it('regenerates the seats of an upcoming showtime without bookings when the layout changes', async () => {
    const hall = await newHall({ rows: 3, seats_per_row: 4 });
    const movie = await newMovie();
    const event = await newEvent({ movie_id: movie.id, hall_id: hall.id, start_time: future(40 * HOUR), price: 10 });
    expect(await seatsOf(event.id)).toHaveLength(12);

    const changed = await expectStatus(
      t.call('PUT', `/api/admin/halls/${hall.id}`, {
        token: admin.token,
        body: { rows: 5, categories: [{ name: 'vip', from_row: 5, to_row: 5, price_factor: 2 }] },
      }),
      200,
    );
    expect(changed.body).toMatchObject({ rows: 5, seats_per_row: 4, total_seats: 20 });

    const seats = await seatsOf(event.id);
    expect(seats).toHaveLength(20);
    expect([...new Set(seats.map((s) => s.row))]).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(seats.filter((s) => s.category === 'vip').map((s) => [s.label, s.price])).toEqual([
      ['E1', 20],
      ['E2', 20],
      ['E3', 20],
      ['E4', 20],
    ]);
    expect(seats.filter((s) => s.row !== 'E').every((s) => s.category === 'standard' && s.price === 10)).toBe(true);
    expect(await adminEvent(event.id)).toMatchObject({ total_seats: 20, available_seats: 20 });

    // A layout the current categories no longer fit is refused.
    const shrink = await t.call('PUT', `/api/admin/halls/${hall.id}`, { token: admin.token, body: { rows: 4 } });
    expect(shrink.status).toBe(422);
    expect(await seatsOf(event.id)).toHaveLength(20);
  });

  it('a hall whose showtime has bookings keeps its layout and cannot be deleted', async () => {
    const hall = await newHall({ rows: 2, seats_per_row: 3 });
    const movie = await newMovie();
    const event = await newEvent({ movie_id: movie.id, hall_id: hall.id, start_time: future(50 * HOUR) });
    const seats = await seatsOf(event.id);
    const booking = await hold(user, [seats[0]?.seat_id as number]);

    const before = await t.tableCounts();
    const relayout = await t.call('PUT', `/api/admin/halls/${hall.id}`, { token: admin.token, body: { rows: 4 } });
    expect(relayout.status).toBe(409);
    expect(relayout.body.code).toBe('HAS_ACTIVE_BOOKINGS');
    const remove = await t.call('DELETE', `/api/admin/halls/${hall.id}`, { token: admin.token });
    expect(remove.status).toBe(409);
    expect(await t.tableCounts()).toEqual(before);
    expect(await seatsOf(event.id)).toEqual(seats.map((s, i) => (i === 0 ? { ...s, status: 'held' } : s)));
    const halls = (await t.call('GET', '/api/admin/halls', { token: admin.token })).body as { id: number; rows: number }[];
    expect(halls.find((h) => h.id === hall.id)?.rows).toBe(2);

    // A rename is not a layout change.
    const newName = unique('Renamed');
    const renamed = await t.call('PUT', `/api/admin/halls/${hall.id}`, { token: admin.token, body: { name: newName } });
    expect(renamed.status).toBe(200);
    expect((await t.call('GET', `/api/events/${event.id}`)).body.hall).toBe(newName);

    await cancel(user, booking.booking_reference);
    await expectStatus(t.call('DELETE', `/api/admin/halls/${hall.id}`, { token: admin.token }), 204);
    const after = (await t.call('GET', '/api/admin/halls', { token: admin.token })).body as { id: number }[];
    expect(after.map((h) => h.id)).not.toContain(hall.id);
    expect(await publicEventIds()).not.toContain(event.id);
  });
});

describe('showtimes', () => {
  it('generates a hall showtime from the hall and reports its seat counts', async () => {
    const hall = await newHall({ rows: 3, seats_per_row: 5 });
    const movie = await newMovie();
    const start = future(60 * HOUR);
    const created = await expectStatus(postEvent({ movie_id: movie.id, hall_id: hall.id, start_time: start, price: 9.99 }), 201);
    expect(created.body).toMatchObject({
      id: created.body.event_id,
      movie_id: movie.id,
      movie_title: movie.title,
      hall: hall.name,
      hall_id: hall.id,
      start_time: zoned(Date.parse(start)),
      end_time: zoned(Date.parse(start) + 100 * MINUTE),
      time_zone: 'UTC',
      // Midnight belongs to the evening before (BUSINESS_DAY_START 04:00).
      business_date: '2100-01-03',
      cinema_id: expect.any(Number),
      total_seats: 15,
      available_seats: 15,
      booked_seats: 0,
      locked_seats: 0,
      price: 9.99,
      price_from: 9.99,
      currency: 'USD',
      has_active_bookings: false,
    });
    const seats = await seatsOf(created.body.id);
    expect(seats.map((s) => s.price)).toEqual(Array(15).fill(9.99));
  });

  it('lays out the prototype form as a near-square grid priced 18/15/12 by row thirds', async () => {
    const movie = await newMovie();
    // Default: 25 seats, base price 15.
    const byDefault = await newEvent({ movie_id: movie.id, start_time: future(70 * HOUR) });
    expect(byDefault.total_seats).toBe(25);
    expect(byDefault.hall_id).toBeNull();
    const seats = await seatsOf(byDefault.event_id);
    expect(seats).toHaveLength(25);
    const rowsOf = (list: SeatView[]) => [...new Set(list.map((s) => s.row))];
    expect(rowsOf(seats)).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(seats.filter((s) => s.row === 'A').map((s) => s.number)).toEqual([1, 2, 3, 4, 5]);
    const priceOfRow = (list: SeatView[], row: string) => [...new Set(list.filter((s) => s.row === row).map((s) => s.price))];
    expect(priceOfRow(seats, 'A')).toEqual([18]);
    expect(priceOfRow(seats, 'C')).toEqual([15]);
    expect(priceOfRow(seats, 'E')).toEqual([12]);
    const rowPrices = rowsOf(seats).map((r) => priceOfRow(seats, r));
    expect(rowPrices.every((p) => p.length === 1)).toBe(true);
    expect(rowPrices.flat()).toEqual([...rowPrices.flat()].sort((a, b) => b - a));
    expect(new Set(seats.map((s) => s.price))).toEqual(new Set([18, 15, 12]));

    // 36 seats: 6 rows of 6, exactly two rows per tier.
    const square = await newEvent({ movie_id: movie.id, start_time: future(71 * HOUR), total_seats: 36 });
    const grid = await seatsOf(square.event_id);
    expect(grid).toHaveLength(36);
    expect(rowsOf(grid).map((r) => [r, priceOfRow(grid, r)[0], grid.filter((s) => s.row === r).length])).toEqual([
      ['A', 18, 6],
      ['B', 18, 6],
      ['C', 15, 6],
      ['D', 15, 6],
      ['E', 12, 6],
      ['F', 12, 6],
    ]);
    expect(grid.find((s) => s.label === 'A1')?.category).toBe('premium');
    expect(grid.find((s) => s.label === 'F6')?.category).toBe('economy');

    // A count that is not a square: every seat exists once, rows no wider than the row count + 1.
    const odd = await newEvent({ movie_id: movie.id, start_time: future(72 * HOUR), total_seats: 10 });
    const oddSeats = await seatsOf(odd.event_id);
    expect(oddSeats).toHaveLength(10);
    expect(new Set(oddSeats.map((s) => s.label)).size).toBe(10);
    const widths = rowsOf(oddSeats).map((r) => oddSeats.filter((s) => s.row === r).length);
    expect(Math.abs(widths.length - (widths[0] ?? 0))).toBeLessThanOrEqual(1);
  });

  it('keeps showtimes in one hall apart by the film length plus a 15-minute cleaning buffer', async () => {
    const hall = await newHall({ rows: 2, seats_per_row: 2 });
    const movie = await newMovie({ duration_minutes: 100 });
    const start = t.clock.now() + 80 * HOUR;
    const slot = (offsetMs: number) => ({ movie_id: movie.id, hall_id: hall.id, start_time: at(start + offsetMs) });
    const first = await newEvent(slot(0));

    const before = await t.tableCounts();
    const justInsideAfter = await postEvent(slot(115 * MINUTE - SECOND));
    expect(justInsideAfter.status).toBe(409);
    expect(justInsideAfter.body.code).toBe('SHOWTIME_OVERLAP');
    const justInsideBefore = await postEvent(slot(-115 * MINUTE + SECOND));
    expect(justInsideBefore.status).toBe(409);
    expect(justInsideBefore.body.code).toBe('SHOWTIME_OVERLAP');
    expect((await postEvent(slot(30 * MINUTE))).status).toBe(409);
    expect(await t.tableCounts()).toEqual(before);

    const after = await newEvent(slot(115 * MINUTE));
    await newEvent(slot(-115 * MINUTE));

    // Another hall, or no hall, is free at the same time.
    const otherHall = await newHall({ rows: 1, seats_per_row: 1 });
    await newEvent({ ...slot(0), hall_id: otherHall.id });
    await newEvent({ movie_id: movie.id, start_time: at(start) });

    // Rescheduling into the hall's busy time is refused too.
    const moved = await t.call('PUT', `/api/admin/events/${after.id}`, {
      token: admin.token,
      body: { start_time: at(start + 60 * MINUTE) },
    });
    expect(moved.status).toBe(409);
    expect(moved.body.code).toBe('SHOWTIME_OVERLAP');
    expect((await adminEvent(after.id))?.start_time).toBe(zoned(start + 115 * MINUTE));
    expect((await adminEvent(first.id))?.start_time).toBe(zoned(start));
  });

  it('counts booked, locked (active holds only) and available seats', async () => {
    const { eventId, seatIds } = await t.makeShowtime(admin, { totalSeats: 12, hoursAhead: 90 });
    const buyer = await t.makeUser('user');
    const [s1, s2, s3, s4, s5] = seatIds as [number, number, number, number, number];

    await hold(user, [s1, s2]);
    const paid = await hold(buyer, [s3, s4, s5]);
    await pay(buyer, paid.booking_reference);
    expect(await adminEvent(eventId)).toMatchObject({
      total_seats: 12,
      booked_seats: 3,
      locked_seats: 2,
      available_seats: 7,
      has_active_bookings: true,
    });

    t.clock.advance(HOLD_TTL_MS + SECOND);
    expect(await adminEvent(eventId)).toMatchObject({ total_seats: 12, booked_seats: 3, locked_seats: 0, available_seats: 9 });
  });

  it('refuses to delete or move to another hall a showtime with pending or confirmed bookings', async () => {
    const hallA = await newHall({ rows: 2, seats_per_row: 2 });
    const hallB = await newHall({ rows: 3, seats_per_row: 3 });
    const movie = await newMovie();
    const event = await newEvent({ movie_id: movie.id, hall_id: hallA.id, start_time: future(100 * HOUR) });
    const seats = await seatsOf(event.id);
    const booking = await hold(user, [seats[0]?.seat_id as number]);

    const attempt = async () => {
      const before = await t.tableCounts();
      const move = await t.call('PUT', `/api/admin/events/${event.id}`, { token: admin.token, body: { hall_id: hallB.id } });
      expect(move.status).toBe(409);
      expect(move.body.code).toBe('HAS_ACTIVE_BOOKINGS');
      const remove = await t.call('DELETE', `/api/admin/events/${event.id}`, { token: admin.token });
      expect(remove.status).toBe(409);
      expect(remove.body.code).toBe('HAS_ACTIVE_BOOKINGS');
      expect(await t.tableCounts()).toEqual(before);
      expect(await adminEvent(event.id)).toMatchObject({ hall_id: hallA.id, total_seats: 4 });
    };
    await attempt(); // pending
    await pay(user, booking.booking_reference);
    await attempt(); // confirmed

    await cancel(user, booking.booking_reference);
    await expectStatus(t.call('DELETE', `/api/admin/events/${event.id}`, { token: admin.token }), 204);
    expect(await adminEvent(event.id)).toBeUndefined();
    expect(await publicEventIds()).not.toContain(event.id);
    expect((await t.call('GET', `/api/events/${event.id}/seats`)).status).toBe(404);
  });

  it('moves a showtime without bookings to another hall, regenerating its seats', async () => {
    const hallA = await newHall({ rows: 2, seats_per_row: 2 });
    const hallB = await newHall({ rows: 3, seats_per_row: 3 });
    const movie = await newMovie();
    const event = await newEvent({ movie_id: movie.id, hall_id: hallA.id, start_time: future(110 * HOUR), price: 8 });
    const moved = await expectStatus(
      t.call('PUT', `/api/admin/events/${event.id}`, { token: admin.token, body: { hall_id: hallB.id } }),
      200,
    );
    expect(moved.body).toMatchObject({ hall_id: hallB.id, hall: hallB.name, total_seats: 9, available_seats: 9, price: 8 });
    expect(await seatsOf(event.id)).toHaveLength(9);
  });

  it('answers 404 for an unknown movie or hall and 422 for a past or malformed start time', async () => {
    const movie = await newMovie();
    const before = await t.tableCounts();

    const unknownMovie = await postEvent({ movie_id: 999_999, start_time: future(24 * HOUR) });
    expect(unknownMovie.status).toBe(404);
    expect(unknownMovie.body.code).toBe('MOVIE_NOT_FOUND');
    const unknownHall = await postEvent({ movie_id: movie.id, hall_id: 999_999, start_time: future(24 * HOUR) });
    expect(unknownHall.status).toBe(404);
    expect(unknownHall.body.code).toBe('HALL_NOT_FOUND');

    for (const start_time of [
      future(-1 * MINUTE),
      at(t.clock.now()),
      'next tuesday',
      '2101-02-30T10:00:00Z',
      '2101-01-01T25:00:00Z',
    ]) {
      const response = await postEvent({ movie_id: movie.id, start_time });
      expect(response.status, start_time).toBe(422);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors).toContainEqual({ field: 'body/start_time', message: expect.any(String) });
    }
    expect(await t.tableCounts()).toEqual(before);
  });
});

describe('admin bookings list', () => {
  let eventId: number;
  let alice: Account;
  let bob: Account;
  let confirmedRef: string;
  let pendingRef: string;
  let cancelledRef: string;
  const refs = (body: { booking_reference: string }[]) => body.map((b) => b.booking_reference).sort();
  const list = async (query: string) =>
    (await expectStatus(t.call('GET', `/api/admin/bookings?${query}`, { token: admin.token }), 200)).body;

  beforeAll(async () => {
    const tag = Math.random().toString(36).slice(2, 8);
    alice = await t.makeUser('user', `alice-${tag}@example.com`);
    bob = await t.makeUser('user', `bob-${tag}@example.com`);
    const show = await t.makeShowtime(admin, { totalSeats: 9, hoursAhead: 120 });
    const other = await t.makeShowtime(admin, { totalSeats: 4, hoursAhead: 121 });
    eventId = show.eventId;
    confirmedRef = (await hold(alice, [show.seatIds[0] as number])).booking_reference;
    await pay(alice, confirmedRef);
    pendingRef = (await hold(bob, [show.seatIds[1] as number, show.seatIds[2] as number])).booking_reference;
    cancelledRef = (await hold(alice, [other.seatIds[0] as number])).booking_reference;
    await cancel(alice, cancelledRef);
  });

  it('filters by showtime', async () => {
    expect(refs(await list(`event_id=${eventId}`))).toEqual([confirmedRef, pendingRef].sort());
  });

  it('filters by status', async () => {
    const confirmed = await list(`event_id=${eventId}&status=confirmed`);
    expect(refs(confirmed)).toEqual([confirmedRef]);
    expect(confirmed[0]).toMatchObject({ status: 'confirmed', user_email: alice.email, seat_ids: [expect.any(Number)] });
    expect(refs(await list(`event_id=${eventId}&status=pending`))).toEqual([pendingRef]);
    const cancelled = await list('status=cancelled');
    expect(refs(cancelled)).toContain(cancelledRef);
    expect(cancelled.every((b: { status: string }) => b.status === 'cancelled')).toBe(true);
    const allConfirmed = await list('status=confirmed');
    expect(allConfirmed.every((b: { status: string }) => b.status === 'confirmed')).toBe(true);
    expect(refs(allConfirmed)).not.toContain(pendingRef);
  });

  it('searches by part of the reference or the email', async () => {
    expect(refs(await list(`q=${confirmedRef.slice(2, 8).toLowerCase()}`))).toEqual([confirmedRef]);
    expect(refs(await list(`q=${encodeURIComponent(bob.email.split('@')[0] as string)}`))).toEqual([pendingRef]);
    expect(refs(await list(`q=${encodeURIComponent((alice.email.split('@')[0] as string).toUpperCase())}`))).toEqual(
      [confirmedRef, cancelledRef].sort(),
    );
    expect(refs(await list(`q=${encodeURIComponent(alice.email.split('@')[0] as string)}&status=cancelled`))).toEqual([
      cancelledRef,
    ]);
    expect(await list('q=no-such-booking-anywhere')).toEqual([]);
  });

  it('refuses an unknown status', async () => {
    expect((await t.call('GET', '/api/admin/bookings?status=paid', { token: admin.token })).status).toBe(422);
  });
});

describe('analytics', () => {
  type Totals = Record<
    'showtimes' | 'total_seats' | 'booked_seats' | 'held_seats' | 'available_seats' | 'occupancy_rate' | 'revenue',
    number
  >;
  const analytics = async () => (await expectStatus(t.call('GET', '/api/admin/analytics', { token: admin.token }), 200)).body;

  function expectConsistent(body: {
    totals: Totals;
    per_showtime: { total_seats: number; booked_seats: number; held_seats: number; available_seats: number; revenue: number }[];
  }) {
    const { totals } = body;
    const sum = (pick: (s: (typeof body.per_showtime)[number]) => number) => body.per_showtime.reduce((a, s) => a + pick(s), 0);
    // Every showtime in this file is upcoming, so per_showtime covers them all.
    expect(body.per_showtime).toHaveLength(totals.showtimes);
    expect(totals.total_seats).toBe(sum((s) => s.total_seats));
    expect(totals.booked_seats).toBe(sum((s) => s.booked_seats));
    expect(totals.held_seats).toBe(sum((s) => s.held_seats));
    expect(totals.available_seats).toBe(sum((s) => s.available_seats));
    expect(totals.booked_seats + totals.held_seats + totals.available_seats).toBe(totals.total_seats);
    expect(totals.occupancy_rate).toBe(Math.round((totals.booked_seats / totals.total_seats) * 10000) / 100);
    expect(cents(totals.revenue)).toBe(sum((s) => cents(s.revenue)));
  }

  it('adds up seats, bookings and revenue exactly', async () => {
    const before = await analytics();
    expectConsistent(before);

    const hall = await newHall({ rows: 2, seats_per_row: 5 });
    const movie = await newMovie();
    const event = await newEvent({ movie_id: movie.id, hall_id: hall.id, start_time: future(130 * HOUR), price: 12.35 });
    const seatIds = (await seatsOf(event.id)).map((s) => s.seat_id);
    const [carol, dave, erin] = [await t.makeUser('user'), await t.makeUser('user'), await t.makeUser('user')];

    const confirmed = await hold(carol, [seatIds[0] as number, seatIds[1] as number]);
    expect(confirmed.total_amount).toBe(24.7);
    await pay(carol, confirmed.booking_reference);
    await hold(dave, [seatIds[2] as number]); // stays pending
    const cancelled = await hold(erin, [seatIds[3] as number, seatIds[4] as number]);
    await pay(erin, cancelled.booking_reference);
    await cancel(erin, cancelled.booking_reference);

    const after = await analytics();
    expectConsistent(after);
    expect(after.currency).toBe('USD');

    const row = after.per_showtime.find((s: { event_id: number }) => s.event_id === event.id);
    expect(row).toEqual({
      event_id: event.id,
      movie_title: movie.title,
      start_time: future(130 * HOUR),
      time_zone: 'UTC',
      hall: hall.name,
      total_seats: 10,
      booked_seats: 2,
      held_seats: 1,
      available_seats: 7,
      occupancy_rate: 20,
      revenue: 24.7,
    });

    const delta = (key: string) => after.totals[key] - before.totals[key];
    expect({
      showtimes: delta('showtimes'),
      upcoming_showtimes: delta('upcoming_showtimes'),
      total_seats: delta('total_seats'),
      booked_seats: delta('booked_seats'),
      held_seats: delta('held_seats'),
      available_seats: delta('available_seats'),
      confirmed_bookings: delta('confirmed_bookings'),
      pending_bookings: delta('pending_bookings'),
      cancelled_bookings: delta('cancelled_bookings'),
      expired_bookings: delta('expired_bookings'),
      revenue_cents: cents(after.totals.revenue) - cents(before.totals.revenue),
    }).toEqual({
      showtimes: 1,
      upcoming_showtimes: 1,
      total_seats: 10,
      booked_seats: 2,
      held_seats: 1,
      available_seats: 7,
      confirmed_bookings: 1,
      pending_bookings: 1,
      cancelled_bookings: 1,
      expired_bookings: 0,
      revenue_cents: 2470,
    });

    // The confirmed total and revenue agree with the bookings list.
    const confirmedList = (await t.call('GET', '/api/admin/bookings?status=confirmed&limit=500', { token: admin.token }))
      .body as {
      total_amount: number;
    }[];
    expect(confirmedList).toHaveLength(after.totals.confirmed_bookings);
    expect(cents(after.totals.revenue)).toBe(confirmedList.reduce((a, b) => a + cents(b.total_amount), 0));

    // 30 consecutive days ending today; today's entry holds the bookings confirmed today.
    expect(after.per_day).toHaveLength(30);
    const today = at(t.clock.now()).slice(0, 10);
    expect(after.per_day[29].date).toBe(today);
    expect(after.per_day[0].date).toBe(at(Date.parse(today) - 29 * 24 * HOUR).slice(0, 10));
    for (let i = 1; i < 30; i++) {
      expect(Date.parse(after.per_day[i].date) - Date.parse(after.per_day[i - 1].date)).toBe(24 * HOUR);
    }
    expect(after.per_day[29].bookings - before.per_day[29].bookings).toBe(1);
    expect(cents(after.per_day[29].revenue) - cents(before.per_day[29].revenue)).toBe(2470);
    const perDay = after.per_day as { bookings: number; revenue: number }[];
    expect(perDay.reduce((a, d) => a + d.bookings, 0)).toBe(after.totals.confirmed_bookings);
    expect(perDay.reduce((a, d) => a + cents(d.revenue), 0)).toBe(cents(after.totals.revenue));

    // Once the holds run out, pending bookings count as expired and their seats as available.
    t.clock.advance(HOLD_TTL_MS + SECOND);
    const later = await analytics();
    expectConsistent(later);
    expect(later.totals).toMatchObject({
      pending_bookings: 0,
      held_seats: 0,
      expired_bookings: after.totals.expired_bookings + after.totals.pending_bookings,
      available_seats: after.totals.available_seats + after.totals.held_seats,
      confirmed_bookings: after.totals.confirmed_bookings,
      revenue: after.totals.revenue,
    });
    expect(later.per_showtime.find((s: { event_id: number }) => s.event_id === event.id)).toMatchObject({
      held_seats: 0,
      available_seats: 8,
      booked_seats: 2,
    });
  });
});
