/**
 * The cinema's refund policy: customers may cancel paid seats until a cut-off before the show,
 * less a fee; admins may always cancel with a full refund. Amounts are integer minor units.
 */

export type RefundPolicy = {
  /** Customers may cancel until this many minutes before the showtime. */
  cutoffMinutes: number;
  /** Deducted once per cancellation, in minor units. */
  feeMinor: number;
  /** Deducted in percent of the cancelled seats' price (0–100, may be fractional). */
  feePercent: number;
};

export const DEFAULT_REFUND_POLICY: RefundPolicy = { cutoffMinutes: 60, feeMinor: 0, feePercent: 0 };

export type RefundQuote =
  | { ok: true; refund: number; fee: number; deadline: number }
  | { ok: false; code: 'CUTOFF_PASSED' | 'SHOWTIME_STARTED'; deadline: number };

/** The last moment a customer may cancel paid seats of a showtime starting at `showtimeStart`. */
export function cancellationDeadline(showtimeStart: number, policy: RefundPolicy): number {
  return showtimeStart - policy.cutoffMinutes * 60_000;
}

/** Half-to-even rounding of a non-negative amount in minor units (a fee never gains a fraction). */
function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (Math.abs(fraction - 0.5) < 1e-9) return floor % 2 === 0 ? floor : floor + 1;
  return Math.round(value);
}

/**
 * What cancelling paid seats worth `amount` gives back at `now`. A customer past the cut-off gets
 * no cancellation at all (CUTOFF_PASSED); an admin always gets the full amount back, even once
 * the show has started.
 */
export function quoteRefund(input: {
  amount: number;
  showtimeStart: number;
  now: number;
  by: 'customer' | 'admin';
  policy: RefundPolicy;
}): RefundQuote {
  const deadline = cancellationDeadline(input.showtimeStart, input.policy);
  if (input.by === 'admin') return { ok: true, refund: input.amount, fee: 0, deadline };
  if (input.now >= input.showtimeStart) return { ok: false, code: 'SHOWTIME_STARTED', deadline };
  if (input.now > deadline) return { ok: false, code: 'CUTOFF_PASSED', deadline };
  const percentFee = roundHalfEven((input.amount * input.policy.feePercent) / 100);
  const fee = Math.min(input.amount, input.policy.feeMinor + percentFee);
  return { ok: true, refund: input.amount - fee, fee, deadline };
}
