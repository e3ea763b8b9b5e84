/**
 * Slows down password guessing against one account: after `maxFailures` wrong passwords within
 * `windowMs`, that account's sign-in is refused until the window ends. Only failures count, so a
 * person signing in often is never locked out, and a success clears the slate. Time is passed in.
 */
export function loginThrottle(options: { maxFailures: number; windowMs: number; maxTracked?: number }) {
  const maxTracked = options.maxTracked ?? 50_000;
  const failures = new Map<string, { count: number; since: number }>();

  const live = (key: string, now: number) => {
    const entry = failures.get(key);
    if (entry && now - entry.since >= options.windowMs) {
      failures.delete(key);
      return undefined;
    }
    return entry;
  };

  return {
    /** Seconds until this account may try again, or 0 when it may try now. */
    retryAfterSeconds(key: string, now: number): number {
      const entry = live(key, now);
      if (!entry || entry.count < options.maxFailures) return 0;
      return Math.max(1, Math.ceil((entry.since + options.windowMs - now) / 1000));
    },
    recordFailure(key: string, now: number): void {
      const entry = live(key, now);
      if (entry) {
        entry.count += 1;
        return;
      }
      // A flood of distinct names must not grow memory without bound: forget the oldest.
      if (failures.size >= maxTracked) {
        const oldest = failures.keys().next().value;
        if (oldest !== undefined) failures.delete(oldest);
      }
      failures.set(key, { count: 1, since: now });
    },
    recordSuccess(key: string): void {
      failures.delete(key);
    },
  };
}

export type LoginThrottle = ReturnType<typeof loginThrottle>;
