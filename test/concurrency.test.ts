import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NEW_HOLDS_PER_CUSTOMER } from '../src/core/hold-limits.js';
import { findIntegrityProblems } from '../src/db/stores/integrity-store.js';
import { testDialect } from './helpers/database.js';
import { APPROVED_CARD, createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * Races over real sockets: many buyers fire at once and the database is then audited. A hold is
 * all-or-nothing and a seat has at most one owner, whatever order the requests land in.
 */

type User = Awaited<ReturnType<TestApp['makeUser']>>;
// biome-ignore lint/suspicious/noExplicitAny: responses are checked field by field
type ApiResult = { status: number; body: any; raw: string };
type Attempt = { user: User; seatIds: number[]; res: ApiResult };

const HOLD_TTL_MS = 600_000;
const BUYERS = 200;
/** Generous: the races are quick (seconds) but share two cores with whatever else runs. */
const RACE_TIMEOUT = 60_000;

/** A small seeded generator so a failing draw can be replayed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` distinct seats out of `from`, drawn with `random`. */
function draw(random: () => number, from: number[], count: number): number[] {
  const pool = [...from];
  const picked: number[] = [];
  while (picked.length < count && pool.length > 0) {
    const [seat] = pool.splice(Math.floor(random() * pool.length), 1);
    picked.push(seat as number);
  }
  return picked;
}

const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);

let t: TestApp;
let base: string;
let admin: User;
let users: User[];

async function api(method: string, path: string, token?: string, body?: unknown): Promise<ApiResult> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const raw = await res.text();
  let parsed: unknown;
  try {
    parsed = raw ? JSON.parse(raw) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, body: parsed, raw };
}

/** Every request is started before any is awaited, so they reach the server together. */
async function race(eventId: number, requests: { user: User; seatIds: number[] }[]): Promise<Attempt[]> {
  const responses = await Promise.all(
    requests.map((r) => api('POST', '/api/book-seats', r.user.token, { event_id: eventId, seat_ids: r.seatIds })),
  );
  return requests.map((r, i) => ({ ...r, res: responses[i] as ApiResult }));
}

const confirm = (user: User, reference: string) =>
  api('POST', '/api/confirm-payment', user.token, { booking_reference: reference, payment: APPROVED_CARD });

async function audit(eventId: number) {
  const k = t.db.kysely;
  const seats = await k
    .selectFrom('seats')
    .select(['id', 'status', 'booking_id', 'hold_expires_at'])
    .where('event_id', '=', eventId)
    .orderBy('id')
    .execute();
  const bookings = await k
    .selectFrom('bookings')
    .select(['id', 'reference', 'user_id', 'status', 'expires_at'])
    .where('event_id', '=', eventId)
    .execute();
  const bookingSeats = await k
    .selectFrom('booking_seats')
    .innerJoin('bookings', 'bookings.id', 'booking_seats.booking_id')
    .select(['booking_seats.booking_id', 'booking_seats.seat_id', 'bookings.status', 'bookings.expires_at'])
    .where('bookings.event_id', '=', eventId)
    .execute();
  const payments = await k
    .selectFrom('payments')
    .innerJoin('bookings', 'bookings.id', 'payments.booking_id')
    .select(['payments.booking_id', 'payments.status'])
    .where('bookings.event_id', '=', eventId)
    .execute();
  return { seats, bookings, bookingSeats, payments };
}

/**
 * The checks every hold race must pass, against the database: all-or-nothing per request, one
 * owner per seat, refusals that name seats someone really holds, and nothing left behind by losers.
 */
