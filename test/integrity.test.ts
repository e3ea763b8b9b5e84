import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findIntegrityProblems } from '../src/db/stores/integrity-store.js';
import { APPROVED_CARD, createTestApp, type TestApp } from './helpers/test-app.js';

describe('integrity check', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('passes after normal trading and names each broken invariant', async () => {
    const admin = await t.makeUser('admin');
    const buyer = await t.makeUser();
    const { eventId, seatIds } = await t.makeShowtime(admin, { totalSeats: 9 });
    const hold = await t.call('POST', '/api/book-seats', { token: buyer.token, body: { seat_ids: seatIds.slice(0, 2) } });
    await t.call('POST', '/api/confirm-payment', {
      token: buyer.token,
      body: { booking_reference: hold.body.booking_reference, payment: APPROVED_CARD },
    });
    const other = await t.call('POST', '/api/book-seats', { token: buyer.token, body: { seat_ids: seatIds.slice(2, 4) } });
    await t.call('POST', '/api/cancel-booking', {
      token: buyer.token,
      body: { booking_reference: other.body.booking_reference },
    });
    expect(await findIntegrityProblems(t.db, t.clock.now())).toEqual([]);

    // Corrupt the data the way a bug would, and the check must say so.
    const k = t.db.kysely;
    await k.updateTable('payments').set({ status: 'declined' }).where('status', '=', 'succeeded').execute();
    await k.updateTable('events').set({ total_seats: 10 }).where('id', '=', eventId).execute();
    await k
      .updateTable('seats')
      .set({ status: 'available', booking_id: null })
      .where('id', '=', seatIds[0] as number)
      .execute();
    const checks = (await findIntegrityProblems(t.db, t.clock.now())).map((p) => p.check);
    expect(checks).toContain('a confirmed booking does not have exactly one successful payment');
    expect(checks).toContain("a showtime's seats do not add up to its capacity");
    expect(checks).toContain('a confirmed booking does not own all of its seats');
  });
});
