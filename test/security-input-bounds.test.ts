import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPROVED_CARD, createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * SECURITY.md, "Input handling": JSON bodies nest at most 32 levels (checked before anything
 * recursive runs), `user_email` is a bounded string, and paging and id parameters have bounds,
 * so extreme values are a 422 naming the parameter on both databases, never a 500.
 */

type User = Awaited<ReturnType<TestApp['makeUser']>>;

let t: TestApp;
let admin: User;
let alice: User;
let seats: number[];
let eventId: number;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.makeUser('admin');
  alice = await t.makeUser();
  const show = await t.makeShowtime(admin, { rows: 5, perRow: 5, hoursAhead: 72 });
  seats = show.seatIds;
  eventId = show.eventId;
});
afterAll(async () => t.close());

/** An array nested `levels` deep: `[[...]]`. */
const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

async function post(url: string, rawBody: string, options: { token?: string; key?: string } = {}) {
  const res = await t.app.inject({
    method: 'POST',
    url,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      'content-type': 'application/json',
      ...(options.key ? { 'idempotency-key': options.key } : {}),
    },
    payload: rawBody,
  });
  return { status: res.statusCode, body: JSON.parse(res.body), raw: res.body };
}

const tooDeep = { code: 'VALIDATION_FAILED', errors: [{ field: 'body', message: expect.stringMatching(/more than 32 levels/) }] };

describe('deeply nested JSON', () => {
  it('20,000 levels in user_email with an Idempotency-Key: 422 naming the nesting, not 500, and nothing changes', async () => {
    const hold = await t.call('POST', '/api/book-seats', { token: alice.token, body: { seat_ids: [seats[0]] } });
    expect(hold.status).toBe(201);
    const before = await t.tableCounts();
    const deep = nested(20_000);
    const cases: [string, string][] = [
      ['/api/book-seats', `{"seat_ids":[${seats[1]}],"user_email":${deep}}`],
      [
        '/api/confirm-payment',
        `{"booking_reference":"${hold.body.booking_reference}","payment":${JSON.stringify(APPROVED_CARD)},"user_email":${deep}}`,
      ],
    ];
    for (const [url, body] of cases) {
      const res = await post(url, body, { token: alice.token, key: `deep-${url}` });
      expect(res.status, `${url}: ${res.raw.slice(0, 300)}`).toBe(422);
      expect(res.body, url).toMatchObject(tooDeep);
    }
    expect(await t.tableCounts()).toEqual(before);
    expect(t.payments.charges()).toBe(0);
  });

  it('33 levels anywhere is 422, on every JSON route', async () => {
    const deepIn = (prefix: string) => `{${prefix}"extra":${nested(32)}}`;
    const cases: [string, string, string | undefined][] = [
      ['/api/book-seats', deepIn(`"seat_ids":[${seats[2]}],`), alice.token],
      ['/api/book-seats', nested(33), alice.token],
      ['/api/auth/login', deepIn('"email":"a@example.com","password":"long-password-1",'), undefined],
      ['/api/auth/register', deepIn('"email":"deep@example.com","password":"long-password-1","full_name":"D",'), undefined],
      ['/api/admin/movies', deepIn('"title":"Deep",'), admin.token],
      ['/api/cancel-booking', `{"booking_reference":"X","nested":${`{"a":`.repeat(32)}1${'}'.repeat(32)}}`, alice.token],
    ];
    for (const [url, body, token] of cases) {
      const res = await post(url, body, { token });
      expect(res.status, `${url} ${body.slice(0, 60)}: ${res.raw.slice(0, 200)}`).toBe(422);
      expect(res.body, url).toMatchObject(tooDeep);
    }
  });

  it('32 levels get past the parser, and then the schema decides', async () => {
    // An ignored extra field 32 levels deep: the hold goes through.
    const held = await post('/api/book-seats', `{"seat_ids":[${seats[3]}],"extra":${nested(31)}}`, {
      token: alice.token,
      key: 'deep-32',
    });
    expect(held.status, held.raw).toBe(201);
    // In user_email, which must be a string: the schema's 422 names the field, not the nesting.
    const wrong = await post('/api/book-seats', `{"seat_ids":[${seats[4]}],"user_email":${nested(31)}}`, {
      token: alice.token,
      key: 'deep-32-email',
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors).toEqual([{ field: 'body/user_email', message: 'must be string' }]);
  });

  it('user_email is a string of at most 254 characters', async () => {
    for (const value of ['x'.repeat(255), 42, { a: 1 }, ['a@example.com']]) {
      const res = await t.call('POST', '/api/book-seats', {
        token: alice.token,
        body: { seat_ids: [seats[5]], user_email: value },
      });
      expect(res.status, JSON.stringify(value).slice(0, 40)).toBe(422);
      expect(res.body.errors[0].field).toBe('body/user_email');
    }
    const ok = await t.call('POST', '/api/book-seats', {
      token: alice.token,
      body: { seat_ids: [seats[5]], user_email: `${'x'.repeat(242)}@example.com` },
    });
    expect(ok.status, ok.raw).toBe(201);
  });
});

describe('paging and id bounds', () => {
  it.each([
    ['offset=99999999999999999999', 'querystring/offset'],
    ['offset=1e20', 'querystring/offset'],
    ['offset=Infinity', 'querystring/offset'],
    ['offset=1000001', 'querystring/offset'],
    ['offset=-1', 'querystring/offset'],
    ['limit=501', 'querystring/limit'],
    ['event_id=2147483648', 'querystring/event_id'],
  ])('GET /api/admin/bookings?%s → 422 naming the parameter', async (query, field) => {
    const res = await t.call('GET', `/api/admin/bookings?${query}`, { token: admin.token });
    expect(res.status, res.raw).toBe(422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('the deepest page allowed (offset=1000000) answers, empty', async () => {
    const res = await t.call('GET', '/api/admin/bookings?offset=1000000', { token: admin.token });
    expect(res.status, res.raw).toBe(200);
    expect(res.body).toEqual([]);
  });

  it.each([
    ['/api/events/99999999999999', 'params/event_id'],
    ['/api/events/2147483648/seats', 'params/event_id'],
    ['/api/movies/1e20', 'params/movie_id'],
  ])('GET %s → 422, above the largest id a PostgreSQL integer holds', async (url, field) => {
    const res = await t.call('GET', url);
    expect(res.status, res.raw).toBe(422);
    expect(res.body.errors[0].field).toBe(field);
  });

  it('the largest id (2147483647) is simply not found', async () => {
    expect((await t.call('GET', '/api/events/2147483647')).status).toBe(404);
    expect((await t.call('GET', `/api/events/${eventId}`)).status).toBe(200);
  });
});
