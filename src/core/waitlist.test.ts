import { describe, expect, it } from 'vitest';
import type { SeatSpot } from './seat-rules.js';
import { decideJoin, MAX_WAITLIST_LENGTH, MAX_WAITLIST_SEATS, planOffers, waitlistState } from './waitlist.js';

const NOW = Date.UTC(2026, 11, 5, 12, 0);
const base = {
  count: 2,
  now: NOW,
  showtime: { startTime: NOW + 3_600_000, cancelled: false },
  freeSeats: 1,
  alreadyWaiting: false,
  waiting: 0,
};

/** One row of seats; `taken` lists the taken columns. */
const row = (width: number, taken: number[], rowIndex = 1): SeatSpot[] =>
  Array.from({ length: width }, (_, i) => ({
    id: rowIndex * 100 + i + 1,
    row: rowIndex,
    col: i + 1,
    kind: 'standard' as const,
    category: 'standard',
    free: !taken.includes(i + 1),
  }));

describe('joining a waitlist', () => {
  it('is allowed for a showtime to come with fewer free seats than wanted', () => {
    expect(decideJoin(base)).toEqual({ ok: true });
    expect(decideJoin({ ...base, count: MAX_WAITLIST_SEATS, freeSeats: MAX_WAITLIST_SEATS - 1 })).toEqual({ ok: true });
  });

  it('is refused, naming why, otherwise', () => {
    const code = (over: Partial<typeof base>) => {
      const d = decideJoin({ ...base, ...over });
      return d.ok ? 'ok' : d.code;
    };
    expect(code({ count: 0 })).toBe('INVALID_COUNT');
    expect(code({ count: MAX_WAITLIST_SEATS + 1 })).toBe('INVALID_COUNT');
    expect(code({ count: 1.5 })).toBe('INVALID_COUNT');
    expect(code({ showtime: { startTime: NOW + 1, cancelled: true } })).toBe('SHOWTIME_CANCELLED');
    expect(code({ showtime: { startTime: NOW, cancelled: false } })).toBe('SHOWTIME_STARTED');
    expect(code({ alreadyWaiting: true })).toBe('ALREADY_WAITING');
    expect(code({ freeSeats: 2 })).toBe('SEATS_AVAILABLE');
    expect(code({ waiting: MAX_WAITLIST_LENGTH })).toBe('WAITLIST_FULL');
    expect(code({ waiting: MAX_WAITLIST_LENGTH - 1 })).toBe('ok');
  });
});

describe('offering freed seats', () => {
  it('serves the queue in order, skipping an entry whose count does not fit for later smaller ones', () => {
    // Three free seats side by side (cols 3-5) in a row of 8.
    const seats = row(8, [1, 2, 6, 7, 8]);
    const offers = planOffers(
      [
        { id: 1, userId: 11, count: 4 },
        { id: 2, userId: 12, count: 2 },
        { id: 3, userId: 13, count: 2 },
        { id: 4, userId: 14, count: 1 },
      ],
      seats,
    );
    expect(offers.map((o) => o.entryId)).toEqual([2, 4]);
    const [pair, single] = offers;
    expect(pair?.seatIds).toHaveLength(2);
    expect(single?.seatIds).toHaveLength(1);
    // Never the same seat twice, only free seats.
    const given = [...(pair?.seatIds ?? []), ...(single?.seatIds ?? [])];
    expect(new Set(given).size).toBe(3);
    expect(given.every((id) => seats.find((s) => s.id === id)?.free)).toBe(true);
  });

  it('offers nothing when nothing fits, and never a wheelchair space or companion seat', () => {
    expect(planOffers([{ id: 1, userId: 1, count: 3 }], row(4, [1, 2]))).toEqual([]);
    const accessible: SeatSpot[] = [
      { id: 1, row: 1, col: 1, kind: 'wheelchair', category: 'standard', free: true },
      { id: 2, row: 1, col: 2, kind: 'companion', category: 'standard', free: true },
    ];
    expect(planOffers([{ id: 1, userId: 1, count: 1 }], accessible)).toEqual([]);
  });
});

describe('a place in the queue, as the customer reads it', () => {
  it('follows the offer’s booking', () => {
    expect(waitlistState({ status: 'waiting' }, null, NOW)).toBe('waiting');
    expect(waitlistState({ status: 'left' }, null, NOW)).toBe('left');
    expect(waitlistState({ status: 'offered' }, { status: 'pending', expiresAt: NOW + 1 }, NOW)).toBe('offered');
    expect(waitlistState({ status: 'offered' }, { status: 'awaiting_payment', expiresAt: NOW + 1 }, NOW)).toBe('offered');
    expect(waitlistState({ status: 'offered' }, { status: 'pending', expiresAt: NOW }, NOW)).toBe('lapsed');
    expect(waitlistState({ status: 'offered' }, { status: 'expired', expiresAt: NOW - 1 }, NOW)).toBe('lapsed');
    expect(waitlistState({ status: 'offered' }, { status: 'cancelled', expiresAt: NOW + 1 }, NOW)).toBe('lapsed');
    expect(waitlistState({ status: 'offered' }, { status: 'confirmed', expiresAt: NOW - 1 }, NOW)).toBe('booked');
  });
});
