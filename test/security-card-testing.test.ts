import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChargeRequest } from '../src/payments/payment-provider.js';
import { advance, confirm, hold, seatStatuses } from './bookings-support.js';
import { APPROVED_CARD, createTestApp, DECLINED_CARD, HOUR, type TestApp } from './helpers/test-app.js';

/**
 * SECURITY.md, "Seats and payments": the service is no card-testing oracle. At most 5 declined
 * cards per booking (then it is cancelled, reason too_many_declines) and 10 per customer per hour
 * (then 429, before the processor). Each decline is audited. The tests count every call that
 * reaches the (real, simulated) processor.
 */

type User = Awaited<ReturnType<TestApp['makeUser']>>;

let t: TestApp;
let admin: User;
let processorCalls = 0;
let failProcessor = false;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.makeUser('admin');
  const charge = t.payments.charge.bind(t.payments);
  t.payments.charge = async (request: ChargeRequest) => {
    processorCalls += 1;
    if (failProcessor) throw new Error('processor unreachable');
    return charge(request);
  };
});
afterAll(async () => t.close());
beforeEach(() => {
  processorCalls = 0;
  failProcessor = false;
});

const auditOf = async (action: string, reference: string) => {
  const res = await t.call('GET', `/api/admin/audit?action=${action}&limit=500`, { token: admin.token });
  expect(res.status, res.raw).toBe(200);
  return (res.body as { target_id: string }[]).filter((e) => e.target_id === reference);
};

describe('card testing: declines per booking', () => {
  it('a decline that cannot be recorded does not leave the payment processing: the booking can still be paid', async () => {
    const frank = await t.makeUser();
    const show = await t.makeShowtime(admin, { rows: 1, perRow: 4 });
    const booking = await hold(t, frank, [show.seatIds[0] as number]);
    // The decline's audit row cannot be written, so its transaction fails after the processor said no.
    await t.db.kysely.schema.alterTable('audit_log').renameTo('audit_log_away').execute();
    try {
      const failed = await confirm(t, frank, booking.booking_reference, DECLINED_CARD);
      expect(failed.status, failed.raw).toBeGreaterThanOrEqual(500);
    } finally {
      await t.db.kysely.schema.alterTable('audit_log_away').renameTo('audit_log').execute();
    }
    const stuck = await t.db.kysely.selectFrom('payments').select('status').where('status', '=', 'processing').execute();
    expect(stuck).toEqual([]);
    const paid = await confirm(t, frank, booking.booking_reference, APPROVED_CARD);
    expect(paid.status, paid.raw).toBe(200);
    expect(paid.body).toMatchObject({ status: 'confirmed' });
  });

  it('11 declined cards on one booking: 5 reach the processor, the 5th cancels the booking (too_many_declines), the rest get 409', async () => {
    const alice = await t.makeUser();
    const show = await t.makeShowtime(admin, { rows: 2, perRow: 5 });
    const seats = show.seatIds.slice(0, 2);
    const booking = await hold(t, alice, seats);

    const answers = [];
    for (let i = 0; i < 11; i++) answers.push(await confirm(t, alice, booking.booking_reference, DECLINED_CARD));
    expect(answers.map((a) => a.status)).toEqual([402, 402, 402, 402, 402, 409, 409, 409, 409, 409, 409]);
    expect(processorCalls).toBe(5);
    expect(answers[0]?.body.detail).toContain('4 more declined cards cancel this booking');
    expect(answers[3]?.body.detail).toContain('1 more declined card cancels this booking');
    expect(answers[4]?.body.detail).toContain('After 5 declined cards this booking is cancelled');
    expect(answers[5]?.body).toMatchObject({ code: 'BOOKING_CANCELLED' });
    expect(answers[5]?.body.detail).toContain('cancelled after 5 declined cards');

    // A good card does not revive it either, and reaches no processor.
    expect((await confirm(t, alice, booking.booking_reference, APPROVED_CARD)).status).toBe(409);
    expect(processorCalls).toBe(5);

    const detail = await t.call('GET', `/api/bookings/${booking.booking_reference}`, { token: alice.token });
    expect(detail.body).toMatchObject({ status: 'cancelled', cancel_reason: 'too_many_declines', refund_amount: 0 });
    const statuses = await seatStatuses(t, show.eventId);
    expect(seats.map((id) => statuses[id])).toEqual(['available', 'available']);

    const declines = await auditOf('payment.decline', booking.booking_reference);
    expect(declines).toHaveLength(5);
    for (const entry of declines) {
      expect(entry).toMatchObject({
        actor_id: alice.id,
        actor_email: alice.email,
        target_type: 'booking',
        details: { outcome: 'declined' },
      });
    }
    expect(declines.map((e) => (e as unknown as { details: { attempt: number } }).details.attempt).sort()).toEqual([
      1, 2, 3, 4, 5,
    ]);
    const cancels = await auditOf('booking.cancel', booking.booking_reference);
    expect(cancels).toEqual([expect.objectContaining({ actor_id: null, details: { reason: 'too_many_declines' } })]);
  });

  it('four declines keep the hold, and a good card then pays', async () => {
    const bob = await t.makeUser();
    const show = await t.makeShowtime(admin, { rows: 2, perRow: 5 });
    const booking = await hold(t, bob, [show.seatIds[0] as number]);
    for (let i = 0; i < 4; i++) expect((await confirm(t, bob, booking.booking_reference, DECLINED_CARD)).status).toBe(402);
    const paid = await confirm(t, bob, booking.booking_reference);
    expect(paid.status, paid.raw).toBe(200);
    expect(processorCalls).toBe(5);
    const detail = await t.call('GET', `/api/bookings/${booking.booking_reference}`, { token: bob.token });
    expect(detail.body).toMatchObject({ status: 'confirmed', cancel_reason: null });
  });

  it('an unreachable processor is not a declined card: six outages leave the booking payable', async () => {
    const carol = await t.makeUser();
    const show = await t.makeShowtime(admin, { rows: 2, perRow: 5 });
    const booking = await hold(t, carol, [show.seatIds[0] as number]);
    failProcessor = true;
    for (let i = 0; i < 6; i++) expect((await confirm(t, carol, booking.booking_reference)).status).toBe(502);
    failProcessor = false;
    expect((await confirm(t, carol, booking.booking_reference)).status).toBe(200);
    expect(await auditOf('payment.decline', booking.booking_reference)).toEqual([]);
  });
});

