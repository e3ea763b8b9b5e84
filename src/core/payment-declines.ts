/**
 * Limits on declined card attempts, so that the service cannot be used to test stolen card numbers
 * against the processor: a few tries per booking, and a few more per customer per hour.
 */

export const MAX_DECLINES_PER_BOOKING = 5;
/** Declined attempts one customer may have, whichever instance they reach (the shape of `core/rate-limit.ts`'s rules). */
export const DECLINES_PER_CUSTOMER = { limit: 10, windowMs: 3_600_000 } as const;

export type CancelReason = 'too_many_declines';

export type AfterDecline =
  | { cancel: false; attempt: number; attemptsLeft: number }
  | { cancel: true; attempt: number; reason: CancelReason };

/** What happens to a booking after its `declines`-th declined card attempt (this one included). */
export function decideAfterDecline(declines: number, maxDeclines: number = MAX_DECLINES_PER_BOOKING): AfterDecline {
  if (declines >= maxDeclines) return { cancel: true, attempt: declines, reason: 'too_many_declines' };
  return { cancel: false, attempt: declines, attemptsLeft: maxDeclines - declines };
}

export type PaymentAttemptAllowance = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * Whether a customer may send one more card to the processor. `recentDeclines` are the times of
 * their declined attempts within the window; `inFlight` counts attempts still at the processor,
 * which may yet be declined, so that concurrent attempts cannot together pass the limit.
 */
export function decidePaymentAttempt(input: {
  recentDeclines: number[];
  inFlight: number;
  now: number;
  rule?: { limit: number; windowMs: number };
}): PaymentAttemptAllowance {
  const { limit: maxDeclines, windowMs } = input.rule ?? DECLINES_PER_CUSTOMER;
  const declines = input.recentDeclines.filter((at) => at > input.now - windowMs).sort((a, b) => b - a);
  if (declines.length + input.inFlight < maxDeclines) return { ok: true };
  if (declines.length < maxDeclines) return { ok: false, retryAfterSeconds: 1 }; // an attempt in flight ends soon
  const leavesAt = (declines[maxDeclines - 1] as number) + windowMs;
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((leavesAt - input.now) / 1000)) };
}
