/**
 * Rate limits as data. A rule allows `limit` points per window of `windowMs`; a key's window
 * starts with its first point and ends `windowMs` later, whatever happens in between (so waiting
 * is bounded, and hammering a refused key does not push its window further away). Counting
 * happens elsewhere (`src/services/rate-counter.ts`, in the database or Redis, shared by every
 * instance); this file decides what a count means.
 */
export type RateRule = { limit: number; windowMs: number };

/** The state of one key after a consume. */
export type RateVerdict = {
  /** The points counted in this window so far, this consume's included, never below 0. */
  count: number;
  allowed: boolean;
  /** How long until the window restarts; 0 when nothing is counted. */
  resetsInMs: number;
  /** 0 when allowed; otherwise how long to wait before the key may be tried again. */
  retryAfterMs: number;
};

/** What `count` points in the current window (which ends in `resetsInMs`) mean under `rule`. */
export function rateVerdict(rule: RateRule, count: number, resetsInMs: number): RateVerdict {
  const counted = Math.max(0, count);
  const resets = counted === 0 ? 0 : Math.max(0, resetsInMs);
  const allowed = counted <= rule.limit;
  return { count: counted, allowed, resetsInMs: resets, retryAfterMs: allowed ? 0 : Math.max(1, resets) };
}

/** The Retry-After header's whole seconds: rounded up, and at least 1 for a refusal. */
export function retryAfterSeconds(verdict: RateVerdict): number {
  return verdict.allowed ? 0 : Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
}

/**
 * Guessing one account's password: at most 10 sign-ins with a wrong password per 15 minutes per
 * account (the email, trimmed and lower-cased), whichever instance they reach. Each attempt
 * reserves a point before the password is checked, so concurrent guesses cannot all slip through
 * while the hash runs; a correct password gives its point back, so only failures stay counted.
 */
export const SIGN_IN_FAILURES_PER_ACCOUNT: RateRule = { limit: 10, windowMs: 15 * 60_000 };

export const signInFailuresKey = (normalizedEmail: string) => `sign-in-failures:${normalizedEmail}`;
