import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPROVED_CARD, createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * SECURITY.md, "Access control" and "Input handling": other people's bookings are invisible,
 * admin routes refuse users, bodies cannot assign fields the API does not offer, malformed input
 * is refused with the right 4xx, and injection payloads are inert.
 */

type User = Awaited<ReturnType<TestApp['makeUser']>>;

let t: TestApp;
let admin: User;
let alice: User;
let bob: User;
let show: Awaited<ReturnType<TestApp['makeShowtime']>>;
let nextSeat = 0;
const takeSeats = (n: number) => {
  const seats = show.seatIds.slice(nextSeat, nextSeat + n);
  nextSeat += n;
  return seats;
};

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.makeUser('admin');
  alice = await t.makeUser();
  bob = await t.makeUser();
  show = await t.makeShowtime(admin, { rows: 10, perRow: 10, hoursAhead: 48 });
});
afterAll(async () => t.close());

async function hold(user: User, seatIds: number[], extra: Record<string, unknown> = {}) {
  const res = await t.call('POST', '/api/book-seats', { token: user.token, body: { seat_ids: seatIds, ...extra } });
  expect(res.status, res.raw).toBe(201);
  return res.body.booking_reference as string;
}

const bookingRow = (reference: string) =>
  t.db.kysely.selectFrom('bookings').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();

/** Everything a refused request could have touched. */
async function snapshot() {
  return {
    counts: await t.tableCounts(),
    bookings: await t.db.kysely.selectFrom('bookings').select(['reference', 'status', 'user_id']).orderBy('id').execute(),
    charges: t.payments.charges(),
    refunds: t.payments.refunds(),
  };
}

describe("another user's booking is not found (404) and nothing changes", () => {
  it('read, confirm and cancel of a pending booking', async () => {
    const reference = await hold(alice, takeSeats(2));
    const before = await snapshot();
    const missing = await t.call('GET', '/api/bookings/ZZZZZZZZZZ', { token: bob.token });
    expect(missing.status).toBe(404);

    const attempts = [
      await t.call('GET', `/api/bookings/${reference}`, { token: bob.token }),
      await t.call('GET', `/api/bookings/${reference.toLowerCase()}`, { token: bob.token }),
      await t.call('POST', '/api/confirm-payment', {
        token: bob.token,
        body: { booking_reference: reference, payment: APPROVED_CARD },
      }),
      await t.call('POST', '/api/cancel-booking', { token: bob.token, body: { booking_reference: reference } }),
      await t.call('POST', '/api/cancel-booking', {
        token: bob.token,
        body: { booking_reference: reference },
        headers: { 'idempotency-key': 'bob-tries-alice' },
      }),
    ];
    for (const res of attempts) {
      expect(res.status, res.raw).toBe(404);
      // Exactly what a reference that does not exist gets: nothing to tell the two apart.
      expect(res.body.code).toBe(missing.body.code);
      expect(Object.keys(res.body).sort()).toEqual(Object.keys(missing.body).sort());
      expect(res.raw).not.toContain(alice.email);
    }
    expect(await snapshot()).toEqual(before);
    expect((await bookingRow(reference)).status).toBe('pending');

    const mine = await t.call('GET', '/api/bookings', { token: bob.token });
    expect(mine.status).toBe(200);
    expect(mine.body.map((b: { booking_reference: string }) => b.booking_reference)).not.toContain(reference);
  });

  it('cancel of a confirmed booking: no refund, still confirmed', async () => {
    const reference = await hold(alice, takeSeats(1));
    const paid = await t.call('POST', '/api/confirm-payment', {
      token: alice.token,
      body: { booking_reference: reference, payment: APPROVED_CARD },
    });
    expect(paid.status).toBe(200);
    const before = await snapshot();
    const res = await t.call('POST', '/api/cancel-booking', { token: bob.token, body: { booking_reference: reference } });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('BOOKING_NOT_FOUND');
    const read = await t.call('GET', `/api/bookings/${reference}`, { token: bob.token });
    expect(read.status).toBe(404);
    expect(read.raw).not.toContain(paid.body.payment_id);
    expect(await snapshot()).toEqual(before);
    expect((await bookingRow(reference)).status).toBe('confirmed');
  });
});

