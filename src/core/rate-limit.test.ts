import { describe, expect, it } from 'vitest';
import { rateVerdict, retryAfterSeconds } from './rate-limit.js';

describe('rateVerdict', () => {
  const rule = { limit: 3, windowMs: 60_000 };

  it('allows up to the limit and refuses beyond it until the window restarts', () => {
    expect(rateVerdict(rule, 1, 60_000)).toEqual({ count: 1, allowed: true, resetsInMs: 60_000, retryAfterMs: 0 });
    expect(rateVerdict(rule, 3, 10_000)).toMatchObject({ allowed: true, retryAfterMs: 0 });
    expect(rateVerdict(rule, 4, 10_000)).toEqual({ count: 4, allowed: false, resetsInMs: 10_000, retryAfterMs: 10_000 });
  });

  it('never reports a negative count or a zero wait for a refusal', () => {
    expect(rateVerdict(rule, -2, 5_000)).toEqual({ count: 0, allowed: true, resetsInMs: 0, retryAfterMs: 0 });
    expect(rateVerdict(rule, 9, 0)).toMatchObject({ allowed: false, retryAfterMs: 1 });
  });
});

describe('retryAfterSeconds', () => {
  it('rounds up to whole seconds, at least 1 for a refusal and 0 when allowed', () => {
    const rule = { limit: 1, windowMs: 60_000 };
    expect(retryAfterSeconds(rateVerdict(rule, 2, 1_001))).toBe(2);
    expect(retryAfterSeconds(rateVerdict(rule, 2, 1))).toBe(1);
    expect(retryAfterSeconds(rateVerdict(rule, 1, 30_000))).toBe(0);
  });
});
