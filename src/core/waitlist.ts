import { findBestSeats } from './best-seats.js';
import { MAX_SEATS_PER_BOOKING } from './holds.js';
import type { SeatSpot } from './seat-rules.js';

/**
 * The waitlist of a sold-out showtime: customers queue for a number of seats; when seats free up
 * (a hold runs out, a booking is cancelled), the first in line whose number fits gets them held
 * for OFFER_HOLD_MS and an email with a link to pay. An offer that is not paid runs out like any
 * hold, and its seats go to the next in line.
 */

/** How long seats offered to someone on the waitlist stay held for them. */
export const OFFER_HOLD_MS = 15 * 60_000;
/** At most this many seats per place in the queue (a booking's limit). */
export const MAX_WAITLIST_SEATS = MAX_SEATS_PER_BOOKING;
/** At most this many people waiting per showtime. */
export const MAX_WAITLIST_LENGTH = 500;

export type WaitlistEntryStatus = 'waiting' | 'offered' | 'left';

export type JoinDecision =
  | { ok: true }
  | {
      ok: false;
      code: 'INVALID_COUNT' | 'SHOWTIME_CANCELLED' | 'SHOWTIME_STARTED' | 'SEATS_AVAILABLE' | 'ALREADY_WAITING' | 'WAITLIST_FULL';
    };

/**
 * Whether a customer may join: a showtime still to come, with fewer free seats than they want
 * (otherwise they can book them now), once at a time, while the queue has room.
 */
export function decideJoin(input: {
  count: number;
  now: number;
  showtime: { startTime: number; cancelled: boolean };
  freeSeats: number;
  alreadyWaiting: boolean;
  waiting: number;
}): JoinDecision {
  if (!Number.isInteger(input.count) || input.count < 1 || input.count > MAX_WAITLIST_SEATS) {
    return { ok: false, code: 'INVALID_COUNT' };
  }
  if (input.showtime.cancelled) return { ok: false, code: 'SHOWTIME_CANCELLED' };
  if (input.showtime.startTime <= input.now) return { ok: false, code: 'SHOWTIME_STARTED' };
  if (input.alreadyWaiting) return { ok: false, code: 'ALREADY_WAITING' };
  if (input.freeSeats >= input.count) return { ok: false, code: 'SEATS_AVAILABLE' };
  if (input.waiting >= MAX_WAITLIST_LENGTH) return { ok: false, code: 'WAITLIST_FULL' };
  return { ok: true };
}

export type WaitingEntry = { id: number; userId: number; count: number };
export type Offer = { entryId: number; userId: number; seatIds: number[] };

/**
 * Who gets the free seats now: entries in the order they joined; each gets the best seats for
 * its count among those still free (seats.io's order: together first), and an entry whose count
 * does not fit waits while later, smaller ones are served. Wheelchair spaces and companion seats
 * are never offered (a waitlist place does not say it needs one).
 */
export function planOffers(waiting: WaitingEntry[], seats: SeatSpot[]): Offer[] {
  const free = new Map(seats.map((s) => [s.id, s]));
  const offers: Offer[] = [];
  for (const entry of waiting) {
    const spots = [...free.values()];
    if (spots.filter((s) => s.free).length < entry.count) continue;
    const best = findBestSeats({ seats: spots, count: entry.count, accessible: false, protectedNow: true });
    if (!best.ok) continue;
    offers.push({ entryId: entry.id, userId: entry.userId, seatIds: best.seatIds });
    for (const id of best.seatIds) {
      const spot = free.get(id);
      if (spot) free.set(id, { ...spot, free: false });
    }
  }
  return offers;
}

/** What a customer's place in the queue has come to, from the entry and its offer's booking. */
export function waitlistState(
  entry: { status: WaitlistEntryStatus },
  offer: { status: string; expiresAt: number } | null,
  now: number,
): 'waiting' | 'offered' | 'booked' | 'lapsed' | 'left' {
  if (entry.status !== 'offered' || !offer) return entry.status === 'offered' ? 'lapsed' : entry.status;
  if (offer.status === 'confirmed') return 'booked';
  const held = offer.status === 'pending' || offer.status === 'awaiting_payment';
  return held && offer.expiresAt > now ? 'offered' : 'lapsed';
}
