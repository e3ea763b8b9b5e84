import type { RefundState } from './box-office.js';

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
  refunds: { amount: number; state: RefundState }[];
  emails: { delivered: boolean; attempts: number }[];
};

export type CancellationProgress = {
  bookings_cancelled: number;
  refunds: {
    count: number;
    settled: number;
    /** On their way to the payment provider. */
    pending: number;
    /** Cash sales at the counter: owed until a clerk pays them out from a shift's drawer. */
    awaiting_counter: number;
    amount: number;
    amount_settled: number;
    amount_awaiting_counter: number;
  };
  emails: { count: number; sent: number; pending: number; failing: number };
  /** Every refund paid (at the provider or the counter) and every email sent. */
  complete: boolean;
};

export function cancellationProgress(rows: CancellationRows): CancellationProgress {
  const settled = rows.refunds.filter((r) => r.state === 'settled');
  const atCounter = rows.refunds.filter((r) => r.state === 'due_at_counter');
  const sent = rows.emails.filter((e) => e.delivered).length;
  const total = (list: { amount: number }[]) => list.reduce((sum, r) => sum + r.amount, 0);
  const refunds = {
    count: rows.refunds.length,
    settled: settled.length,
    pending: rows.refunds.length - settled.length - atCounter.length,
    awaiting_counter: atCounter.length,
    amount: total(rows.refunds),
    amount_settled: total(settled),
    amount_awaiting_counter: total(atCounter),
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
    complete: refunds.pending === 0 && refunds.awaiting_counter === 0 && emails.pending === 0,
  };
}