async function expectConsistentHolds(eventId: number, attempts: Attempt[], live: { now: number; priorBookings: number }) {
  const statuses = attempts.map((a) => a.res.status);
  const unexpected = attempts.filter((a) => a.res.status !== 201 && a.res.status !== 409);
  expect(
    unexpected.map((a) => `${a.res.status} ${a.res.raw}`),
    'every buyer gets 201 or 409, never 5xx',
  ).toEqual([]);

  const winners = attempts.filter((a) => a.res.status === 201);
  const losers = attempts.filter((a) => a.res.status === 409);
  expect(winners.length + losers.length).toBe(statuses.length);

  for (const w of winners) {
    expect(w.res.body.status).toBe('pending');
    expect(w.res.body.event_id).toBe(eventId);
    expect(sorted(w.res.body.seat_ids)).toEqual(sorted(w.seatIds));
  }
  for (const l of losers) {
    expect(l.res.body.code).toBe('SEATS_UNAVAILABLE');
    expect(l.res.body.seat_ids.length).toBeGreaterThan(0);
    for (const seat of l.res.body.seat_ids) expect(l.seatIds).toContain(seat);
  }

  const { seats, bookings, bookingSeats } = await audit(eventId);
  const byReference = new Map(bookings.map((b) => [b.reference, b]));
  const seatById = new Map(seats.map((s) => [s.id, s]));

  // Losers leave no booking behind: the only new bookings are the winners'.
  expect(bookings.length).toBe(live.priorBookings + winners.length);
  const winnerReferences = winners.map((w) => w.res.body.booking_reference as string);
  expect(new Set(winnerReferences).size).toBe(winners.length);

  // Each winner owns exactly the seats it asked for, in seats and in booking_seats.
  const ownerOf = new Map<number, number>();
  for (const w of winners) {
    const booking = byReference.get(w.res.body.booking_reference);
    expect(booking, `booking ${w.res.body.booking_reference} exists`).toBeDefined();
    if (!booking) continue;
    expect(booking.user_id).toBe(w.user.id);
    expect(booking.status).toBe('pending');
    expect(booking.expires_at).toBeGreaterThan(live.now);
    for (const seatId of w.seatIds) {
      const seat = seatById.get(seatId);
      expect(seat?.status, `seat ${seatId} of ${booking.reference}`).toBe('held');
      expect(seat?.booking_id, `seat ${seatId} is owned by ${booking.reference}`).toBe(booking.id);
      expect(ownerOf.has(seatId), `seat ${seatId} won twice`).toBe(false);
      ownerOf.set(seatId, booking.id);
    }
    const recorded = bookingSeats.filter((bs) => bs.booking_id === booking.id).map((bs) => bs.seat_id);
    expect(sorted(recorded)).toEqual(sorted(w.seatIds));
  }

  // No live pending booking shares a seat with another.
  const liveSeatRows = bookingSeats.filter((bs) => bs.status === 'pending' && bs.expires_at > live.now);
  const liveSeatIds = liveSeatRows.map((bs) => bs.seat_id);
  expect(new Set(liveSeatIds).size, 'a seat appears in two live holds').toBe(liveSeatIds.length);

  // Every held seat belongs to a winner; held seats add up to what the 201s handed out.
  const held = seats.filter((s) => s.status === 'held' && (s.hold_expires_at ?? 0) > live.now);
  for (const s of held) expect(ownerOf.get(s.id), `seat ${s.id} is held by a booking no 201 reported`).toBe(s.booking_id);
  const handedOut = winners.reduce((sum, w) => sum + w.seatIds.length, 0);
  expect(held.length).toBe(handedOut);
  expect(ownerOf.size).toBe(handedOut);
  const owned = seats.filter((s) => s.booking_id !== null).map((s) => s.booking_id);
  expect(owned.every((id) => bookings.some((b) => b.id === id))).toBe(true);

  // A refusal is honest: every seat it names really is held by a winner.
  for (const l of losers) {
    for (const seatId of l.res.body.seat_ids as number[]) {
      expect(ownerOf.has(seatId), `loser was refused seat ${seatId}, which nobody won`).toBe(true);
    }
  }
  return { winners, losers, seats };
}

/**
 * Holds and frees every seat singly, all at once, so the rows no longer sit in id order. On
 * PostgreSQL a multi-row UPDATE then meets them in a different order from a hold's id-ordered
 * locks, which is what it takes for two writers to deadlock. Leaves one cancelled booking per seat.
 */
async function scramble(seatIds: number[]) {
  const held = await Promise.all(seatIds.map((seat, i) => api('POST', '/api/book-seats', users[i]?.token, { seat_ids: [seat] })));
  expect(held.map((c) => c.status)).toEqual(seatIds.map(() => 201));
  const freed = await Promise.all(
    held.map((c, i) => api('POST', '/api/cancel-booking', users[i]?.token, { booking_reference: c.body.booking_reference })),
  );
  expect(freed.map((f) => f.status)).toEqual(seatIds.map(() => 200));
}

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  admin = await t.makeUser('admin');
  users = [];
  for (let i = 0; i < BUYERS; i++) users.push(await t.makeUser());
}, 120_000);

