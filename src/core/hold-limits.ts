/**
 * How much one customer may hold, so that one account cannot take a showtime off sale by holding
 * seats it never pays for (and holding them again the moment the holds run out).
 */

import type { Role } from './roles.js';

/** New holds one customer may make, whichever instance they reach (the same shape as `core/rate-limit.ts`'s rules). */
export const NEW_HOLDS_PER_CUSTOMER = { limit: 20, windowMs: 10 * 60_000 } as const;

/** Staff selling at the counter hold seats for many people (src/core/roles.ts); ushers only scan, and are not exempt. */
export const HOLD_LIMIT_EXEMPT_ROLES: readonly Role[] = ['admin', 'box_office'];

export function isExemptFromHoldLimits(role: string, exemptRoles: readonly string[] = HOLD_LIMIT_EXEMPT_ROLES): boolean {
  return exemptRoles.includes(role);
}

/** How many more seats of one showtime a customer may hold, given the seats their pending bookings hold now. */
export function seatsLeftToHold(heldSeats: number, maxHeldSeats: number): number {
  return Math.max(0, maxHeldSeats - heldSeats);
}

export type HoldAllowance =
  | { ok: true }
  | { ok: false; code: 'HOLD_LIMIT'; max: number; held: number }
  | { ok: false; code: 'RATE_LIMITED'; retryAfterSeconds: number };

/**
 * Whether a customer may hold `requestedSeats` more seats now. `heldSeats` counts only holds still
 * running at `now`; `recentHolds` are the times of the customer's holds within the window (any
 * order; only the newest `rule.limit` matter).
 */
export function decideHoldAllowance(input: {
  requestedSeats: number;
  heldSeats: number;
  maxHeldSeats: number;
  recentHolds: number[];
  now: number;
  rule?: { limit: number; windowMs: number };
}): HoldAllowance {
  const { limit: maxNewHolds, windowMs } = input.rule ?? NEW_HOLDS_PER_CUSTOMER;
  if (input.requestedSeats > seatsLeftToHold(input.heldSeats, input.maxHeldSeats)) {
    return { ok: false, code: 'HOLD_LIMIT', max: input.maxHeldSeats, held: input.heldSeats };
  }
  const inWindow = input.recentHolds.filter((at) => at > input.now - windowMs).sort((a, b) => b - a);
  if (inWindow.length >= maxNewHolds) {
    // A slot frees when the oldest of the newest `limit` holds leaves the window.
    const leavesAt = (inWindow[maxNewHolds - 1] as number) + windowMs;
    return { ok: false, code: 'RATE_LIMITED', retryAfterSeconds: Math.max(1, Math.ceil((leavesAt - input.now) / 1000)) };
  }
  return { ok: true };
}