describe('card testing: declines per customer', () => {
  it('10 declined cards an hour across bookings, then 429 with Retry-After and no processor call; an hour on, cards go through again', async () => {
    const dave = await t.makeUser();
    const show = await t.makeShowtime(admin, { rows: 2, perRow: 10, hoursAhead: 48 });
    const bookings = [];
    for (let i = 0; i < 3; i++) bookings.push(await hold(t, dave, [show.seatIds[i] as number]));
    const [a, b, c] = bookings.map((x) => x.booking_reference) as [string, string, string];
    const plan = [a, a, a, a, b, b, b, b, c, c];
    for (const reference of plan) {
      expect((await confirm(t, dave, reference, DECLINED_CARD)).status).toBe(402);
      advance(t, 10_000, dave, admin);
    }
    expect(processorCalls).toBe(10);

    // The first decline was 100 s ago: it leaves the hour in 3,500 s.
    const refused = await confirm(t, dave, c, APPROVED_CARD);
    expect(refused.status, refused.raw).toBe(429);
    expect(refused.body).toMatchObject({ code: 'RATE_LIMITED' });
    expect(refused.headers['retry-after']).toBe('3500');
    expect(processorCalls).toBe(10);
    expect(await t.call('GET', `/api/bookings/${c}`, { token: dave.token })).toMatchObject({ body: { status: 'pending' } });

    advance(t, HOUR, dave, admin);
    const fresh = await hold(t, dave, [show.seatIds[5] as number]);
    expect((await confirm(t, dave, fresh.booking_reference)).status).toBe(200);
    expect(processorCalls).toBe(11);
  });

  it('concurrent confirms of several bookings cannot pass the limit together: with 9 declines, 6 at once reach the processor once', async () => {
    // Rounds, because the race this guards is narrow: a decline landing between the two counts
    // (declines, payments in flight) of a concurrent start.
    for (let round = 0; round < 12; round++) {
      const erin = await t.makeUser();
      const show = await t.makeShowtime(admin, { rows: 2, perRow: 10, hoursAhead: 48 });
      const held = [];
      for (let i = 0; i < 9; i++) held.push(await hold(t, erin, [show.seatIds[i] as number]));
      processorCalls = 0;
      // 9 declines spread so that no booking reaches 5: 4 + 4 + 1.
      for (const i of [0, 0, 0, 0, 1, 1, 1, 1, 2]) {
        expect((await confirm(t, erin, held[i]?.booking_reference as string, DECLINED_CARD)).status).toBe(402);
      }
      expect(processorCalls).toBe(9);
      const answers = await Promise.all(held.slice(3, 9).map((h) => confirm(t, erin, h.booking_reference, DECLINED_CARD)));
      expect(processorCalls, `round ${round}`).toBe(10);
      expect(answers.map((x) => x.status).sort()).toEqual([402, 429, 429, 429, 429, 429]);
    }
  });
});
