import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, HOUR, type TestApp } from './helpers/test-app.js';

type Account = Awaited<ReturnType<TestApp['makeUser']>>;
type SeatView = { seat_id: number; label: string; kind: string; status: string; category: string };

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

/** A showtime in a new hall drawn with the text form; answers its seats by label. */
async function showtime(text: string, options: { hoursAhead?: number; singleSeatRule?: boolean; categories?: unknown[] } = {}) {
  const hall = await t.call('POST', '/api/admin/halls', {
    token: admin.token,
    body: {
      name: unique('Hall'),
      layout: { text, categories: options.categories ?? [] },
      ...(options.singleSeatRule !== undefined ? { single_seat_rule: options.singleSeatRule } : {}),
    },
  });
  expect(hall.status, hall.raw).toBe(201);
  const movie = await t.call('POST', '/api/admin/movies', {
    token: admin.token,
    body: { title: unique('Film'), duration_minutes: 90 },
  });
  const event = await t.call('POST', '/api/admin/events', {
    token: admin.token,
    body: {
      movie_id: movie.body.id,
      hall_id: hall.body.id,
      start_time: new Date(t.clock.now() + (options.hoursAhead ?? 24) * HOUR).toISOString(),
      price: 10,
    },
  });
  expect(event.status, event.raw).toBe(201);
  const eventId = event.body.event_id as number;
  const map = await t.call('GET', `/api/events/${eventId}/seats`);
  const seats = new Map<string, SeatView>(map.body.seats.map((s: SeatView) => [s.label, s]));
  const id = (label: string) => {
    const seat = seats.get(label);
    if (!seat) throw new Error(`no seat ${label}`);
    return seat.seat_id;
  };
  return { eventId, hallId: hall.body.id as number, id, seats };
}

const hold = (token: string, seatIds: number[], extra: Record<string, unknown> = {}) =>
  t.call('POST', '/api/book-seats', { token, body: { seat_ids: seatIds, ...extra } });
const bestSeats = (eventId: number, body: Record<string, unknown>, token?: string) =>
  t.call('POST', `/api/events/${eventId}/best-seats`, { body, ...(token ? { token } : {}) });

describe('POST /api/events/{id}/best-seats', () => {
  it('offers the best block without holding it: centred, two-thirds back, no single seat left', async () => {
    const show = await showtime(['A: SSSSSS', 'B: SSSSSS', 'C: SSSSSS', 'D: SSSSSS'].join('\n'));
    const r = await bestSeats(show.eventId, { count: 2 });
    expect(r.status, r.raw).toBe(200);
    expect(r.body).toMatchObject({
      event_id: show.eventId,
      seat_ids: [show.id('C3'), show.id('C4')],
      together: true,
      step: 'row_no_single_seat',
      leaves_single_seat: false,
      total_amount: 20,
      currency: 'USD',
    });
    expect(r.body.seats.map((s: SeatView) => s.label)).toEqual(['C3', 'C4']);
    // Nothing was held.
    const map = await t.call('GET', `/api/events/${show.eventId}/seats`);
    expect(map.body.seats.every((s: SeatView) => s.status === 'available')).toBe(true);
  });

  it('keeps to a category, sees aisles, and says what there is instead (409)', async () => {
    const show = await showtime('A: SS_SS\nB: [vip]SS_SS', { categories: [{ name: 'vip', price_factor: 2 }] });
    const vip = await bestSeats(show.eventId, { count: 2, category: 'vip' });
    expect(vip.status).toBe(200);
    expect(vip.body.seats.every((s: SeatView) => s.category === 'vip')).toBe(true);
    expect(vip.body.together).toBe(true);
    const across = await bestSeats(show.eventId, { count: 3, category: 'vip' });
    expect(across.body.together).toBe(false);
    const none = await bestSeats(show.eventId, { count: 5, category: 'vip' });
    expect(none.status).toBe(409);
    expect(none.body).toMatchObject({
      code: 'NOT_ENOUGH_SEATS',
      available: { seats: 4, together: 2, categories: { vip: 4, standard: 4 } },
    });
    expect(none.body.detail).toContain('4 are');
  });

  it('offers wheelchair spaces and companions only to accessible requests', async () => {
    const show = await showtime('A: SSWCSS\nB: SSSSSS');
    const general = await bestSeats(show.eventId, { count: 2 });
    expect(general.body.seats.every((s: SeatView) => s.kind === 'standard')).toBe(true);
    const accessible = await bestSeats(show.eventId, { count: 2, accessible: true });
    expect(accessible.status, accessible.raw).toBe(200);
    expect(accessible.body.seat_ids).toEqual([show.id('A3'), show.id('A4')]);
  });

  it('holds with hold: true and answers like book-seats (201); a token is needed', async () => {
    const show = await showtime('A: SSSS\nB: SSSS');
    expect((await bestSeats(show.eventId, { count: 2, hold: true })).status).toBe(401);
    const held = await bestSeats(show.eventId, { count: 2, hold: true }, user.token);
    expect(held.status, held.raw).toBe(201);
    expect(held.body).toMatchObject({ status: 'pending', event_id: show.eventId, total_amount: 20 });
    expect(held.body.booking_reference).toMatch(/^[A-Z0-9]+$/);
    const again = await bestSeats(show.eventId, { count: 2 });
    expect(again.body.seat_ids).not.toEqual(held.body.seat_ids);
  });

  it('never gives two buyers asking at once the same seats', async () => {
    const show = await showtime(['A: SSSSSSSS', 'B: SSSSSSSS', 'C: SSSSSSSS'].join('\n'));
    const buyers = await Promise.all(Array.from({ length: 16 }, () => t.makeUser()));
    const results = await Promise.all(buyers.map((b) => bestSeats(show.eventId, { count: 2, hold: true }, b.token)));
    const won = results.filter((r) => r.status === 201);
    for (const r of results) {
      if (r.status !== 201) expect(['SEATS_UNAVAILABLE', 'NOT_ENOUGH_SEATS'], r.raw).toContain(r.body.code);
    }
    // 24 seats for 16 pairs: 12 pairs at most, every seat once; losers retried the next best,
    // so far more than one buyer per round got seats.
    const seats = won.flatMap((r) => r.body.seat_ids as number[]);
    expect(new Set(seats).size).toBe(seats.length);
    expect(won.length).toBeLessThanOrEqual(12);
    expect(won.length).toBeGreaterThanOrEqual(8);
    const booked = await t.db.kysely
      .selectFrom('booking_seats as bs')
      .innerJoin('bookings as b', 'b.id', 'bs.booking_id')
      .select('bs.seat_id')
      .where('b.event_id', '=', show.eventId)
      .execute();
    expect(new Set(booked.map((b) => b.seat_id)).size).toBe(booked.length);
    expect(booked.length).toBe(seats.length);
  });
});

