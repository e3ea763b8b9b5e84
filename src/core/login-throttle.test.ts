import { describe, expect, it } from 'vitest';
import { loginThrottle } from './login-throttle.js';

describe('loginThrottle', () => {
  const MIN = 60_000;

  it('refuses an account after too many failures until the window ends', () => {
    const throttle = loginThrottle({ maxFailures: 3, windowMs: 15 * MIN });
    for (let i = 0; i < 3; i++) {
      expect(throttle.retryAfterSeconds('a', 0)).toBe(0);
      throttle.recordFailure('a', i * 1000);
    }
    expect(throttle.retryAfterSeconds('a', 3000)).toBe(15 * 60 - 3); // the window runs from the first failure
    expect(throttle.retryAfterSeconds('a', 14 * MIN)).toBe(60);
    expect(throttle.retryAfterSeconds('a', 15 * MIN)).toBe(0);
  });

  it('counts each account on its own and forgets failures after a success', () => {
    const throttle = loginThrottle({ maxFailures: 2, windowMs: MIN });
    throttle.recordFailure('a', 0);
    throttle.recordFailure('a', 1);
    expect(throttle.retryAfterSeconds('a', 2)).toBeGreaterThan(0);
    expect(throttle.retryAfterSeconds('b', 2)).toBe(0);
    throttle.recordFailure('c', 0);
    throttle.recordSuccess('c');
    throttle.recordFailure('c', 1);
    expect(throttle.retryAfterSeconds('c', 2)).toBe(0);
  });

  it('keeps its memory bounded', () => {
    const throttle = loginThrottle({ maxFailures: 1, windowMs: MIN, maxTracked: 10 });
    for (let i = 0; i < 100; i++) throttle.recordFailure(`user${i}`, 0);
    expect(throttle.retryAfterSeconds('user0', 1)).toBe(0);
    expect(throttle.retryAfterSeconds('user99', 1)).toBeGreaterThan(0);
  });
});
