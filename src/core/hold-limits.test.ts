import { describe, expect, it } from 'vitest';
import { decideHoldAllowance, isExemptFromHoldLimits, seatsLeftToHold } from './hold-limits.js';

describe('seatsLeftToHold', () => {
  it('is the cap minus what the customer holds, never below zero', () => {
    expect(seatsLeftToHold(0, 10)).toBe(10);
    expect(seatsLeftToHold(8, 10)).toBe(2);
    expect(seatsLeftToHold(10, 10)).toBe(0);
    expect(seatsLeftToHold(12, 10)).toBe(0);
  });
});

describe('isExemptFromHoldLimits', () => {
  it('exempts the roles on the list (admin and the box office), not customers', () => {
    expect(isExemptFromHoldLimits('admin')).toBe(true);
    expect(isExemptFromHoldLimits('box_office')).toBe(true);
    expect(isExemptFromHoldLimits('user')).toBe(false);
    expect(isExemptFromHoldLimits('admin', ['box_office'])).toBe(false);
  });
});

describe('decideHoldAllowance', () => {
  const now = 1_000_000_000;
  const base = { heldSeats: 0, maxHeldSeats: 10, recentHolds: [], now };

  it('lets a customer hold up to the cap across bookings, and names the cap beyond it', () => {
    expect(decideHoldAllowance({ ...base, requestedSeats: 10 })).toEqual({ ok: true });
    expect(decideHoldAllowance({ ...base, heldSeats: 8, requestedSeats: 2 })).toEqual({ ok: true });
    expect(decideHoldAllowance({ ...base, heldSeats: 8, requestedSeats: 3 })).toEqual({
      ok: false,
      code: 'HOLD_LIMIT',
      max: 10,
      held: 8,
    });
    expect(decideHoldAllowance({ ...base, maxHeldSeats: 4, requestedSeats: 5 })).toMatchObject({ code: 'HOLD_LIMIT', max: 4 });
  });

  it('allows 20 new holds per 10 minutes, and says when the oldest leaves the window', () => {
    const nineteen = Array.from({ length: 19 }, (_, i) => now - 60_000 - i * 1000);
    expect(decideHoldAllowance({ ...base, requestedSeats: 1, recentHolds: nineteen })).toEqual({ ok: true });
    // The 20 newest run from now-1min back to now-1min-19s: the oldest of them leaves at now+9min-19s.
    const twenty = [...nineteen, now - 60_000 - 19_000, now - 9 * 60_000];
    expect(decideHoldAllowance({ ...base, requestedSeats: 1, recentHolds: twenty })).toEqual({
      ok: false,
      code: 'RATE_LIMITED',
      retryAfterSeconds: 9 * 60 - 19,
    });
  });

  it('forgets holds older than the window', () => {
    const old = Array.from({ length: 30 }, (_, i) => now - 10 * 60_000 - i);
    expect(decideHoldAllowance({ ...base, requestedSeats: 1, recentHolds: old })).toEqual({ ok: true });
    const edge = Array.from({ length: 20 }, () => now - 10 * 60_000 + 1);
    expect(decideHoldAllowance({ ...base, requestedSeats: 1, recentHolds: edge })).toEqual({
      ok: false,
      code: 'RATE_LIMITED',
      retryAfterSeconds: 1,
    });
  });
});
