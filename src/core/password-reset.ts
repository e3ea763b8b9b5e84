import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { RateRule } from './rate-limit.js';

/**
 * Forgotten passwords. A reset is a row holding a random salt and the SHA-256 of its token; the
 * token itself is stored nowhere (not in the row, not in the outbox's email payload). It is
 * HMAC(reset key, reset id + salt), the reset key being derived from SECRET_KEY, so the email
 * handler can work the token out again from the reset id when it writes the link, and a copy of
 * the database alone can neither read nor forge one.
 */

/** A link works for 30 minutes, once. */
export const RESET_TOKEN_TTL_MS = 30 * 60_000;
export const RESET_SALT_BYTES = 16;

/** Requests for one address (known or not, so the answer never tells): 3 per 15 minutes. */
export const RESET_REQUESTS_PER_ACCOUNT: RateRule = { limit: 3, windowMs: 15 * 60_000 };
export const resetRequestsKey = (normalizedEmail: string) => `password-reset-requests:${normalizedEmail}`;

/** The key every reset token is made with, derived from the service's secret for this use only. */
export function resetKey(secretKey: string): Buffer {
  return createHmac('sha256', secretKey).update('bookmemovie password reset token v1').digest();
}

/** The token of reset `id` with `salt` (hex): 256 bits, URL-safe. */
export function resetToken(key: Buffer, id: number, salt: string): string {
  return createHmac('sha256', key).update(`${id}.${salt}`).digest('base64url');
}

export const hashResetToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** The shape of a token this service issues; anything else is refused before the database is asked. */
export const RESET_TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export type ResetRow = { token_hash: string | null; expires_at: number; used_at: number | null };

export type ResetVerdict = { ok: true } | { ok: false; code: 'RESET_TOKEN_INVALID' | 'RESET_TOKEN_USED' | 'RESET_TOKEN_EXPIRED' };

/** Whether `token` may set a password now: unknown, already used and expired tokens are refused, each with its own code. */
export function resetVerdict(row: ResetRow | undefined, token: string, now: number): ResetVerdict {
  if (!row?.token_hash) return { ok: false, code: 'RESET_TOKEN_INVALID' };
  const expected = Buffer.from(row.token_hash, 'hex');
  const actual = Buffer.from(hashResetToken(token), 'hex');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return { ok: false, code: 'RESET_TOKEN_INVALID' };
  if (row.used_at !== null) return { ok: false, code: 'RESET_TOKEN_USED' };
  if (now >= row.expires_at) return { ok: false, code: 'RESET_TOKEN_EXPIRED' };
  return { ok: true };
}

export const RESET_REFUSALS: Record<Exclude<ResetVerdict, { ok: true }>['code'], string> = {
  RESET_TOKEN_INVALID: 'This password reset link is not valid: ask for a new one',
  RESET_TOKEN_USED: 'This password reset link has already been used: ask for a new one if you need to',
  RESET_TOKEN_EXPIRED: 'This password reset link has expired (links work for 30 minutes): ask for a new one',
};
