import { describe, expect, it } from 'vitest';
import { resetKey } from './password-reset.js';
import { verifyWalkInToken, WALK_IN_TOKEN_SHAPE, walkInKey, walkInToken } from './walk-in-link.js';

describe('walk-in tickets link', () => {
  const key = walkInKey('a-long-test-secret-of-enough-strength-0123456789');

  it('names its booking and verifies', () => {
    const token = walkInToken(key, 'K7M4Q9TZ2H');
    expect(token).toMatch(WALK_IN_TOKEN_SHAPE);
    expect(token.startsWith('K7M4Q9TZ2H.')).toBe(true);
    expect(verifyWalkInToken(key, token)).toBe('K7M4Q9TZ2H');
  });

  it('refuses a token altered anywhere, for another booking, or made with another secret', () => {
    const token = walkInToken(key, 'K7M4Q9TZ2H');
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    expect(verifyWalkInToken(key, `${token.slice(0, -1)}${last}`)).toBeNull();
    expect(verifyWalkInToken(key, token.replace('K7M4Q9TZ2H', 'K7M4Q9TZ2J'))).toBeNull();
    expect(verifyWalkInToken(walkInKey('another-secret-entirely-0123456789abcdef'), token)).toBeNull();
    expect(verifyWalkInToken(key, 'K7M4Q9TZ2H')).toBeNull();
    expect(verifyWalkInToken(key, '')).toBeNull();
    expect(verifyWalkInToken(key, `${token}.x`)).toBeNull();
  });

  it('derives its key for this use only: not the password-reset key of the same secret', () => {
    expect(walkInKey('s').equals(walkInKey('s'))).toBe(true);
    expect(walkInKey('s').equals(walkInKey('t'))).toBe(false);
    expect(walkInKey('s').equals(resetKey('s'))).toBe(false);
  });
});
