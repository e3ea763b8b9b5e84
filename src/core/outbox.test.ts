import { describe, expect, it } from 'vitest';
import {
  describeFailure,
  nextAttemptAt,
  OUTBOX_ERROR_CHARS,
  OUTBOX_HANDLER_TIMEOUT_MS,
  OUTBOX_LEASE_MS,
  OUTBOX_MAX_BACKOFF_MS,
  OUTBOX_PASS_BUDGET_MS,
  topics,
} from './outbox.js';

describe('outbox retry backoff', () => {
  it('doubles from two seconds', () => {
    expect(nextAttemptAt(1000, 1)).toBe(3000);
    expect(nextAttemptAt(1000, 2)).toBe(5000);
    expect(nextAttemptAt(1000, 5)).toBe(33_000);
  });

  it('is capped at an hour however often it failed', () => {
    expect(nextAttemptAt(0, 12)).toBe(OUTBOX_MAX_BACKOFF_MS);
    expect(nextAttemptAt(0, 10_000)).toBe(OUTBOX_MAX_BACKOFF_MS);
  });

  it('treats a zero or negative count as the first failure', () => {
    expect(nextAttemptAt(0, 0)).toBe(2000);
    expect(nextAttemptAt(0, -3)).toBe(2000);
  });
});

describe('outbox failure text', () => {
  it('names the error and keeps it short', () => {
    expect(describeFailure(new TypeError('no route'))).toBe('TypeError: no route');
    expect(describeFailure('plain')).toBe('plain');
    const long = describeFailure(new Error('x'.repeat(2000)));
    expect(long.length).toBe(OUTBOX_ERROR_CHARS);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('outbox lease', () => {
  it('outlasts the longest pass: its budget plus one handler at its timeout', () => {
    expect(OUTBOX_PASS_BUDGET_MS + OUTBOX_HANDLER_TIMEOUT_MS).toBeLessThan(OUTBOX_LEASE_MS);
  });
});

describe('outbox topics', () => {
  it('keeps bookings, users and showtimes apart', () => {
    expect(new Set([topics.booking(1), topics.user(1), topics.showtime(1)]).size).toBe(3);
  });
});
