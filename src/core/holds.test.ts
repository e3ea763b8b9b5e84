import { describe, expect, it } from 'vitest';
import { checkHoldRequest, decideConfirm, decideHold, effectiveSeatStatus, nextHoldExpiry } from './holds.js';

describe('checkHoldRequest', () => {
  it('refuses empty, duplicate and oversized requests', () => {
    expect(checkHoldRequest([])).toEqual({ code: 'EMPTY' });
    expect(checkHoldRequest([1, 2, 1])).toEqual({ code: 'DUPLICATES', seatIds: [1] });
    expect(checkHoldRequest([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])).toEqual({ code: 'TOO_MANY', max: 10 });
    expect(checkHoldRequest([1, 2, 3])).toBeNull();
  });
});

describe('decideHold', () => {
  const now = 1_000_000;
  const showtime = { id: 7, start_time: now + 3_600_000 };
  const base = { now, holdTtlSeconds: 600, requestedEventId: undefined, showtime };

  it('holds seats of one upcoming showtime until now + TTL', () => {
    const d = decideHold({
      ...base,
      seatIds: [1, 2],
      seats: [
        { id: 1, event_id: 7 },
        { id: 2, event_id: 7 },
      ],
    });
    expect(d).toEqual({ ok: true, eventId: 7, expiresAt: now + 600_000 });
  });

  it('names unknown seats', () => {
    const d = decideHold({ ...base, seatIds: [1, 99], seats: [{ id: 1, event_id: 7 }] });
    expect(d).toEqual({ ok: false, code: 'SEAT_NOT_FOUND', seatIds: [99] });
  });

  it('refuses seats of different showtimes, a mismatched event_id and a started showtime', () => {
    expect(
      decideHold({
        ...base,
        seatIds: [1, 2],
        seats: [
          { id: 1, event_id: 7 },
          { id: 2, event_id: 8 },
        ],
      }),
    ).toMatchObject({ code: 'MIXED_SHOWTIMES' });
    expect(decideHold({ ...base, requestedEventId: 8, seatIds: [1], seats: [{ id: 1, event_id: 7 }] })).toMatchObject({
      code: 'EVENT_MISMATCH',
    });
    expect(
      decideHold({ ...base, showtime: { id: 7, start_time: now }, seatIds: [1], seats: [{ id: 1, event_id: 7 }] }),
    ).toMatchObject({ code: 'EVENT_STARTED' });
  });
});

describe('booking life', () => {
  it('reads a pending booking past its hold as expired, and an expired seat hold as available', () => {
    expect(effectiveSeatStatus('held', 100, 100)).toBe('available');
    expect(effectiveSeatStatus('held', 101, 100)).toBe('held');
    expect(effectiveSeatStatus('booked', null, 100)).toBe('booked');
  });

  it('confirms pending bookings in time, repeats a confirmation, and refuses the rest', () => {
    expect(decideConfirm({ status: 'pending', expiresAt: 200, now: 100 })).toEqual({ ok: true, alreadyConfirmed: false });
    expect(decideConfirm({ status: 'confirmed', expiresAt: 0, now: 100 })).toEqual({ ok: true, alreadyConfirmed: true });
    expect(decideConfirm({ status: 'pending', expiresAt: 100, now: 100 })).toEqual({ ok: false, code: 'EXPIRED' });
    expect(decideConfirm({ status: 'cancelled', expiresAt: 200, now: 100 })).toEqual({ ok: false, code: 'CANCELLED' });
    // Paying at a provider's checkout is still a payable hold until it runs out.
    expect(decideConfirm({ status: 'awaiting_payment', expiresAt: 200, now: 100 })).toEqual({
      ok: true,
      alreadyConfirmed: false,
    });
    expect(decideConfirm({ status: 'awaiting_payment', expiresAt: 100, now: 100 })).toEqual({ ok: false, code: 'EXPIRED' });
  });
});

describe('nextHoldExpiry', () => {
  it('is the earliest hold still running, ignoring free, sold and run-out seats', () => {
    const seats = [
      { status: 'held' as const, hold_expires_at: 500 },
      { status: 'held' as const, hold_expires_at: 300 },
      { status: 'held' as const, hold_expires_at: 100 },
      { status: 'booked' as const, hold_expires_at: null },
      { status: 'available' as const, hold_expires_at: null },
    ];
    expect(nextHoldExpiry(seats, 200)).toBe(300);
    expect(nextHoldExpiry(seats, 600)).toBe(Number.POSITIVE_INFINITY);
    expect(nextHoldExpiry([], 0)).toBe(Number.POSITIVE_INFINITY);
  });
});
