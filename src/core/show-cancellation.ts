/**
 * A cinema cancelling a showtime: whether it may, and how far the refunds and emails it set off
 * have got. Each booking is cancelled by the booking lifecycle (`show_cancelled`); this module
 * decides about the showtime as a whole.
 */

/** The reason an admin gives, shown to customers in the email: at most this many characters. */
export const CANCEL_NOTE_MAX_LENGTH = 500;

export type ShowFacts = {
  deletedAt: number | null;
  cancelledAt: number | null;
  endTime: number;
};

export type ShowCancellationDecision =
  | { ok: true; note: string | null }
  | { ok: false; code: 'NOT_FOUND' | 'ALREADY_CANCELLED' | 'SHOWTIME_ENDED' | 'NOTE_TOO_LONG' };

/**
 * A showtime may be cancelled until it has ended (a projector that fails mid-film still refunds
 * everyone), once. The note is trimmed; an empty one is no note.
 */
export function decideShowCancellation(
  show: ShowFacts | undefined,
  input: { now: number; note?: string | null },
): ShowCancellationDecision {
  if (!show || show.deletedAt !== null) return { ok: false, code: 'NOT_FOUND' };
  if (show.cancelledAt !== null) return { ok: false, code: 'ALREADY_CANCELLED' };
  if (show.endTime <= input.now) return { ok: false, code: 'SHOWTIME_ENDED' };
  const note = input.note?.trim() ?? '';
  if (note.length > CANCEL_NOTE_MAX_LENGTH) return { ok: false, code: 'NOTE_TOO_LONG' };
  return { ok: true, note: note === '' ? null : note };
}

/** What a cancelled showtime's bookings hold now, as the progress screen reads it. */
export type CancellationRows = {
  bookings: { status: string; refundAmount: number }[];
  refunds: { amount: number; status: 'pending' | 'succeeded' }[];
  emails: { delivered: boolean; attempts: number }[];
};

export type CancellationProgress = {
  bookings_cancelled: number;
  refunds: { count: number; settled: number; pending: number; amount: number; amount_settled: number };
  emails: { count: number; sent: number; pending: number; failing: number };
  /** Every refund settled at the provider and every email sent. */
  complete: boolean;
};

export function cancellationProgress(rows: CancellationRows): CancellationProgress {
  const settled = rows.refunds.filter((r) => r.status === 'succeeded');
  const sent = rows.emails.filter((e) => e.delivered).length;
  const refunds = {
    count: rows.refunds.length,
    settled: settled.length,
    pending: rows.refunds.length - settled.length,
    amount: rows.refunds.reduce((sum, r) => sum + r.amount, 0),
    amount_settled: settled.reduce((sum, r) => sum + r.amount, 0),
  };
  const emails = {
    count: rows.emails.length,
    sent,
    pending: rows.emails.length - sent,
    // Tried at least once and not through yet: the mail server or the provider needs a look.
    failing: rows.emails.filter((e) => !e.delivered && e.attempts > 0).length,
  };
  return {
    bookings_cancelled: rows.bookings.filter((b) => b.status === 'cancelled').length,
    refunds,
    emails,
    complete: refunds.pending === 0 && emails.pending === 0,
  };
}
