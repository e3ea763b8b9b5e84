import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MIN_SECRET_BITS, secretStrength } from './secret-strength.js';

// A few entries of the shipped list stand in for it (core does no I/O).
const COMMON = new Set(['password', 'secret', 'qwerty', 'dragon', 'letmein', '123456', '1234']);
const isCommon = (lowercased: string) => COMMON.has(lowercased);
const strength = (key: string) => secretStrength(key, isCommon);

describe('secretStrength', () => {
  it.each([
    ['one character repeated', 'a'.repeat(64)],
    ['a common password padded with one character', 'password'.padEnd(40, '1')],
    ['a short pattern repeated', 'abc'.repeat(22)],
    ['a longer unit repeated', 'Xk9#mQ2!'.repeat(8)],
    ['common passwords in mixed case, run together', 'PassWord-Secret-QWERTY-dragon-LetMeIn-123456'],
    ['an alphabet and the digits', 'abcdefghijklmnopqrstuvwxyz0123456789'],
    ['16 hex characters (64 bits) doubled', '0f3a9c1e7b2d4856'.repeat(2)],
  ])('refuses %s', (_name, key) => {
    const result = strength(key);
    expect(result.weak).toBe(true);
    expect(result.bits).toBeLessThan(MIN_SECRET_BITS);
  });

  it('accepts keys made of random bytes: 48 as base64url, 32 as hex, 16 as hex', () => {
    for (let i = 0; i < 50; i++) {
      const base64url = strength(randomBytes(48).toString('base64url'));
      const hex = strength(randomBytes(32).toString('hex'));
      expect(base64url.weak, `base64url ${base64url.bits} bits`).toBe(false);
      expect(hex.weak, `hex ${hex.bits} bits`).toBe(false);
      expect(base64url.bits).toBeGreaterThan(300);
      expect(hex.bits).toBeGreaterThan(200);
    }
    // 16 random bytes carry exactly 128 bits; most such keys pass (one with a run or a word costs a little).
    const passed = Array.from({ length: 200 }, () => strength(randomBytes(16).toString('hex'))).filter((r) => !r.weak);
    expect(passed.length).toBeGreaterThan(100);
  });

  it('charges a common word by the size of the list, not by its length', () => {
    expect(strength('password').bits).toBe(13);
    expect(strength('PASSWORD').bits).toBe(13);
    // Unknown to the list: eight lower-case letters at log2(26) each.
    expect(strength('zqxjvkwp').bits).toBe(38);
  });

  it('counts a run of repeated or consecutive characters as one character', () => {
    expect(strength('zzzzzzzz').bits).toBe(5);
    expect(strength('zyxwv').bits).toBe(5);
  });
});