describe('admin routes refuse users (403) and anonymous callers (401)', () => {
  it('every /api/admin route in the OpenAPI document, and create-admin', async () => {
    const doc = (await t.call('GET', '/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const routes: [string, string][] = [['POST', '/api/auth/create-admin']];
    for (const [path, methods] of Object.entries(doc.paths)) {
      if (!path.startsWith('/api/admin')) continue;
      for (const method of Object.keys(methods)) routes.push([method.toUpperCase(), path.replace(/\{[^}]+\}/g, '1')]);
    }
    expect(routes.length).toBeGreaterThanOrEqual(16);
    const before = await snapshot();
    const auditBefore = await t.db.kysely.selectFrom('audit_log').select('id').execute();
    const body = {
      title: 'Hijack',
      name: 'Hijack',
      rows: 1,
      seats_per_row: 1,
      email: 'hijack@example.com',
      password: 'a-long-enough-password',
      full_name: 'Hijack',
    };
    for (const [method, url] of routes) {
      const withBody = method === 'POST' || method === 'PUT' ? { body } : {};
      const asUser = await t.call(method, url, { token: alice.token, ...withBody });
      expect(asUser.status, `${method} ${url} as user`).toBe(403);
      expect(asUser.body).toMatchObject({ code: 'FORBIDDEN', detail: expect.any(String) });
      const anonymous = await t.call(method, url, withBody);
      if (url === '/api/auth/create-admin') expect(anonymous.status).toBe(401);
      else expect(anonymous.status, `${method} ${url} anonymous`).toBe(401);
    }
    expect(await snapshot()).toEqual(before);
    expect(await t.db.kysely.selectFrom('audit_log').select('id').execute()).toEqual(auditBefore);
  });

  it("a user cannot read the admin bookings list through the customer route's filter", async () => {
    const res = await t.call('GET', `/api/bookings?user_id=${alice.id}`, { token: bob.token });
    expect(res.status).toBe(200);
    expect(res.body.every((b: { user_id: number }) => b.user_id === bob.id)).toBe(true);
  });
});

describe('mass assignment has no effect', () => {
  it('register: role, is_active, id, created_at and password_hash are ignored', async () => {
    const email = `massassign-${Date.now()}@example.com`;
    const res = await t.call('POST', '/api/auth/register', {
      body: {
        email,
        password: 'a-long-enough-password',
        full_name: 'Mallory',
        role: 'admin',
        is_active: false,
        id: 424242,
        created_at: '2000-01-01T00:00:00Z',
        password_hash: 'plaintext',
        sessions_valid_after: 99999999999999,
        extra_field: 'dropped',
      },
    });
    expect(res.status, res.raw).toBe(201);
    expect(res.body).toMatchObject({ role: 'user', is_active: true, created_at: new Date(t.clock.now()).toISOString() });
    expect(res.body.id).not.toBe(424242);
    expect(res.body).not.toHaveProperty('extra_field');
    const row = await t.db.kysely.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirstOrThrow();
    expect(row.role).toBe('user');
    expect(row.is_active).toBe(1);
    expect(row.password_hash.startsWith('$argon2id$')).toBe(true);
    expect(Number(row.sessions_valid_after)).toBe(0);
    const login = await t.call('POST', '/api/auth/login', { body: { email, password: 'a-long-enough-password' } });
    expect(login.status).toBe(200);
    expect((await t.call('GET', '/api/admin/movies', { token: login.body.access_token })).status).toBe(403);
  });

  it('book-seats: status, total_amount, user_id, reference and expires_at are ignored', async () => {
    const seats = takeSeats(2);
    const res = await t.call('POST', '/api/book-seats', {
      token: alice.token,
      body: {
        seat_ids: seats,
        status: 'confirmed',
        total_amount: 0,
        user_id: bob.id,
        reference: 'HACKED0001',
        booking_reference: 'HACKED0002',
        expires_at: '2999-01-01T00:00:00Z',
        price: 0,
      },
    });
    expect(res.status, res.raw).toBe(201);
    expect(res.body.status).toBe('pending');
    expect(res.body.total_amount).toBeGreaterThan(0);
    expect(res.body.booking_reference).not.toMatch(/HACKED/);
    const row = await bookingRow(res.body.booking_reference);
    expect(row).toMatchObject({ status: 'pending', user_id: alice.id, expires_at: t.clock.now() + 600_000 });
    expect(row.total_amount).toBeGreaterThan(0);
    expect(await t.db.kysely.selectFrom('bookings').select('id').where('user_id', '=', bob.id).execute()).toEqual([]);
  });

  it('confirm-payment: status, total_amount, user_id and an amount in the card are ignored', async () => {
    const reference = await hold(alice, takeSeats(2));
    const held = await bookingRow(reference);
    const charges = t.payments.charges();
    const res = await t.call('POST', '/api/confirm-payment', {
      token: alice.token,
      body: {
        booking_reference: reference,
        payment: { ...APPROVED_CARD, amount: 0.01, currency: 'XXX' },
        status: 'cancelled',
        total_amount: 0.01,
        amount: 0.01,
        user_id: bob.id,
        payment_id: 'pay_forged',
      },
    });
    expect(res.status, res.raw).toBe(200);
    expect(res.body.payment_id).not.toBe('pay_forged');
    const row = await bookingRow(reference);
    expect(row).toMatchObject({ status: 'confirmed', user_id: alice.id, total_amount: held.total_amount, currency: 'USD' });
    const payment = await t.db.kysely
      .selectFrom('payments')
      .selectAll()
      .where('booking_id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(payment.amount).toBe(held.total_amount);
    expect(payment.currency).toBe('USD');
    expect(t.payments.charges()).toBe(charges + 1);
  });

  it('PUT /api/admin/movies/:id: id and deleted_at are ignored, unknown fields dropped', async () => {
    const created = await t.call('POST', '/api/admin/movies', {
      token: admin.token,
      body: { title: 'Original', duration_minutes: 90, owner: 'mallory', __secret: 1 },
    });
    expect(created.status, created.raw).toBe(201);
    expect(created.body).not.toHaveProperty('owner');
    const id = created.body.id as number;
    const res = await t.call('PUT', `/api/admin/movies/${id}`, {
      token: admin.token,
      body: { title: 'Renamed', id: 987654, deleted_at: t.clock.now(), created_at: 0, bogus: true },
    });
    expect(res.status, res.raw).toBe(200);
    expect(res.body).toMatchObject({ id, title: 'Renamed' });
    expect(res.body).not.toHaveProperty('bogus');
    const row = await t.db.kysely.selectFrom('movies').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.deleted_at).toBeNull();
    expect(row.created_at).not.toBe(0);
    expect(await t.db.kysely.selectFrom('movies').select('id').where('id', '=', 987654).execute()).toEqual([]);
    expect((await t.call('GET', `/api/movies/${id}`)).status).toBe(200);
  });

  it('a body whose only fields are unknown changes nothing', async () => {
    const created = await t.call('POST', '/api/admin/movies', { token: admin.token, body: { title: 'Steady' } });
    const res = await t.call('PUT', `/api/admin/movies/${created.body.id}`, {
      token: admin.token,
      body: { id: 1, deleted_at: 1 },
    });
    expect(res.status, res.raw).toBe(422);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const row = await t.db.kysely.selectFrom('movies').selectAll().where('id', '=', created.body.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ title: 'Steady', deleted_at: null });
  });

  it('__proto__ in a JSON body is refused, and pollutes nothing', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":"proto@example.com","password":"a-long-enough-password","full_name":"P","__proto__":{"role":"admin"}}',
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(({} as Record<string, unknown>).role).toBeUndefined();
    const row = await t.db.kysely.selectFrom('users').select('role').where('email', '=', 'proto@example.com').executeTakeFirst();
    expect(row?.role ?? 'user').toBe('user');
  });
});

