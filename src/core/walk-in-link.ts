import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The link in a box-office sale's email. The walk-in customer has no account (the booking is the
 * clerk's), so the booking page would ask them to sign in; instead the email links to the
 * booking's printable tickets (PDF, one QR code per seat) by a link that is its own permission:
 * the booking reference and HMAC-SHA256(walk-in key, reference), the key derived from SECRET_KEY
 * for this use only. It grants that one booking's tickets PDF and nothing else; it cannot be
 * guessed or altered without the secret, and it stays valid for as long as the booking exists
 * (rotating SECRET_KEY voids every such link). Nothing is stored: the server works it out again.
 */

/** The key walk-in links are made with, derived from the service's secret. */
export function walkInKey(secretKey: string): Buffer {
  return createHmac('sha256', secretKey).update('bookmemovie walk-in tickets link v1').digest();
}

const mac = (key: Buffer, reference: string) => createHmac('sha256', key).update(reference).digest('base64url');

/** `REFERENCE.mac`: URL-safe (a reference is upper-case letters and digits, the mac base64url). */
export function walkInToken(key: Buffer, reference: string): string {
  return `${reference}.${mac(key, reference)}`;
}

/** The shape of a token this service issues; anything else is refused before any work. */
export const WALK_IN_TOKEN_SHAPE = /^[A-Z0-9]{1,64}\.[A-Za-z0-9_-]{43}$/;

/** The booking reference a genuine token names, or null (wrong shape, or altered). */
export function verifyWalkInToken(key: Buffer, token: string): string | null {
  if (!WALK_IN_TOKEN_SHAPE.test(token)) return null;
  const [reference, given] = token.split('.') as [string, string];
  const expected = Buffer.from(mac(key, reference));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected) ? reference : null;
}
