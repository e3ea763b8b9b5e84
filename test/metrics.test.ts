import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advance, confirm, gridShowtime, HOLD_TTL_MS, hold } from './bookings-support.js';
import { testDialect } from './helpers/database.js';
import { APPROVED_CARD, createTestApp, DECLINED_CARD, type TestApp } from './helpers/test-app.js';

/**
 * GET /metrics in Prometheus text format. Each counter is read before and after the action that
 * should move it, and must have moved by exactly the expected amount.
 */

type User = Awaited<ReturnType<TestApp['makeUser']>>;

/** The sum of the series of `name` whose labels include `labels`; 0 when there is none. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const own = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => own[key] === value)) total += Number(match[3]);
  }
  return total;
}

async function scrape(t: TestApp, headers: Record<string, string> = {}) {
  const res = await t.call('GET', '/metrics', { headers });
  expect(res.status, res.raw).toBe(200);
  return res.raw;
}

describe(`GET /metrics (${testDialect()})`, () => {
  let t: TestApp;
  let admin: User;
  let alice: User;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.makeUser('admin');
    alice = await t.makeUser('user');
  });
  afterAll(async () => t.close());

  it('answers in the text exposition format, uncached and left out of the API docs', async () => {
    const res = await t.call('GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.raw).toMatch(/^# HELP nodejs_eventloop_lag_seconds /m);
    expect(res.raw).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    expect(res.raw).toMatch(/^# TYPE bookmemovie_payments_total counter$/m);
    expect(res.raw).toMatch(/^# TYPE bookmemovie_seat_streams gauge$/m);
    const docs = await t.call('GET', '/openapi.json');
    expect(Object.keys(docs.body.paths)).not.toContain('/metrics');
  });

  it('counts holds, declined and approved payments, cancellations and expiries exactly', async () => {
    const show = await gridShowtime(t, admin);
    const before = await scrape(t);
    const delta = (after: string, name: string, labels?: Record<string, string>) =>
      sample(after, name, labels) - sample(before, name, labels);

    const paid = await hold(t, alice, [show.seat('A1'), show.seat('A2')]);
    expect((await confirm(t, alice, paid.booking_reference, DECLINED_CARD)).status).toBe(402);
    expect((await confirm(t, alice, paid.booking_reference, APPROVED_CARD)).status).toBe(200);
    const cancelled = await hold(t, alice, [show.seat('B1')]);
    const cancel = { token: alice.token, body: { booking_reference: cancelled.booking_reference } };
    expect((await t.call('POST', '/api/cancel-booking', cancel)).status).toBe(200);
    // Two bookings of three seats in all run out: the counter counts bookings, not seats.
    await hold(t, alice, [show.seat('C1'), show.seat('C2')]);
    await hold(t, alice, [show.seat('D1')]);
    // A refused hold (seat taken) is no hold.
    expect((await t.call('POST', '/api/book-seats', { token: alice.token, body: { seat_ids: [show.seat('A1')] } })).status).toBe(
      409,
    );
    advance(t, HOLD_TTL_MS + 1, alice);
    expect(await t.services.bookings.releaseExpiredHolds()).toBe(3);

    const after = await scrape(t);
    expect(delta(after, 'bookmemovie_holds_total')).toBe(4);
    expect(delta(after, 'bookmemovie_payments_total', { outcome: 'approved' })).toBe(1);
    expect(delta(after, 'bookmemovie_payments_total', { outcome: 'declined' })).toBe(1);
    expect(delta(after, 'bookmemovie_payments_total')).toBe(2);
    expect(delta(after, 'bookmemovie_cancellations_total')).toBe(1);
    expect(delta(after, 'bookmemovie_hold_expiries_total')).toBe(2);
  });

  it('counts a charge that lands after its hold ran out, and after someone else took the seat, as hold_expired (refunded)', async () => {
    const show = await gridShowtime(t, admin);
    const booking = await hold(t, alice, [show.seat('E1')]);
    const bob = await t.makeUser('user');
    const before = await scrape(t);
    const charge = t.payments.charge;
    t.payments.charge = async (request) => {
      advance(t, HOLD_TTL_MS + 1, alice, bob);
      await hold(t, bob, [show.seat('E1')]);
      return charge(request);
    };
    try {
      expect((await confirm(t, alice, booking.booking_reference)).status).toBe(409);
    } finally {
      t.payments.charge = charge;
    }
    const after = await scrape(t);
    const delta = (labels: Record<string, string>) =>
      sample(after, 'bookmemovie_payments_total', labels) - sample(before, 'bookmemovie_payments_total', labels);
    expect(delta({ outcome: 'hold_expired' })).toBe(1);
    expect(delta({ outcome: 'approved' })).toBe(0);
    expect(sample(after, 'bookmemovie_hold_expiries_total') - sample(before, 'bookmemovie_hold_expiries_total')).toBe(1);
  });

  it('labels requests by route template, never by raw URL, with latency buckets', async () => {
    const show = await gridShowtime(t, admin);
    const route = { method: 'GET', route: '/api/events/:event_id/seats', status_code: '200' };
    const before = await scrape(t);
    for (let i = 0; i < 3; i++) expect((await t.call('GET', `/api/events/${show.eventId}/seats`)).status).toBe(200);
    expect((await t.call('GET', '/api/no-such-thing')).status).toBe(404);
    const after = await scrape(t);

    expect(sample(after, 'http_requests_total', route) - sample(before, 'http_requests_total', route)).toBe(3);
    const unmatched = { method: 'GET', route: 'unmatched', status_code: '404' };
    expect(sample(after, 'http_requests_total', unmatched) - sample(before, 'http_requests_total', unmatched)).toBe(1);
    expect(after).not.toContain(`/api/events/${show.eventId}/seats`);
    expect(after).not.toContain('no-such-thing');
    expect(after).not.toMatch(/route="\/metrics"/);

    const buckets = after
      .split('\n')
      .filter((l) => l.startsWith('http_request_duration_seconds_bucket{') && l.includes(`route="${route.route}"`));
    expect(buckets.length).toBeGreaterThanOrEqual(5);
    const count = sample(after, 'http_request_duration_seconds_count', route);
    expect(count).toBe(sample(after, 'http_requests_total', route));
    expect(sample(after, 'http_request_duration_seconds_bucket', { ...route, le: '+Inf' })).toBe(count);
    expect(sample(after, 'http_request_duration_seconds_sum', route)).toBeGreaterThan(0);
  });

  it('reports database pool gauges on PostgreSQL only', async () => {
    const text = await scrape(t);
    if (testDialect() === 'postgres') {
      expect(sample(text, 'bookmemovie_db_pool_connections')).toBeGreaterThanOrEqual(1);
      expect(text).toMatch(/^bookmemovie_db_pool_idle_connections \d+$/m);
      expect(text).toMatch(/^bookmemovie_db_pool_waiting_requests 0$/m);
    } else {
      expect(text).not.toContain('bookmemovie_db_pool');
    }
  });
});

describe('live seat streams', () => {
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    // An aborted fetch leaves a spare keep-alive connection that would hold close() for seconds.
    t.app.server.closeAllConnections();
    await t.close();
  });

  async function streamsOnceSettled(expected: number): Promise<number> {
    const deadline = Date.now() + 2_000;
    let value = Number.NaN;
    while (Date.now() < deadline) {
      value = sample(await scrape(t), 'bookmemovie_seat_streams');
      if (value === expected) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    return value;
  }

  it('counts open streams and keeps them out of the latency histogram', async () => {
    const admin = await t.makeUser('admin');
    const show = await t.makeShowtime(admin);
    expect(sample(await scrape(t), 'bookmemovie_seat_streams')).toBe(0);
    const controllers = [new AbortController(), new AbortController()];
    for (const controller of controllers) {
      const res = await fetch(`${base}/api/events/${show.eventId}/seats/stream`, { signal: controller.signal });
      expect(res.status).toBe(200);
    }
    expect(await streamsOnceSettled(2)).toBe(2);
    for (const controller of controllers) controller.abort();
    expect(await streamsOnceSettled(0)).toBe(0);
    expect(await scrape(t)).not.toMatch(/^http_request_duration_seconds_\w+\{[^}]*seats\/stream/m);
  });
});

describe('GET /metrics with METRICS_TOKEN', () => {
  const token = 'metrics-token-0123456789';
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ config: { metricsToken: token } });
  });
  afterAll(async () => t.close());

  it('answers 401 in the error shape without the right bearer token, 200 with it', async () => {
    const missing = await t.call('GET', '/metrics');
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ code: 'NOT_AUTHENTICATED', detail: expect.any(String) });
    expect(missing.raw).not.toContain('bookmemovie_');
    for (const wrong of ['metrics-token-0123456788', 'short', `${token}x`]) {
      const res = await t.call('GET', '/metrics', { headers: { authorization: `Bearer ${wrong}` } });
      expect(res.status, wrong).toBe(401);
      expect(res.body).toMatchObject({ code: 'NOT_AUTHENTICATED' });
    }
    expect((await t.call('GET', '/metrics', { headers: { authorization: token } })).status).toBe(401);
    const text = await scrape(t, { authorization: `Bearer ${token}` });
    expect(text).toMatch(/^bookmemovie_holds_total 0$/m);
  });
});