describe('malformed requests', () => {
  async function expectRefusal(
    status: number,
    code: string,
    send: () => Promise<{ status: number; body: unknown; raw: string }>,
    label: string,
  ) {
    const before = await snapshot();
    const res = await send();
    expect(res.status, `${label}: ${res.raw.slice(0, 300)}`).toBe(status);
    expect(res.body, label).toMatchObject({ code, detail: expect.any(String) });
    expect(await snapshot(), label).toEqual(before);
    return res;
  }

  const wrongTypes: [string, string, string, () => Record<string, unknown>, 'admin' | 'user' | 'none'][] = [
    ['seat_ids as a string', 'POST', '/api/book-seats', () => ({ seat_ids: '1,2' }), 'user'],
    ['seat ids as strings', 'POST', '/api/book-seats', () => ({ seat_ids: ['1'] }), 'user'],
    ['a fractional seat id', 'POST', '/api/book-seats', () => ({ seat_ids: [1.5] }), 'user'],
    ['a negative seat id', 'POST', '/api/book-seats', () => ({ seat_ids: [-1] }), 'user'],
    ['seat_ids null', 'POST', '/api/book-seats', () => ({ seat_ids: null }), 'user'],
    ['event_id as text', 'POST', '/api/book-seats', () => ({ seat_ids: [show.seatIds[90]], event_id: 'abc' }), 'user'],
    ['a body that is an array', 'POST', '/api/book-seats', () => [1, 2] as unknown as Record<string, unknown>, 'user'],
    [
      'booking_reference as a number',
      'POST',
      '/api/confirm-payment',
      () => ({ booking_reference: 123, payment: APPROVED_CARD }),
      'user',
    ],
    [
      'exp_month as text',
      'POST',
      '/api/confirm-payment',
      () => ({ booking_reference: 'ABC', payment: { ...APPROVED_CARD, exp_month: '12' } }),
      'user',
    ],
    ['payment as a string', 'POST', '/api/confirm-payment', () => ({ booking_reference: 'ABC', payment: '4242' }), 'user'],
    ['booking_reference as an object', 'POST', '/api/cancel-booking', () => ({ booking_reference: { $ne: 1 } }), 'user'],
    [
      'email as a number',
      'POST',
      '/api/auth/register',
      () => ({ email: 123, password: 'long-password-1', full_name: 'X' }),
      'none',
    ],
    [
      'password as a number',
      'POST',
      '/api/auth/register',
      () => ({ email: 'n@example.com', password: 12345678901, full_name: 'X' }),
      'none',
    ],
    ['login email as an object', 'POST', '/api/auth/login', () => ({ email: { $gt: '' }, password: 'x' }), 'none'],
    ['a title as a number', 'POST', '/api/admin/movies', () => ({ title: 42 }), 'admin'],
    ['duration as text', 'POST', '/api/admin/movies', () => ({ title: 'T', duration_minutes: '100' }), 'admin'],
    ['fractional hall rows', 'POST', '/api/admin/halls', () => ({ name: 'H', rows: 1.5, seats_per_row: 2 }), 'admin'],
    ['a price as text', 'POST', '/api/admin/events', () => ({ movie_id: show.movie.id, start_time: 'x', price: '15' }), 'admin'],
  ];

  it.each(wrongTypes)('wrong type: %s → 422', async (label, method, url, body, who) => {
    const token = who === 'admin' ? admin.token : who === 'user' ? alice.token : undefined;
    const res = await expectRefusal(422, 'VALIDATION_FAILED', () => t.call(method, url, { token, body: body() }), label);
    expect((res.body as { errors: unknown[] }).errors.length).toBeGreaterThan(0);
  });

  it.each([
    ['/api/events?movie_id=abc'],
    ['/api/events?date=yesterday'],
    ['/api/movies/abc'],
    ['/api/movies/0'],
    ['/api/events/-1/seats'],
    ['/api/movies/99999999999'],
  ])('wrong type in a query or path: %s → 422', async (url) => {
    await expectRefusal(422, 'VALIDATION_FAILED', () => t.call('GET', url), url);
  });

  it('wrong types in admin query strings → 422', async () => {
    for (const url of ['/api/admin/bookings?limit=-1', '/api/admin/bookings?status=paid', '/api/admin/audit?actor_id=x']) {
      await expectRefusal(422, 'VALIDATION_FAILED', () => t.call('GET', url, { token: admin.token }), url);
    }
  });

  it('a NUL character anywhere (body, nested body, path, query) → 422 on both databases, never 500', async () => {
    const nul = 'bad\u0000value';
    const cases: [string, string, Parameters<TestApp['call']>[2]][] = [
      ['POST', '/api/admin/movies', { token: admin.token, body: { title: nul } }],
      [
        'POST',
        '/api/admin/halls',
        {
          token: admin.token,
          body: { name: 'N', rows: 1, seats_per_row: 1, categories: [{ name: nul, from_row: 1, to_row: 1, price_factor: 1 }] },
        },
      ],
      ['POST', '/api/auth/login', { body: { email: nul, password: 'whatever-password' } }],
      ['POST', '/api/auth/register', { body: { email: 'nul@example.com', password: 'long-password-1', full_name: nul } }],
      ['POST', '/api/confirm-payment', { token: alice.token, body: { booking_reference: nul, payment: APPROVED_CARD } }],
      ['POST', '/api/cancel-booking', { token: alice.token, body: { booking_reference: nul } }],
      ['GET', '/api/bookings/%00', { token: alice.token }],
      ['GET', '/api/admin/bookings?q=%00', { token: admin.token }],
      ['GET', '/api/admin/audit?action=a%00b', { token: admin.token }],
    ];
    for (const [method, url, options] of cases) {
      const res = await expectRefusal(422, 'VALIDATION_FAILED', () => t.call(method, url, options), `${method} ${url}`);
      expect((res.body as { errors: { message: string }[] }).errors[0]?.message).toMatch(/NUL/);
    }
  });

  it('bodies over 64 KB → 413', async () => {
    const pad = 'x'.repeat(70 * 1024);
    await expectRefusal(
      413,
      'PAYLOAD_TOO_LARGE',
      () => t.call('POST', '/api/book-seats', { token: alice.token, body: { seat_ids: takeSeats(1), pad } }),
      'book-seats',
    );
    await expectRefusal(
      413,
      'PAYLOAD_TOO_LARGE',
      () =>
        t.call('POST', '/api/auth/register', { body: { email: 'big@example.com', password: 'long-password-1', full_name: pad } }),
      'register',
    );
    await expectRefusal(
      413,
      'PAYLOAD_TOO_LARGE',
      () => t.call('POST', '/api/admin/movies', { token: admin.token, body: { title: 'Big', description: pad } }),
      'movie',
    );
    // Just under the limit is read (and refused only for its content).
    const near = await t.call('POST', '/api/admin/movies', {
      token: admin.token,
      body: { title: 'Near', description: 'y'.repeat(60 * 1024) },
    });
    expect(near.status).toBe(422);
  });

  const raw =
    (contentType: string | undefined, payload: string, url = '/api/book-seats') =>
    async () => {
      const res = await t.app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${alice.token}`, ...(contentType ? { 'content-type': contentType } : {}) },
        payload,
      });
      let body: unknown;
      try {
        body = JSON.parse(res.body);
      } catch {
        body = undefined;
      }
      return { status: res.statusCode, body, raw: res.body };
    };

  it.each([
    ['text/plain', JSON.stringify({ seat_ids: [1] })],
    ['application/x-www-form-urlencoded', 'seat_ids=1&seat_ids=2'],
    ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="seat_ids"\r\n\r\n1\r\n--x--'],
    ['application/xml', '<seat_ids>1</seat_ids>'],
    ['text/html', '<b>1</b>'],
  ])('content type %s on POST /api/book-seats → 415', async (type, payload) => {
    await expectRefusal(415, 'UNSUPPORTED_MEDIA_TYPE', raw(type, payload), type);
  });

  it('text/plain is refused on the auth routes too (415)', async () => {
    const body = JSON.stringify({ email: 'plain@example.com', password: 'long-password-1', full_name: 'P' });
    await expectRefusal(415, 'UNSUPPORTED_MEDIA_TYPE', raw('text/plain', body, '/api/auth/register'), 'register');
    await expectRefusal(415, 'UNSUPPORTED_MEDIA_TYPE', raw('text/plain', body, '/api/auth/login'), 'login');
  });

  it.each([['{"seat_ids": [1'], ["{'seat_ids': [1]}"], ['{"seat_ids": [1]}}'], ['nul'], ['{"a":1,}']])(
    'malformed JSON %s → 400',
    async (payload) => {
      await expectRefusal(400, 'BAD_REQUEST', raw('application/json', payload), payload);
    },
  );
});

describe('injection payloads are inert', () => {
  const SQL = [
    "' OR 1=1 --",
    "' OR '1'='1",
    '1; DROP TABLE seats',
    "'; DROP TABLE seats; --",
    "%' UNION SELECT id, email, password_hash FROM users --",
    '" OR ""="',
    "admin'--",
    "1' AND (SELECT COUNT(*) FROM users) > 0 --",
    '\\x27 OR 1=1',
    "Robert'); DROP TABLE bookings;--",
  ];
  let attacks = 0;

  it('in every string field and query parameter: never 5xx, nothing leaked, nothing dropped', async () => {
    const someoneElse = await hold(bob, takeSeats(1)); // there is something to leak
    const countsBefore = await t.tableCounts();
    const seatCount = countsBefore.seats;
    const hashes = (await t.db.kysely.selectFrom('users').select('password_hash').execute()).map((u) => u.password_hash);
    const responses: { label: string; status: number; raw: string }[] = [];
    const send = async (label: string, method: string, url: string, options: Parameters<TestApp['call']>[2] = {}) => {
      attacks += 1;
      const res = await t.call(method, url, options);
      responses.push({ label, status: res.status, raw: res.raw });
      return res;
    };
    const q = encodeURIComponent;
    let createdMovies = 0;
    let registered = 0;

    for (const [i, p] of SQL.entries()) {
      // Auth: an injected email signs nobody in.
      const login = await send(`login ${p}`, 'POST', '/api/auth/login', { body: { email: p, password: p } });
      expect(login.status, p).not.toBe(200);
      const loginAsAdmin = await send(`login admin ${p}`, 'POST', '/api/auth/login', {
        body: { email: `${admin.email}${p}`, password: p },
      });
      expect(loginAsAdmin.status).not.toBe(200);
      // (Alternating keeps under the per-address registration throttle.)
      const reg =
        i % 2 === 0
          ? await send(`register email ${p}`, 'POST', '/api/auth/register', {
              body: { email: p, password: 'long-password-1', full_name: p },
            })
          : await send(`register name ${p}`, 'POST', '/api/auth/register', {
              body: { email: `inj${i}-${Date.now()}@example.com`, password: `${p}-pad-pad-pad`, full_name: p },
            });
      if (reg.status === 201) {
        registered += 1;
        expect(reg.body.full_name).toBe(p.trim());
        expect(reg.body.role).toBe('user');
      }

      // Bookings: references and card fields.
      expect((await send(`get ${p}`, 'GET', `/api/bookings/${q(p)}`, { token: alice.token })).status).toBe(404);
      const confirm = await send(`confirm ${p}`, 'POST', '/api/confirm-payment', {
        token: alice.token,
        body: { booking_reference: p, payment: { ...APPROVED_CARD, cardholder_name: p, card_number: p.slice(0, 30) } },
      });
      expect(confirm.status).toBe(404);
      expect(
        (await send(`cancel ${p}`, 'POST', '/api/cancel-booking', { token: alice.token, body: { booking_reference: p } })).status,
      ).toBe(404);
      await send(`hold ${p}`, 'POST', '/api/book-seats', { token: alice.token, body: { seat_ids: [p] } });

      // Admin writes: stored verbatim (parameterised), or refused.
      const movie = await send(`movie ${p}`, 'POST', '/api/admin/movies', {
        token: admin.token,
        body: { title: p, description: p, genre: p.slice(0, 100), rating: p.slice(0, 20), release_date: p },
      });
      expect(movie.status).toBe(422); // release_date is not a date
      const movieOk = await send(`movie ok ${p}`, 'POST', '/api/admin/movies', {
        token: admin.token,
        body: { title: p, description: p, genre: p.slice(0, 100), rating: p.slice(0, 20) },
      });
      expect(movieOk.status).toBe(201);
      createdMovies += 1;
      const readBack = await send(`movie read ${p}`, 'GET', `/api/movies/${movieOk.body.id}`);
      expect(readBack.body).toMatchObject({ title: p, description: p });
      await send(`movie put ${p}`, 'PUT', `/api/admin/movies/${movieOk.body.id}`, { token: admin.token, body: { genre: p } });
      await send(`hall ${p}`, 'POST', '/api/admin/halls', {
        token: admin.token,
        body: {
          name: p,
          rows: 1,
          seats_per_row: 1,
          categories: [{ name: p.slice(0, 40), from_row: 1, to_row: 1, price_factor: 1 }],
        },
      });
      await send(`event ${p}`, 'POST', '/api/admin/events', {
        token: admin.token,
        body: { movie_id: show.movie.id, start_time: p, total_seats: 1 },
      });

      // Query parameters.
      const search = await send(`admin bookings q ${p}`, 'GET', `/api/admin/bookings?q=${q(p)}`, { token: admin.token });
      expect(search.status).toBe(200);
      expect(search.body, `q=${p} matched bookings`).toEqual([]);
      for (const url of [
        `/api/admin/bookings?status=${q(p)}`,
        `/api/admin/bookings?event_id=${q(p)}`,
        `/api/admin/bookings?limit=${q(p)}`,
        `/api/events?movie_id=${q(p)}`,
        `/api/events?date=${q(p)}`,
        `/api/events?from=${q(p)}`,
        `/api/events?to=${q(p)}`,
        `/api/events/${q(p)}`,
        `/api/events/${q(p)}/seats`,
        `/api/movies/${q(p)}`,
      ]) {
        const res = await send(url, 'GET', url, { token: admin.token });
        expect(res.status, url).toBeGreaterThanOrEqual(400);
      }
      const audit = await send(`audit ${p}`, 'GET', `/api/admin/audit?action=${q(p)}&target_type=${q(p.slice(0, 32))}`, {
        token: admin.token,
      });
      expect(audit.status).toBe(200);
      expect(audit.body).toEqual([]);
      // The customer list ignores query parameters; alice never sees bob's booking.
      const mine = await send(`my bookings ${p}`, 'GET', `/api/bookings?q=${q(p)}&user_id=${q(p)}`, { token: alice.token });
      expect(mine.raw).not.toContain(someoneElse);
    }

    const fivexx = responses.filter((r) => r.status >= 500);
    expect(fivexx.map((r) => `${r.label} → ${r.status} ${r.raw.slice(0, 200)}`)).toEqual([]);
    for (const r of responses) {
      for (const hash of hashes) expect(r.raw, r.label).not.toContain(hash);
      expect(r.raw).not.toMatch(/argon2/);
    }
    // Every table is still there with only the rows the harmless 2xx answers added.
    const after = await t.tableCounts();
    expect(after.seats).toBeGreaterThanOrEqual(seatCount);
    expect(after.bookings).toBe(countsBefore.bookings);
    expect(after.users).toBe(countsBefore.users + registered);
    expect(after.movies).toBe(countsBefore.movies + createdMovies);
    const seatMap = await t.call('GET', `/api/events/${show.eventId}/seats`);
    expect(seatMap.status).toBe(200);
    expect(seatMap.body.seats).toHaveLength(100);
    console.log(`SQL injection: ${attacks} requests with ${SQL.length} payloads, none 5xx`);
    expect(attacks).toBeGreaterThan(200);
  });

  it("GET /api/admin/bookings?q=' OR '1'='1 returns nothing, while a genuine search finds its booking", async () => {
    const reference = await hold(alice, takeSeats(1));
    expect(
      (await t.call('GET', `/api/admin/bookings?q=${encodeURIComponent("' OR '1'='1")}`, { token: admin.token })).body,
    ).toEqual([]);
    expect((await t.call('GET', `/api/admin/bookings?q=${encodeURIComponent('%')}`, { token: admin.token })).body.length).toBe(
      (await t.call('GET', '/api/admin/bookings', { token: admin.token })).body.length,
    );
    const genuine = await t.call('GET', `/api/admin/bookings?q=${reference}`, { token: admin.token });
    expect(genuine.body.map((b: { booking_reference: string }) => b.booking_reference)).toEqual([reference]);
  });

  it('script payloads are stored as plain text and come back JSON-encoded as application/json', async () => {
    const script = '<script>alert(1)</script>';
    const img = '"><img src=x onerror=alert(document.cookie)>';
    const movie = await t.call('POST', '/api/admin/movies', {
      token: admin.token,
      body: { title: script, description: img, genre: 'javascript:alert(1)' },
    });
    expect(movie.status).toBe(201);
    const row = await t.db.kysely.selectFrom('movies').selectAll().where('id', '=', movie.body.id).executeTakeFirstOrThrow();
    expect(row.title).toBe(script);
    expect(row.description).toBe(img);

    for (const url of [`/api/movies/${movie.body.id}`, '/api/movies']) {
      const res = await t.call('GET', url);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.raw).toContain(JSON.stringify(script));
      expect(res.raw).toContain(JSON.stringify(img));
    }
    const name = '<svg onload=alert(1)>';
    const reg = await t.call('POST', '/api/auth/register', {
      body: { email: `xss-${Date.now()}@example.com`, password: 'long-password-1', full_name: name },
    });
    expect(reg.status).toBe(201);
    expect(reg.body.full_name).toBe(name);
    expect(reg.headers['content-type']).toMatch(/^application\/json/);
    // An error that echoes the input is JSON as well, never HTML.
    const echoed = await t.call('GET', `/api/bookings/${encodeURIComponent(script)}`, { token: alice.token });
    expect(echoed.status).toBe(404);
    expect(echoed.headers['content-type']).toMatch(/^application\/json/);
    const notFound = await t.call('GET', `/api/${encodeURIComponent(script)}`);
    expect(notFound.status).toBe(404);
    expect(notFound.headers['content-type']).toMatch(/^application\/json/);
  });
});