describe('no single seat left alone', () => {
  it('refuses 409 SINGLE_SEAT_GAP naming the seat and a selection that leaves none', async () => {
    const show = await showtime('A: SSSSSS');
    const r = await hold(user.token, [show.id('A2'), show.id('A3')]);
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({
      code: 'SINGLE_SEAT_GAP',
      seat_ids: [show.id('A1')],
      suggested_seat_ids: [show.id('A1'), show.id('A2')],
    });
    expect(r.body.detail).toContain('A1');
    const ok = await hold(user.token, r.body.suggested_seat_ids);
    expect(ok.status, ok.raw).toBe(201);
  });

  it('looks for the other choice in the whole hall, not only the row', async () => {
    const show = await showtime('A: SSSS\nB: SSS');
    expect((await hold((await t.makeUser()).token, [show.id('B3')])).status).toBe(201);
    const r = await hold(user.token, [show.id('B2')]);
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ code: 'SINGLE_SEAT_GAP', seat_ids: [show.id('B1')], suggested_seat_ids: [show.id('A1')] });
  });

  it('allows it when no selection of that size avoids it, and when the hall turns the rule off', async () => {
    const tight = await showtime('A: SSS');
    expect((await hold(user.token, [tight.id('A1'), tight.id('A2')])).status).toBe(201);
    const off = await showtime('A: SSSSSS', { singleSeatRule: false });
    expect((await hold(user.token, [off.id('A2'), off.id('A3')])).status).toBe(201);
  });
});

describe('accessible seats', () => {
  it('keeps wheelchair spaces for accessible requests until the release time, then sells them to anyone', async () => {
    const show = await showtime('A: WCSS', { hoursAhead: 3 });
    const refused = await hold(user.token, [show.id('A1')]);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'ACCESSIBLE_SEATS_RESERVED', seat_ids: [show.id('A1')] });
    const accessible = await hold(user.token, [show.id('A1'), show.id('A2')], { accessible: true });
    expect(accessible.status, accessible.raw).toBe(201);

    const later = await showtime('A: WCSS', { hoursAhead: 3 });
    t.clock.advance(2 * HOUR + 1);
    try {
      const anyone = await hold((await t.makeUser()).token, [later.id('A1')]);
      expect(anyone.status, anyone.raw).toBe(201);
    } finally {
      t.clock.advance(-(2 * HOUR + 1));
    }
  });

  it('sells a companion seat only with its wheelchair space', async () => {
    const show = await showtime('A: WCSS');
    const alone = await hold(user.token, [show.id('A2')], { accessible: true });
    expect(alone.status).toBe(409);
    expect(alone.body).toMatchObject({
      code: 'COMPANION_NEEDS_WHEELCHAIR',
      seat_ids: [show.id('A2')],
      suggested_seat_ids: [show.id('A2'), show.id('A1')],
    });
  });

  it('sells couple seats together and never sells a blocked seat', async () => {
    const show = await showtime('A: PPSSX');
    const half = await hold(user.token, [show.id('A1')]);
    expect(half.body).toMatchObject({ code: 'COUPLE_SEATS_TOGETHER', suggested_seat_ids: [show.id('A1'), show.id('A2')] });
    const blocked = await hold(user.token, [show.id('A5')]);
    expect(blocked.status).toBe(409);
    expect(blocked.body.code).toBe('SEAT_NOT_FOR_SALE');
    expect((await hold(user.token, [show.id('A1'), show.id('A2')])).status).toBe(201);
  });
});