afterAll(async () => {
  await t?.close();
});

// The races reuse the same 200 buyers, who would pass 20 holds per 10 minutes (the per-customer
// limit) over the whole file: each test starts a fresh window, with fresh tokens.
beforeEach(() => {
  t.clock.advance(NEW_HOLDS_PER_CUSTOMER.windowMs);
  for (const u of [admin, ...users]) u.token = t.services.auth.issueToken(u.id, u.role);
});

describe(`concurrent holds (${testDialect()})`, () => {
  it(
    '200 buyers with overlapping seat sets: each gets all its seats or none, one owner per seat',
    async () => {
      const { eventId, seatIds } = await t.makeShowtime(admin, { totalSeats: 40 });
      expect(seatIds).toHaveLength(40);
      const random = rng(20240601);
      const requests = users.map((user) => ({ user, seatIds: draw(random, seatIds, 2 + Math.floor(random() * 3)) }));
      // The draw overlaps heavily: far more seats are asked for than exist.
      expect(requests.reduce((n, r) => n + r.seatIds.length, 0)).toBeGreaterThan(4 * seatIds.length);

      const started = Date.now();
      const attempts = await race(eventId, requests);
      const elapsed = Date.now() - started;

      const { winners, losers } = await expectConsistentHolds(eventId, attempts, { now: t.clock.now(), priorBookings: 0 });
      expect(winners.length).toBeGreaterThan(0);
      expect(losers.length).toBeGreaterThan(0);
      expect(elapsed).toBeLessThan(20_000);

      // The public seat map agrees with the audit (within a second: on PostgreSQL, seat changes
      // reach an instance by NOTIFY, a moment after the requests have answered).
      const heldIds = new Set(winners.flatMap((w) => w.seatIds));
      const expected = [...seatIds]
        .sort((x, y) => x - y)
        .map((id) => ({ seat_id: id, status: heldIds.has(id) ? 'held' : 'available' }));
      const seatMap = async () => {
        const map = await api('GET', `/api/events/${eventId}/seats`);
        expect(map.status).toBe(200);
        return (map.body.seats as { seat_id: number; status: string }[])
          .map((s) => ({ seat_id: s.seat_id, status: s.status }))
          .sort((x, y) => x.seat_id - y.seat_id);
      };
      // Read-your-writes: the instance that took the holds shows them at once, cache or no cache.
      const shown = await seatMap();
      expect(shown).toEqual(expected);
    },
    RACE_TIMEOUT,
  );

  it(
    '50 buyers for the same seat: exactly one wins',
    async () => {
      const { eventId, seatIds } = await t.makeShowtime(admin, { totalSeats: 10 });
      const seat = seatIds[3] as number;
      const attempts = await race(
        eventId,
        users.slice(0, 50).map((user) => ({ user, seatIds: [seat] })),
      );
      const { winners, losers } = await expectConsistentHolds(eventId, attempts, { now: t.clock.now(), priorBookings: 0 });
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(49);
      for (const l of losers) expect(l.res.body.seat_ids).toEqual([seat]);
      const { seats, bookings } = await audit(eventId);
      expect(bookings).toHaveLength(1);
      expect(seats.filter((s) => s.status !== 'available').map((s) => s.id)).toEqual([seat]);
    },
    RACE_TIMEOUT,
  );

  it(
    'winners pay concurrently while others keep grabbing: every payment succeeds and each seat is sold once',
    async () => {
      const { eventId, seatIds } = await t.makeShowtime(admin, { totalSeats: 30 });
      const random = rng(7);
      const requests = users
        .slice(0, 120)
        .map((user) => ({ user, seatIds: draw(random, seatIds, 2 + Math.floor(random() * 3)) }));
      const holds = await race(eventId, requests);
      const { winners } = await expectConsistentHolds(eventId, holds, { now: t.clock.now(), priorBookings: 0 });
      expect(winners.length).toBeGreaterThan(1);
      const chargesBefore = t.payments.charges();

      // Winners pay while the other 80 buyers try to grab the seats being sold.
      const grabbers = users.slice(120).map((user) => ({ user, seatIds: draw(random, seatIds, 2) }));
      const [payments, grabs] = await Promise.all([
        Promise.all(winners.map((w) => confirm(w.user, w.res.body.booking_reference))),
        race(eventId, grabbers),
      ]);

      expect(payments.filter((p) => p.status !== 200).map((p) => `${p.status} ${p.raw}`)).toEqual([]);
      winners.forEach((w, i) => {
        const body = payments[i]?.body;
        expect(body.status).toBe('confirmed');
        expect(body.booking_reference).toBe(w.res.body.booking_reference);
        expect(sorted(body.seat_ids)).toEqual(sorted(w.seatIds));
      });
      expect(t.payments.charges() - chargesBefore).toBe(winners.length);

      // Grabbers only ever got seats nobody held.
      expect(
        grabs.filter((g) => g.res.status !== 201 && g.res.status !== 409).map((g) => `${g.res.status} ${g.res.raw}`),
      ).toEqual([]);
      const sold = new Set(winners.flatMap((w) => w.seatIds));
      const grabbed = grabs.filter((g) => g.res.status === 201);
      for (const g of grabbed) for (const seat of g.seatIds) expect(sold.has(seat), `seat ${seat} sold and grabbed`).toBe(false);
      for (const g of grabs.filter((x) => x.res.status === 409)) expect(g.res.body.code).toBe('SEATS_UNAVAILABLE');

      const { seats, bookings, payments: paymentRows } = await audit(eventId);
      const byReference = new Map(bookings.map((b) => [b.reference, b]));
      for (const w of winners) {
        const booking = byReference.get(w.res.body.booking_reference);
        expect(booking?.status).toBe('confirmed');
        for (const seatId of w.seatIds) {
          const seat = seats.find((s) => s.id === seatId);
          expect(seat?.status).toBe('booked');
          expect(seat?.booking_id).toBe(booking?.id);
          expect(seat?.hold_expires_at).toBeNull();
        }
        const theirs = paymentRows.filter((p) => p.booking_id === booking?.id);
        expect(theirs.map((p) => p.status)).toEqual(['succeeded']);
      }
      expect(seats.filter((s) => s.status === 'booked')).toHaveLength(sold.size);
      expect(seats.filter((s) => s.status === 'held')).toHaveLength(grabbed.reduce((n, g) => n + g.seatIds.length, 0));
      expect(bookings).toHaveLength(winners.length + grabbed.length);
      expect(paymentRows).toHaveLength(winners.length);
    },
    RACE_TIMEOUT,
  );

  it(
    'holders pay and cancel while others grab the same seats, round after round: no deadlock, no 5xx',
    async () => {
      // On PostgreSQL a hold locks its seats in id order; a payment or cancel that updated the seats
      // in scan order could lock them the other way round and deadlock against it (see scramble).
      const holders = users.slice(0, 10);
      const grabbers = users.slice(10, 60);
      for (let round = 0; round < 8; round++) {
        const { eventId, seatIds } = await t.makeShowtime(admin, { totalSeats: 40 });
        await scramble(seatIds);
        const chargesBefore = t.payments.charges();

        const holds = await Promise.all(
          holders.map((user, i) => api('POST', '/api/book-seats', user.token, { seat_ids: seatIds.slice(4 * i, 4 * i + 4) })),
        );
        expect(holds.map((h) => h.status)).toEqual(holders.map(() => 201));
        const references = holds.map((h) => h.body.booking_reference as string);
        const paying = (i: number) => i % 2 === 1;

        const [outcomes, grabs] = await Promise.all([
          Promise.all(
            holders.map((user, i) =>
              paying(i)
                ? confirm(user, references[i] as string)
                : api('POST', '/api/cancel-booking', user.token, { booking_reference: references[i] }),
            ),
          ),
          race(
            eventId,
            grabbers.map((user, j) => ({ user, seatIds: [0, 1, 2].map((d) => seatIds[(3 * j + d) % 40] as number) })),
          ),
        ]);

        expect(outcomes.filter((o) => o.status !== 200).map((o) => `round ${round}: ${o.status} ${o.raw}`)).toEqual([]);
        expect(
          grabs
            .filter((g) => g.res.status !== 201 && g.res.status !== 409)
            .map((g) => `round ${round}: ${g.res.status} ${g.res.raw}`),
        ).toEqual([]);
        expect(t.payments.charges() - chargesBefore).toBe(holders.length / 2);

        const { seats, bookings } = await audit(eventId);
        const byReference = new Map(bookings.map((b) => [b.reference, b]));
        const seatById = new Map(seats.map((s) => [s.id, s]));
        const sold = new Set<number>();
        const heldThenCancelled = new Set(holders.flatMap((_, i) => (paying(i) ? [] : seatIds.slice(4 * i, 4 * i + 4))));
        holders.forEach((_, i) => {
          const booking = byReference.get(references[i] as string);
          expect(booking?.status).toBe(paying(i) ? 'confirmed' : 'cancelled');
          if (paying(i)) {
            for (const seat of seatIds.slice(4 * i, 4 * i + 4)) {
              sold.add(seat);
              expect(seatById.get(seat)?.status).toBe('booked');
              expect(seatById.get(seat)?.booking_id).toBe(booking?.id);
            }
          }
        });
        const owner = new Map<number, number>();
        for (const g of grabs.filter((x) => x.res.status === 201)) {
          const booking = byReference.get(g.res.body.booking_reference);
          for (const seat of g.seatIds) {
            expect(sold.has(seat), `seat ${seat} sold and grabbed`).toBe(false);
            expect(owner.has(seat), `seat ${seat} grabbed twice`).toBe(false);
            owner.set(seat, booking?.id as number);
            expect(seatById.get(seat)?.status).toBe('held');
            expect(seatById.get(seat)?.booking_id).toBe(booking?.id);
          }
        }
        for (const g of grabs.filter((x) => x.res.status === 409)) {
          expect(g.res.body.code).toBe('SEATS_UNAVAILABLE');
          // Refused seats were sold, grabbed, or held at the time by a holder who then cancelled.
          for (const seat of g.res.body.seat_ids as number[]) {
            expect(sold.has(seat) || owner.has(seat) || heldThenCancelled.has(seat), `seat ${seat} refused for nothing`).toBe(
              true,
            );
          }
        }
        for (const s of seats) {
          if (!sold.has(s.id) && !owner.has(s.id)) expect(s.status, `seat ${s.id} is free`).toBe('available');
        }
      }
    },
    RACE_TIMEOUT,
  );

  it(
    'the same booking confirmed many times at once is charged once',
    async () => {
      const { eventId, seatIds } = await t.makeShowtime(admin, { totalSeats: 20 });
      const holders = users.slice(0, 10);
      const holds = await Promise.all(
        holders.map((user, i) =>
          api('POST', '/api/book-seats', user.token, { event_id: eventId, seat_ids: seatIds.slice(2 * i, 2 * i + 2) }),
        ),
      );
      expect(holds.map((h) => h.status)).toEqual(holders.map(() => 201));
      const chargesBefore = t.payments.charges();

      const clicks = await Promise.all(
        holders.flatMap((user, i) => Array.from({ length: 4 }, () => confirm(user, holds[i]?.body.booking_reference))),
      );
      for (const c of clicks) {
        if (c.status === 200) expect(c.body.status).toBe('confirmed');
        else {
          expect(c.status, c.raw).toBe(409);
          expect(c.body.code).toBe('PAYMENT_IN_PROGRESS');
        }
      }
      for (let i = 0; i < holders.length; i++) {
        expect(clicks.slice(4 * i, 4 * i + 4).some((c) => c.status === 200)).toBe(true);
      }
      expect(t.payments.charges() - chargesBefore).toBe(holders.length);
      const { seats, bookings, payments } = await audit(eventId);
      expect(bookings.every((b) => b.status === 'confirmed')).toBe(true);
      expect(payments.filter((p) => p.status === 'succeeded')).toHaveLength(holders.length);
      expect(payments.filter((p) => p.status === 'processing')).toHaveLength(0);
      expect(seats.filter((s) => s.status === 'booked')).toHaveLength(2 * holders.length);
    },
    RACE_TIMEOUT,
  );
});

