import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findIntegrityProblems } from '../src/db/stores/integrity-store.js';
import { requestFingerprinter } from '../src/server/plugins/idempotency.js';
import { APPROVED_CARD, createTestApp, HOUR, type TestApp } from './helpers/test-app.js';

/**
 * SECURITY.md, "Money and idempotency": Idempotency-Key on the three money-moving routes, scoped
 * per user and kept 24 hours; racing confirms charge once; racing cancels refund once; the
 * integrity check finds nothing wrong afterwards.
 */

type User = Awaited<ReturnType<TestApp['makeUser']>>;
const DAY = 24 * HOUR;

let t: TestApp;
let admin: User;
let alice: User;
let bob: User;
let seats: number[];
let eventId: number;
let nextSeat = 0;
const takeSeats = (n: number) => {
  const taken = seats.slice(nextSeat, nextSeat + n);
  nextSeat += n;
  expect(taken).toHaveLength(n);
  return taken;
};

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.makeUser('admin');
  alice = await t.makeUser();
  bob = await t.makeUser();
  // Far enough ahead that the 24-hour key expiry can be stepped over with seats still on sale.
  const show = await t.makeShowtime(admin, { rows: 10, perRow: 10, hoursAhead: 24 * 7 });
  seats = show.seatIds;
  eventId = show.eventId;
});
afterAll(async () => t.close());

/** Moves the clock and re-issues the given users' access tokens (they live 30 minutes in tests). */
function advance(ms: number, ...users: User[]) {
  t.clock.advance(ms);
  for (const u of users) u.token = t.services.auth.issueToken(u.id, u.role);
}

const post = (user: User, url: string, body: unknown, key?: string) =>
  t.call('POST', url, { token: user.token, body, headers: key ? { 'idempotency-key': key } : {} });

/** Everything a replay must leave alone. */
async function state() {
  return {
    counts: await t.tableCounts(),
    bookings: await t.db.kysely.selectFrom('bookings').select(['reference', 'status']).orderBy('id').execute(),
    payments: await t.db.kysely.selectFrom('payments').select(['id', 'status']).orderBy('id').execute(),
    charges: t.payments.charges(),
    refunds: t.payments.refunds(),
  };
}

async function hold(user: User, n = 1) {
  const res = await post(user, '/api/book-seats', { seat_ids: takeSeats(n) });
  expect(res.status, res.raw).toBe(201);
  return res.body.booking_reference as string;
}

