import { describe, expect, it } from 'vitest';
import { CANCEL_NOTE_MAX_LENGTH, cancellationProgress, decideShowCancellation } from './show-cancellation.js';

const NOW = Date.UTC(2026, 11, 5, 18, 0);
const HOUR = 3_600_000;
const show = (over: Partial<{ deletedAt: number | null; cancelledAt: number | null; endTime: number }> = {}) => ({
  deletedAt: null,
  cancelledAt: null,
  endTime: NOW + 3 * HOUR,
  ...over,
});

describe('deciding to cancel a showtime', () => {
  it('allows a showtime that has not ended, once; the note is trimmed and an empty one is none', () => {
    expect(decideShowCancellation(show(), { now: NOW, note: '  Projector failure.  ' })).toEqual({
      ok: true,
      note: 'Projector failure.',
    });
    expect(decideShowCancellation(show(), { now: NOW, note: '   ' })).toEqual({ ok: true, note: null });
    expect(decideShowCancellation(show(), { now: NOW })).toEqual({ ok: true, note: null });
    // Started but still running: refunds everyone all the same.
    expect(decideShowCancellation(show({ endTime: NOW + 1 }), { now: NOW }).ok).toBe(true);
  });

  it('refuses a missing or deleted showtime, a second cancellation, an ended showtime and an over-long note', () => {
    expect(decideShowCancellation(undefined, { now: NOW })).toEqual({ ok: false, code: 'NOT_FOUND' });
    expect(decideShowCancellation(show({ deletedAt: NOW - 1 }), { now: NOW })).toEqual({ ok: false, code: 'NOT_FOUND' });
    expect(decideShowCancellation(show({ cancelledAt: NOW - 1 }), { now: NOW })).toEqual({
      ok: false,
      code: 'ALREADY_CANCELLED',
    });
    expect(decideShowCancellation(show({ endTime: NOW }), { now: NOW })).toEqual({ ok: false, code: 'SHOWTIME_ENDED' });
    const long = 'x'.repeat(CANCEL_NOTE_MAX_LENGTH + 1);
    expect(decideShowCancellation(show(), { now: NOW, note: long })).toEqual({ ok: false, code: 'NOTE_TOO_LONG' });
    expect(decideShowCancellation(show(), { now: NOW, note: long.slice(1) }).ok).toBe(true);
  });
});

describe('cancellation progress', () => {
  it('counts refunds and emails settled and waiting; complete only when none waits', () => {
    const progress = cancellationProgress({
      bookings: [
        { status: 'cancelled', refundAmount: 2400 },
        { status: 'cancelled', refundAmount: 0 },
        { status: 'cancelled', refundAmount: 1200 },
      ],
      refunds: [
        { amount: 2400, state: 'settled' },
        { amount: 1200, state: 'at_provider' },
      ],
      emails: [
        { delivered: true, attempts: 1 },
        { delivered: false, attempts: 2 },
        { delivered: false, attempts: 0 },
      ],
    });
    expect(progress).toEqual({
      bookings_cancelled: 3,
      refunds: {
        count: 2,
        settled: 1,
        pending: 1,
        awaiting_counter: 0,
        amount: 3600,
        amount_settled: 2400,
        amount_awaiting_counter: 0,
      },
      emails: { count: 3, sent: 1, pending: 2, failing: 1 },
      complete: false,
    });
  });

  it('is complete when every refund settled and every email went out, and for a showtime nobody had booked', () => {
    expect(
      cancellationProgress({
        bookings: [{ status: 'cancelled', refundAmount: 900 }],
        refunds: [{ amount: 900, state: 'settled' }],
        emails: [{ delivered: true, attempts: 1 }],
      }).complete,
    ).toBe(true);
    expect(cancellationProgress({ bookings: [], refunds: [], emails: [] })).toMatchObject({
      bookings_cancelled: 0,
      complete: true,
    });
  });

  it('shows cash owed at the counter apart from settled money, and not complete until a clerk pays it out', () => {
    const rows = {
      bookings: [
        { status: 'cancelled', refundAmount: 1500 },
        { status: 'cancelled', refundAmount: 900 },
      ],
      emails: [
        { delivered: true, attempts: 1 },
        { delivered: true, attempts: 1 },
      ],
    };
    const owed = cancellationProgress({
      ...rows,
      refunds: [
        { amount: 1500, state: 'due_at_counter' },
        { amount: 900, state: 'settled' },
      ],
    });
    expect(owed.refunds).toEqual({
      count: 2,
      settled: 1,
      pending: 0,
      awaiting_counter: 1,
      amount: 2400,
      amount_settled: 900,
      amount_awaiting_counter: 1500,
    });
    expect(owed.complete).toBe(false);
    const paid = cancellationProgress({
      ...rows,
      refunds: [
        { amount: 1500, state: 'settled' },
        { amount: 900, state: 'settled' },
      ],
    });
    expect(paid.refunds.awaiting_counter).toBe(0);
    expect(paid.complete).toBe(true);
  });
});
