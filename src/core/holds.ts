/** Rules for holding seats; the booking's life after the hold is core/booking-lifecycle.ts. */
import { effectiveStatus, type LifecycleStatus } from './booking-lifecycle.js';

export const MAX_SEATS_PER_BOOKING = 10;

export type SeatStatus = 'available' | 'held' | 'booked';

export type HoldRequestProblem =
  | { code: 'EMPTY' }
  | { code: 'TOO_MANY'; max: number }
  | { code: 'DUPLICATES'; seatIds: number[] };

export function checkHoldRequest(seatIds: number[]): HoldRequestProblem | null {
  if (seatIds.length === 0) return { code: 'EMPTY' };
  const seen = new Set<number>();
  const duplicates = new Set<number>();
  for (const id of seatIds) {
    if (seen.has(id)) duplicates.add(id);
    seen.add(id);
  }
  if (duplicates.size > 0) return { code: 'DUPLICATES', seatIds: [...duplicates] };
  if (seatIds.length > MAX_SEATS_PER_BOOKING) return { code: 'TOO_MANY', max: MAX_SEATS_PER_BOOKING };
  return null;
}

export type SeatForHold = { id: number; event_id: number };
export type ShowtimeForHold = { id: number; start_time: number; cancelled_at?: number | null };

export type HoldDecision =
  | { ok: true; eventId: number; expiresAt: number }
  | { ok: false; code: 'SEAT_NOT_FOUND'; seatIds: number[] }
  | { ok: false; code: 'MIXED_SHOWTIMES'; eventIds: number[] }
  | { ok: false; code: 'EVENT_MISMATCH'; eventId: number }
  | { ok: false; code: 'EVENT_STARTED'; eventId: number }
  | { ok: false; code: 'SHOWTIME_CANCELLED'; eventId: number };

/**
 * Decides whether a set of seats may be held. Availability is not decided here: the store's
 * conditional claim is the only judge of that, so two buyers can never both win.
 */
export function decideHold(input: {
  seatIds: number[];
  seats: SeatForHold[];
  requestedEventId: number | undefined;
  showtime: ShowtimeForHold | undefined;
  now: number;
  holdTtlSeconds: number;
}): HoldDecision {
  const found = new Set(input.seats.map((s) => s.id));
  const missing = input.seatIds.filter((id) => !found.has(id));
  if (missing.length > 0) return { ok: false, code: 'SEAT_NOT_FOUND', seatIds: missing };
  const eventIds = [...new Set(input.seats.map((s) => s.event_id))];
  if (eventIds.length > 1) return { ok: false, code: 'MIXED_SHOWTIMES', eventIds };
  const eventId = eventIds[0] as number;
  if (input.requestedEventId !== undefined && input.requestedEventId !== eventId) {
    return { ok: false, code: 'EVENT_MISMATCH', eventId: input.requestedEventId };
  }
  if (input.showtime?.cancelled_at != null) return { ok: false, code: 'SHOWTIME_CANCELLED', eventId };
  if (!input.showtime || input.showtime.start_time <= input.now) {
    return { ok: false, code: 'EVENT_STARTED', eventId };
  }
  return { ok: true, eventId, expiresAt: input.now + input.holdTtlSeconds * 1000 };
}

/** The same rule for a seat: an expired hold reads available. */
export function effectiveSeatStatus(status: SeatStatus, holdExpiresAt: number | null, now: number): SeatStatus {
  return status === 'held' && holdExpiresAt !== null && holdExpiresAt <= now ? 'available' : status;
}

export type ConfirmDecision = { ok: true; alreadyConfirmed: boolean } | { ok: false; code: 'CANCELLED' | 'EXPIRED' };

/** Whether a card may be charged for a booking now; a hold that has run out reads expired (core/booking-lifecycle.ts). */
export function decideConfirm(input: { status: LifecycleStatus; expiresAt: number; now: number }): ConfirmDecision {
  const status = effectiveStatus(input, input.now);
  switch (status) {
    case 'confirmed':
      return { ok: true, alreadyConfirmed: true };
    case 'pending':
    case 'awaiting_payment':
      return { ok: true, alreadyConfirmed: false };
    case 'cancelled':
      return { ok: false, code: 'CANCELLED' };
    case 'expired':
      return { ok: false, code: 'EXPIRED' };
    default:
      return assertNever(status);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected value ${String(value)}`);
}

/**
 * When a set of seats next changes by itself: the earliest hold still running at `now`
 * (Infinity when none). Until then, a picture of those seats taken at `now` stays true.
 */
export function nextHoldExpiry(seats: { status: SeatStatus; hold_expires_at: number | null }[], now: number): number {
  let earliest = Number.POSITIVE_INFINITY;
  for (const seat of seats) {
    if (seat.status === 'held' && seat.hold_expires_at !== null && seat.hold_expires_at > now) {
      earliest = Math.min(earliest, seat.hold_expires_at);
    }
  }
  return earliest;
}