describe('Idempotency-Key', () => {
  it('book-seats: a retry with the same key and body replays the stored 201 and changes nothing', async () => {
    const body = { seat_ids: takeSeats(2), event_id: eventId };
    const first = await post(alice, '/api/book-seats', body, 'hold-1');
    expect(first.status, first.raw).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const before = await state();
    // The same body with its fields in another order is the same request.
    const again = await post(alice, '/api/book-seats', { event_id: eventId, seat_ids: body.seat_ids }, 'hold-1');
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers['content-type']).toMatch(/^application\/json/);
    expect(again.body).toEqual(first.body);
    expect(await state()).toEqual(before);
  });

  it('confirm-payment: the replay charges nothing more', async () => {
    const reference = await hold(alice);
    const body = { booking_reference: reference, payment: APPROVED_CARD };
    const first = await post(alice, '/api/confirm-payment', body, 'pay-1');
    expect(first.status, first.raw).toBe(200);
    const before = await state();
    for (let i = 0; i < 3; i++) {
      const again = await post(alice, '/api/confirm-payment', body, 'pay-1');
      expect(again.status).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
    }
    expect(await state()).toEqual(before);
  });

  it('cancel-booking: the replay refunds nothing more', async () => {
    const reference = await hold(alice);
    expect((await post(alice, '/api/confirm-payment', { booking_reference: reference, payment: APPROVED_CARD })).status).toBe(
      200,
    );
    const first = await post(alice, '/api/cancel-booking', { booking_reference: reference }, 'cancel-1');
    expect(first.status, first.raw).toBe(200);
    expect(first.body.refund_amount).toBeGreaterThan(0);
    await t.flushOutbox(); // the refund goes out after the commit
    const before = await state();
    expect(before.refunds).toBeGreaterThan(0);
    const again = await post(alice, '/api/cancel-booking', { booking_reference: reference }, 'cancel-1');
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    await t.flushOutbox();
    expect(await state()).toEqual(before);
    // Without the key, a second cancel is simply refused: still one refund.
    expect((await post(alice, '/api/cancel-booking', { booking_reference: reference })).status).toBe(409);
    await t.flushOutbox();
    expect(t.payments.refunds()).toBe(before.refunds);
  });

  it('replays an error answer too (a 4xx is an answer), without running it again', async () => {
    const body = { seat_ids: [99_999_999] };
    const first = await post(alice, '/api/book-seats', body, 'hold-missing-seat');
    expect(first.status).toBe(404);
    const again = await post(alice, '/api/book-seats', body, 'hold-missing-seat');
    expect(again.status).toBe(404);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
  });

  it('the same key with a different body is 422 and changes nothing', async () => {
    const first = await post(alice, '/api/book-seats', { seat_ids: takeSeats(1) }, 'hold-2');
    expect(first.status).toBe(201);
    const before = await state();
    const other = await post(alice, '/api/book-seats', { seat_ids: takeSeats(1) }, 'hold-2');
    expect(other.status).toBe(422);
    expect(other.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', detail: expect.any(String) });
    expect(await state()).toEqual(before);
  });

  it("keys are per user: bob using alice's key gets his own fresh answer", async () => {
    const aliceRes = await post(alice, '/api/book-seats', { seat_ids: takeSeats(1) }, 'shared-key');
    expect(aliceRes.status).toBe(201);
    const before = await state();
    const bobRes = await post(bob, '/api/book-seats', { seat_ids: takeSeats(1) }, 'shared-key');
    expect(bobRes.status, bobRes.raw).toBe(201);
    expect(bobRes.headers['idempotent-replayed']).toBeUndefined();
    expect(bobRes.body.booking_reference).not.toBe(aliceRes.body.booking_reference);
    expect((await state()).counts.bookings).toBe(before.counts.bookings + 1);
    // And bob's same-key retry replays bob's answer, not alice's.
    const bobAgain = await post(bob, '/api/book-seats', { seat_ids: bobRes.body.seat_ids }, 'shared-key');
    expect(bobAgain.body.booking_reference).toBe(bobRes.body.booking_reference);
  });

  it('keys are per route: one key on book-seats and on cancel-booking are separate', async () => {
    const held = await post(alice, '/api/book-seats', { seat_ids: takeSeats(1) }, 'route-key');
    expect(held.status).toBe(201);
    const cancelled = await post(alice, '/api/cancel-booking', { booking_reference: held.body.booking_reference }, 'route-key');
    expect(cancelled.status, cancelled.raw).toBe(200);
    expect(cancelled.headers['idempotent-replayed']).toBeUndefined();
  });

  it('a key is kept 24 hours: replayed just before, free again after', async () => {
    const body = { seat_ids: takeSeats(1) };
    const first = await post(alice, '/api/book-seats', body, 'daily-key');
    expect(first.status).toBe(201);
    advance(DAY - 60_000, alice, bob, admin);
    const late = await post(alice, '/api/book-seats', body, 'daily-key');
    expect(late.headers['idempotent-replayed']).toBe('true');
    expect(late.body.booking_reference).toBe(first.body.booking_reference);
    // A different body is still refused while the key lives ...
    expect((await post(alice, '/api/book-seats', { seat_ids: takeSeats(1) }, 'daily-key')).status).toBe(422);

    advance(2 * 60_000, alice, bob, admin);
    const before = await state();
    // ... and after 24 hours the key is free: the request runs afresh (the first hold expired long ago).
    const fresh = await post(alice, '/api/book-seats', body, 'daily-key');
    expect(fresh.status, fresh.raw).toBe(201);
    expect(fresh.headers['idempotent-replayed']).toBeUndefined();
    expect(fresh.body.booking_reference).not.toBe(first.body.booking_reference);
    expect((await state()).counts.bookings).toBe(before.counts.bookings + 1);
  });

  it('while the first request is still running, a retry gets 409 and nothing runs', async () => {
    const reference = await hold(alice);
    const body = { booking_reference: reference, payment: APPROVED_CARD };
    // The fingerprint the service keeps for this body (an HMAC under a key from SECRET_KEY).
    const fingerprint = requestFingerprinter(t.config.secretKey);
    const now = t.clock.now();
    await t.db.kysely
      .insertInto('idempotency_keys')
      .values({
        user_id: alice.id,
        route: 'confirm-payment',
        key: 'in-flight',
        request_hash: fingerprint(body),
        status_code: null,
        response_body: null,
        created_at: now,
        expires_at: now + DAY,
      })
      .execute();
    const before = await state();
    const retry = await post(alice, '/api/confirm-payment', body, 'in-flight');
    expect(retry.status, retry.raw).toBe(409);
    expect(retry.body).toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS', detail: expect.any(String) });
    expect(await state()).toEqual(before);
    // Another user's request with that key is not blocked by it.
    expect((await post(bob, '/api/book-seats', { seat_ids: takeSeats(1) }, 'in-flight')).status).toBe(201);
  });

  it('refuses a malformed key (422) before doing anything', async () => {
    const before = await state();
    for (const key of ['has space', 'x'.repeat(256), 'ünïcode']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/book-seats',
        headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'application/json', 'idempotency-key': key },
        payload: JSON.stringify({ seat_ids: [seats[99]] }),
      });
      expect(res.statusCode, key).toBe(422);
    }
    expect(await state()).toEqual(before);
  });
});

