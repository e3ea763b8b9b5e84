import { describe, expect, it } from 'vitest';
import { hashResetToken, RESET_TOKEN_SHAPE, RESET_TOKEN_TTL_MS, resetKey, resetToken, resetVerdict } from './password-reset.js';

const key = resetKey('test-secret-key-that-is-long-enough-0123456789');
const salt = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

describe('reset tokens', () => {
  it('are derived again from the reset id and salt with the secret, and differ for anything else', () => {
    const token = resetToken(key, 7, salt);
    expect(token).toMatch(RESET_TOKEN_SHAPE);
    expect(resetToken(key, 7, salt)).toBe(token);
    expect(resetToken(key, 8, salt)).not.toBe(token);
    expect(resetToken(key, 7, `${salt.slice(1)}0`)).not.toBe(token);
    expect(resetToken(resetKey('another-secret-key-that-is-long-enough-987654'), 7, salt)).not.toBe(token);
    // The key is for resets only: not the secret itself, nor what signs access tokens.
    expect(key.toString('hex')).not.toContain(Buffer.from('test-secret').toString('hex'));
  });

  it('are stored as a hash that does not reveal them', () => {
    const token = resetToken(key, 7, salt);
    expect(hashResetToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashResetToken(token)).not.toContain(token);
  });
});

describe('resetVerdict', () => {
  const token = resetToken(key, 7, salt);
  const row = { token_hash: hashResetToken(token), expires_at: 1_000 + RESET_TOKEN_TTL_MS, used_at: null };

  it('accepts the right token within 30 minutes, once', () => {
    expect(RESET_TOKEN_TTL_MS).toBe(30 * 60_000);
    expect(resetVerdict(row, token, 1_000)).toEqual({ ok: true });
    expect(resetVerdict(row, token, row.expires_at - 1)).toEqual({ ok: true });
    expect(resetVerdict({ ...row, used_at: 2_000 }, token, 2_500)).toEqual({ ok: false, code: 'RESET_TOKEN_USED' });
  });

  it('refuses an expired token, an unknown one and a row not finished', () => {
    expect(resetVerdict(row, token, row.expires_at)).toEqual({ ok: false, code: 'RESET_TOKEN_EXPIRED' });
    expect(resetVerdict(undefined, token, 1_000)).toEqual({ ok: false, code: 'RESET_TOKEN_INVALID' });
    expect(resetVerdict(row, resetToken(key, 8, salt), 1_000)).toEqual({ ok: false, code: 'RESET_TOKEN_INVALID' });
    expect(resetVerdict({ ...row, token_hash: null }, token, 1_000)).toEqual({ ok: false, code: 'RESET_TOKEN_INVALID' });
  });
});
