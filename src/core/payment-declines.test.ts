import { describe, expect, it } from 'vitest';
import { decideAfterDecline, decidePaymentAttempt } from './payment-declines.js';

describe('decideAfterDecline', () => {
  it('keeps the hold for the first four declines and cancels the booking at the fifth', () => {
    expect(decideAfterDecline(1)).toEqual({ cancel: false, attempt: 1, attemptsLeft: 4 });
    expect(decideAfterDecline(4)).toEqual({ cancel: false, attempt: 4, attemptsLeft: 1 });
    expect(decideAfterDecline(5)).toEqual({ cancel: true, attempt: 5, reason: 'too_many_declines' });
    expect(decideAfterDecline(6)).toEqual({ cancel: true, attempt: 6, reason: 'too_many_declines' });
    expect(decideAfterDecline(2, 2)).toMatchObject({ cancel: true });
  });
});

describe('decidePaymentAttempt', () => {
  const now = 50_000_000;
  const minutesAgo = (m: number) => now - m * 60_000;

  it('allows ten declines an hour per customer, then says when the oldest leaves the hour', () => {
    const nine = Array.from({ length: 9 }, (_, i) => minutesAgo(i + 1));
    expect(decidePaymentAttempt({ recentDeclines: nine, inFlight: 0, now })).toEqual({ ok: true });
    const ten = [...nine, minutesAgo(40)];
    expect(decidePaymentAttempt({ recentDeclines: ten, inFlight: 0, now })).toEqual({ ok: false, retryAfterSeconds: 20 * 60 });
    expect(decidePaymentAttempt({ recentDeclines: [...ten, minutesAgo(50)], inFlight: 0, now })).toEqual({
      ok: false,
      retryAfterSeconds: 20 * 60,
    });
  });

  it('counts attempts still at the processor, so concurrent ones cannot pass the limit together', () => {
    const nine = Array.from({ length: 9 }, (_, i) => minutesAgo(i + 1));
    expect(decidePaymentAttempt({ recentDeclines: nine, inFlight: 1, now })).toEqual({ ok: false, retryAfterSeconds: 1 });
    expect(decidePaymentAttempt({ recentDeclines: [], inFlight: 9, now })).toEqual({ ok: true });
  });

  it('forgets declines older than an hour', () => {
    const old = Array.from({ length: 20 }, (_, i) => minutesAgo(60 + i));
    expect(decidePaymentAttempt({ recentDeclines: old, inFlight: 0, now })).toEqual({ ok: true });
  });
});