describe('races on money', () => {
  it('50 concurrent confirms of one booking: exactly one charge, everyone sees the same payment or 409', async () => {
    const reference = await hold(alice, 2);
    const chargesBefore = t.payments.charges();
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        post(alice, '/api/confirm-payment', { booking_reference: reference, payment: APPROVED_CARD }),
      ),
    );
    const ok = responses.filter((r) => r.status === 200);
    const busy = responses.filter((r) => r.status === 409);
    expect(
      responses.filter((r) => r.status !== 200 && r.status !== 409).map((r) => `${r.status} ${r.raw}`),
      'only 200 or 409',
    ).toEqual([]);
    for (const r of busy) expect(r.body.code).toBe('PAYMENT_IN_PROGRESS');
    expect(ok.length).toBeGreaterThanOrEqual(1);
    const paymentIds = new Set(ok.map((r) => r.body.payment_id));
    expect(paymentIds.size).toBe(1);
    expect(t.payments.charges()).toBe(chargesBefore + 1);

    const booking = await t.db.kysely
      .selectFrom('bookings')
      .selectAll()
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    expect(booking.status).toBe('confirmed');
    expect(booking.payment_id).toBe([...paymentIds][0]);
    const succeeded = await t.db.kysely
      .selectFrom('payments')
      .select(['status', 'provider_payment_id'])
      .where('booking_id', '=', booking.id)
      .where('status', '=', 'succeeded')
      .execute();
    expect(succeeded).toHaveLength(1);
    expect(succeeded[0]?.provider_payment_id).toBe(booking.payment_id);
    console.log(`50 concurrent confirms: ${ok.length} × 200, ${busy.length} × 409, 1 charge`);
  });

  it('50 concurrent confirms sharing one Idempotency-Key: one charge, the rest replay or wait', async () => {
    const reference = await hold(bob);
    const chargesBefore = t.payments.charges();
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        post(bob, '/api/confirm-payment', { booking_reference: reference, payment: APPROVED_CARD }, 'bob-pays-once'),
      ),
    );
    for (const r of responses) {
      if (r.status === 409) expect(['IDEMPOTENCY_IN_PROGRESS', 'PAYMENT_IN_PROGRESS']).toContain(r.body.code);
      else expect(r.status, r.raw).toBe(200);
    }
    expect(new Set(responses.filter((r) => r.status === 200).map((r) => r.body.payment_id)).size).toBe(1);
    expect(t.payments.charges()).toBe(chargesBefore + 1);
  });

  it('2 concurrent cancels of a confirmed booking: exactly one refund', async () => {
    const reference = await hold(alice, 2);
    expect((await post(alice, '/api/confirm-payment', { booking_reference: reference, payment: APPROVED_CARD })).status).toBe(
      200,
    );
    const refundsBefore = t.payments.refunds();
    const [a, b] = await Promise.all([
      post(alice, '/api/cancel-booking', { booking_reference: reference }),
      post(alice, '/api/cancel-booking', { booking_reference: reference }),
    ]);
    const statuses = [a?.status, b?.status].sort();
    expect(statuses, `${a?.raw} / ${b?.raw}`).toEqual([200, 409]);
    await t.flushOutbox();
    expect(t.payments.refunds()).toBe(refundsBefore + 1);
    const booking = await t.db.kysely
      .selectFrom('bookings')
      .selectAll()
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    expect(booking.status).toBe('cancelled');
    const payments = await t.db.kysely.selectFrom('payments').select('status').where('booking_id', '=', booking.id).execute();
    expect(payments.map((p) => p.status)).toEqual(['refunded']);
  });

  it('an admin and the owner cancelling at once: still one refund', async () => {
    const reference = await hold(bob);
    expect((await post(bob, '/api/confirm-payment', { booking_reference: reference, payment: APPROVED_CARD })).status).toBe(200);
    const refundsBefore = t.payments.refunds();
    const results = await Promise.all([
      post(bob, '/api/cancel-booking', { booking_reference: reference }),
      post(admin, '/api/cancel-booking', { booking_reference: reference }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    await t.flushOutbox();
    expect(t.payments.refunds()).toBe(refundsBefore + 1);
  });

  it('leaves the books balanced: the integrity check finds nothing', async () => {
    await t.flushOutbox();
    expect(await findIntegrityProblems(t.db, t.clock.now())).toEqual([]);
  });
});

describe('housekeeping', () => {
  it('forgets expired refresh tokens and idempotency keys, and keeps live ones', async () => {
    const { createTestApp } = await import('./helpers/test-app.js');
    const h = await createTestApp();
    try {
      const user = await h.makeUser();
      const login = await h.call('POST', '/api/auth/login', { body: { email: user.email, password: user.password } });
      expect(login.status).toBe(200);
      const admin = await h.makeUser('admin');
      const { seatIds } = await h.makeShowtime(admin, { totalSeats: 4, hoursAhead: 24 * 30 });
      const hold = await h.call('POST', '/api/book-seats', {
        token: user.token,
        body: { seat_ids: [seatIds[0]] },
        headers: { 'idempotency-key': 'k1' },
      });
      expect(hold.status).toBe(201);
      const count = async (table: 'refresh_tokens' | 'idempotency_keys') =>
        Number(
          (
            await h.db.kysely
              .selectFrom(table)
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );

      await h.services.auth.forgetExpired();
      expect([await count('refresh_tokens'), await count('idempotency_keys')]).toEqual([1, 1]);
      h.clock.advance(24 * 3_600_000 + 1);
      await h.services.auth.forgetExpired();
      expect([await count('refresh_tokens'), await count('idempotency_keys')]).toEqual([1, 0]);
      h.clock.advance(14 * 24 * 3_600_000);
      await h.services.auth.forgetExpired();
      expect(await count('refresh_tokens')).toBe(0);
    } finally {
      await h.close();
    }
  });
});
