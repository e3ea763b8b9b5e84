/**
 * The outbox's delivery rules: how long a worker keeps a claimed effect, and when a failed one is
 * tried again. Pure; the store and the worker apply them.
 */

/** A claimed effect not marked delivered by then is free for any worker again (its worker died). */
export const OUTBOX_LEASE_MS = 5 * 60_000;
/** One handler call may take this long before it counts as failed (a silent mail server, provider). */
export const OUTBOX_HANDLER_TIMEOUT_MS = 2 * 60_000;
/**
 * A pass starts no new handler after this long; with the handler timeout it ends well inside the
 * lease, so no other worker takes a row this one is still delivering.
 */
export const OUTBOX_PASS_BUDGET_MS = 2 * 60_000;
/** Effects taken per claim. */
export const OUTBOX_BATCH = 100;
/** How often an idle worker looks for effects written by other instances or left by a crash. */
export const OUTBOX_POLL_MS = 1_000;
/** Delivered rows are kept this long (for the admin's view), then purged. */
export const OUTBOX_KEEP_DELIVERED_MS = 24 * 60 * 60 * 1000;
/** A failed effect waits 2^attempts seconds, capped here: retried for ever, at most hourly. */
export const OUTBOX_MAX_BACKOFF_MS = 60 * 60 * 1000;
/** The longest error text kept on a row. */
export const OUTBOX_ERROR_CHARS = 500;

/** When to try again after the `attempts`-th failure (1-based): 2 s, 4 s, 8 s … capped at an hour. */
export function nextAttemptAt(now: number, attempts: number): number {
  const exponent = Math.min(Math.max(attempts, 1), 30);
  return now + Math.min(2 ** exponent * 1000, OUTBOX_MAX_BACKOFF_MS);
}

/** An error as a short line for the row (and the admin's screen). */
export function describeFailure(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.length > OUTBOX_ERROR_CHARS ? `${text.slice(0, OUTBOX_ERROR_CHARS - 1)}…` : text;
}

/** Topics: the effects of one booking (or one user) are delivered one after another, in order. */
export const topics = {
  booking: (bookingId: number) => `booking:${bookingId}`,
  user: (userId: number) => `user:${userId}`,
  showtime: (eventId: number) => `event:${eventId}`,
};
