import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  hashSetupCode,
  isLoopbackClient,
  makeSetupCode,
  normalizeSetupCode,
  SETUP_CODE_TTL_MS,
  setupCodeMatches,
  setupCodesValidSince,
} from './first-admin-setup.js';

describe('isLoopbackClient', () => {
  it.each([['127.0.0.1'], ['127.8.9.10'], ['::1'], ['::ffff:127.0.0.1'], ['::FFFF:127.0.0.2']])(
    'counts %s without proxy headers as this machine',
    (ip) => {
      expect(isLoopbackClient(ip, {})).toBe(true);
    },
  );

  it.each([['203.0.113.7'], ['10.0.0.1'], ['128.0.0.1'], ['::ffff:10.0.0.1'], ['::2'], ['127.0.0.1.example.com'], ['']])(
    'does not count %s',
    (ip) => {
      expect(isLoopbackClient(ip, {})).toBe(false);
    },
  );

  it('does not count a request with no address (its socket already closed), and does not throw', () => {
    expect(isLoopbackClient(undefined, {})).toBe(false);
  });

  it.each([
    ['x-forwarded-for', '127.0.0.1'],
    ['x-forwarded-for', ''],
    ['forwarded', 'for=127.0.0.1'],
    ['x-real-ip', '127.0.0.1'],
  ])('does not count loopback relaying for someone (%s: %j)', (name, value) => {
    expect(isLoopbackClient('127.0.0.1', { [name]: value })).toBe(false);
    expect(isLoopbackClient('::1', { [name]: value })).toBe(false);
  });
});

describe('set-up codes', () => {
  it('are 6 groups of 4 base32 characters (120 bits) from the bytes given', () => {
    expect(makeSetupCode(() => new Uint8Array(15))).toBe('AAAA-AAAA-AAAA-AAAA-AAAA-AAAA');
    expect(makeSetupCode(() => new Uint8Array(15).fill(255))).toBe('7777-7777-7777-7777-7777-7777');
    const codes = new Set(Array.from({ length: 200 }, () => makeSetupCode((n) => randomBytes(n))));
    expect(codes.size).toBe(200);
    for (const code of codes) expect(code).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){5}$/);
  });

  it('match only a stored code, typed in any case, with or without dashes', () => {
    const code = makeSetupCode((n) => randomBytes(n));
    const other = makeSetupCode((n) => randomBytes(n));
    const stored = [hashSetupCode(other), hashSetupCode(code)];
    expect(setupCodeMatches(code, stored)).toBe(true);
    expect(setupCodeMatches(code.toLowerCase(), stored)).toBe(true);
    expect(setupCodeMatches(` ${normalizeSetupCode(code)} `, stored)).toBe(true);
    expect(setupCodeMatches(`${code.slice(0, -1)}${code.endsWith('A') ? 'B' : 'A'}`, stored)).toBe(false);
    expect(setupCodeMatches(code, [hashSetupCode(other)])).toBe(false);
    expect(setupCodeMatches(code, [])).toBe(false);
    expect(setupCodeMatches(code, ['not-a-hash'])).toBe(false);
  });

  it('never match an empty code, even against the hash of an empty one', () => {
    expect(setupCodeMatches('', [hashSetupCode('')])).toBe(false);
    expect(setupCodeMatches(' - ', [hashSetupCode('')])).toBe(false);
  });

  it('are stored as a hash that does not contain the code', () => {
    const code = makeSetupCode((n) => randomBytes(n));
    expect(hashSetupCode(code)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSetupCode(code)).not.toContain(normalizeSetupCode(code).toLowerCase());
  });
});

describe('setupCodesValidSince', () => {
  it('keeps a code for 24 hours after the start that printed it, and not a moment longer', () => {
    const printedAt = 1_800_000_000_000;
    const alive = (now: number) => printedAt >= setupCodesValidSince(now);
    expect(SETUP_CODE_TTL_MS).toBe(24 * 3_600_000);
    expect(alive(printedAt)).toBe(true);
    expect(alive(printedAt + SETUP_CODE_TTL_MS)).toBe(true);
    expect(alive(printedAt + SETUP_CODE_TTL_MS + 1)).toBe(false);
  });
});