describe(`hold expiry under race (${testDialect()})`, () => {
  it(
    'expired holds go to at most one new owner, even while sweeps and late payments run',
    async () => {
      const { eventId, seatIds } = await t.makeShowtime(admin, { totalSeats: 24 });
      const random = rng(99);
      const first = await race(
        eventId,
        users.slice(0, 80).map((user) => ({ user, seatIds: draw(random, seatIds, 2 + Math.floor(random() * 3)) })),
      );
      const { winners: oldWinners } = await expectConsistentHolds(eventId, first, { now: t.clock.now(), priorBookings: 0 });
      expect(oldWinners.length).toBeGreaterThan(1);
      const oldReferences = new Set(oldWinners.map((w) => w.res.body.booking_reference as string));

      t.clock.advance(HOLD_TTL_MS + 1_000);
      const now = t.clock.now();
      // Nobody has swept: the old holds are still in the table, merely out of time.
      const before = await audit(eventId);
      expect(before.seats.filter((s) => s.status === 'held').length).toBeGreaterThan(0);
      expect(before.seats.every((s) => s.status !== 'held' || (s.hold_expires_at ?? 0) <= now)).toBe(true);
      const chargesBefore = t.payments.charges();

      // New buyers race over the expired seats while the sweeper runs and the old winners try to pay.
      const newBuyers = users
        .slice(80, 200)
        .map((user) => ({ user, seatIds: draw(random, seatIds, 2 + Math.floor(random() * 3)) }));
      const [second, latePayments, swept] = await Promise.all([
        race(eventId, newBuyers),
        Promise.all(oldWinners.map((w) => confirm(w.user, w.res.body.booking_reference))),
        Promise.all([t.services.bookings.releaseExpiredHolds(), t.services.bookings.releaseExpiredHolds()]),
      ]);

      for (const p of latePayments) {
        expect(p.status, p.raw).toBe(409);
        expect(p.body.code).toBe('HOLD_EXPIRED');
      }
      expect(t.payments.charges()).toBe(chargesBefore);
      expect(swept.every((n) => n >= 0)).toBe(true);

      const { winners } = await expectConsistentHolds(eventId, second, { now, priorBookings: oldWinners.length });
      expect(winners.length).toBeGreaterThan(0);

      // Once swept, every old booking is expired and owns nothing; the new ones are untouched.
      await t.services.bookings.releaseExpiredHolds();
      const after = await audit(eventId);
      for (const b of after.bookings) {
        expect(b.status).toBe(oldReferences.has(b.reference) ? 'expired' : 'pending');
        if (oldReferences.has(b.reference)) expect(after.seats.some((s) => s.booking_id === b.id)).toBe(false);
      }
      const newlyHeld = new Set(winners.flatMap((w) => w.seatIds));
      for (const s of after.seats) expect(s.status).toBe(newlyHeld.has(s.id) ? 'held' : 'available');
      expect(after.payments).toHaveLength(0);
    },
    RACE_TIMEOUT,
  );

  it(
    'sweeps running while buyers grab just-expired seats, round after round: no deadlock, no 5xx',
    async () => {
      const holders = users.slice(0, 10);
      const grabbers = users.slice(10, 60);
      for (let round = 0; round < 8; round++) {
        // Each round moves the clock past a hold's life; fresh tokens keep the buyers signed in.
        for (const u of [admin, ...users]) u.token = t.services.auth.issueToken(u.id, u.role);
        const { eventId, seatIds } = await t.makeShowtime(admin, { totalSeats: 40 });
        await scramble(seatIds);
        const holds = await Promise.all(
          holders.map((user, i) => api('POST', '/api/book-seats', user.token, { seat_ids: seatIds.slice(4 * i, 4 * i + 4) })),
        );
        expect(holds.map((h) => h.status)).toEqual(holders.map(() => 201));
        t.clock.advance(HOLD_TTL_MS + 1_000);

        const sweeps = Array.from({ length: 4 }, () =>
          t.services.bookings.releaseExpiredHolds().then(
            () => 'ok',
            (error: unknown) => `sweep failed: ${String(error)}`,
          ),
        );
        const [swept, grabs] = await Promise.all([
          Promise.all(sweeps),
          race(
            eventId,
            grabbers.map((user, j) => ({ user, seatIds: [0, 1, 2].map((d) => seatIds[(3 * j + d) % 40] as number) })),
          ),
        ]);
        expect(swept.filter((s) => s !== 'ok').map((s) => `round ${round}: ${s}`)).toEqual([]);
        await expectConsistentHolds(eventId, grabs, { now: t.clock.now(), priorBookings: seatIds.length + holders.length });
      }
    },
    RACE_TIMEOUT,
  );
});

describe(`after every race (${testDialect()})`, () => {
  it('leaves the books consistent: the nightly integrity check finds nothing', async () => {
    expect(await findIntegrityProblems(t.db, t.clock.now())).toEqual([]);
  });
});
