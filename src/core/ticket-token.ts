/**
 * The ticket token: what a ticket's QR code says, signed with Ed25519 so that a door device holding
 * only the public key (GET /api/tickets/keys) can tell a real ticket from a forged one, offline.
 * Pure: signing and verifying are passed in (node:crypto on the server, a JavaScript Ed25519 in a
 * browser), so the same parser runs on both. README "Ticket QR codes" documents the format for
 * other scanners.
 *
 * Binary layout (big-endian), version 1:
 *
 *   offset  size  field
 *   0       1     version (1)
 *   1       4     kid: the signing key's id (the JWKS `kid` is these 4 bytes in lower-case hex)
 *   5       4     ticket id (unsigned)
 *   9       4     showtime (event) id (unsigned)
 *   13      4     valid from: seconds since 1970-01-01T00:00:00Z (unsigned)
 *   17      2     valid for: minutes after `valid from` (unsigned)
 *   19      1     n: length of the seat label in bytes (1..32)
 *   20      n     seat label, UTF-8 (e.g. "C7")
 *   20+n    64    Ed25519 signature over bytes 0 .. 20+n-1
 *
 * The text in the QR code is those bytes in base32 (RFC 4648 alphabet A-Z 2-7, upper case, no
 * padding; unused trailing bits zero). Upper-case letters and digits let the QR code use its
 * alphanumeric mode (5.5 bits a character instead of 8): a seat like "C7" makes 86 bytes, 138
 * characters, a version 6 QR code (41 x 41 modules) at error correction level M.
 */

export const TICKET_TOKEN_VERSION = 1;
/** Doors open this long before the showtime starts; tickets are valid until it ends. */
export const DOORS_OPEN_BEFORE_MS = 60 * 60_000;
export const MAX_SEAT_LABEL_BYTES = 32;
const HEADER_BYTES = 20;
export const SIGNATURE_BYTES = 64;
const UINT32 = 2 ** 32;

export type TicketClaims = {
  kid: string;
  ticketId: number;
  eventId: number;
  seat: string;
  /** Epoch ms: doors open (whole seconds). */
  validFrom: number;
  /** Epoch ms: the showtime's end (rounded up to the minute after `validFrom`). */
  validUntil: number;
};

/** When a ticket for a showtime may be used: from an hour before it starts until it ends. */
export function doorWindow(showtime: { start: number; end: number }): { validFrom: number; validUntil: number } {
  return { validFrom: showtime.start - DOORS_OPEN_BEFORE_MS, validUntil: showtime.end };
}

export const isWithinWindow = (window: { validFrom: number; validUntil: number }, at: number): boolean =>
  at >= window.validFrom && at < window.validUntil;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}

/** Strict: upper case only, and the unused trailing bits must be zero (one text per token). */
export function base32Decode(text: string): Uint8Array | null {
  const out = new Uint8Array(Math.floor((text.length * 5) / 8));
  let buffer = 0;
  let bits = 0;
  let index = 0;
  for (const char of text) {
    const value = BASE32.indexOf(char);
    if (value < 0) return null;
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out[index++] = (buffer >> (bits - 8)) & 0xff;
      bits -= 8;
    }
  }
  if (bits >= 5 || (buffer & ((1 << bits) - 1)) !== 0) return null;
  return out;
}

const KID = /^[0-9a-f]{8}$/;

/** The part the signature covers. Throws for values the format cannot carry (a programming error). */
export function signedBytes(claims: TicketClaims): Uint8Array {
  const label = new TextEncoder().encode(claims.seat);
  if (!KID.test(claims.kid)) throw new RangeError(`kid must be 8 lower-case hex digits, got ${claims.kid}`);
  if (label.length < 1 || label.length > MAX_SEAT_LABEL_BYTES) throw new RangeError('seat label must be 1 to 32 bytes');
  const from = Math.floor(claims.validFrom / 1000);
  const minutes = Math.ceil((claims.validUntil - from * 1000) / 60_000);
  for (const [name, value, max] of [
    ['ticket id', claims.ticketId, UINT32],
    ['event id', claims.eventId, UINT32],
    ['valid from', from, UINT32],
    ['valid minutes', minutes, 2 ** 16],
  ] as const) {
    if (!Number.isInteger(value) || value < 0 || value >= max) throw new RangeError(`${name} out of range: ${value}`);
  }
  const bytes = new Uint8Array(HEADER_BYTES + label.length);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, TICKET_TOKEN_VERSION);
  for (let i = 0; i < 4; i++) view.setUint8(1 + i, Number.parseInt(claims.kid.slice(i * 2, i * 2 + 2), 16));
  view.setUint32(5, claims.ticketId);
  view.setUint32(9, claims.eventId);
  view.setUint32(13, from);
  view.setUint16(17, minutes);
  view.setUint8(19, label.length);
  bytes.set(label, HEADER_BYTES);
  return bytes;
}

/** The QR code's text for a ticket; `sign` makes the 64-byte Ed25519 signature of the key named by `claims.kid`. */
export function encodeTicketToken(claims: TicketClaims, sign: (message: Uint8Array) => Uint8Array): string {
  const message = signedBytes(claims);
  const signature = sign(message);
  if (signature.length !== SIGNATURE_BYTES) throw new RangeError('an Ed25519 signature is 64 bytes');
  const all = new Uint8Array(message.length + SIGNATURE_BYTES);
  all.set(message);
  all.set(signature, message.length);
  return base32Encode(all);
}

export type ParsedToken = { claims: TicketClaims; message: Uint8Array; signature: Uint8Array };

/** Reads a token's fields without checking its signature (null when it is not a version 1 token). */
export function parseTicketToken(text: string): ParsedToken | null {
  if (text.length < 10 || text.length > 200) return null;
  const bytes = base32Decode(text);
  if (!bytes || bytes.length < HEADER_BYTES + 1 + SIGNATURE_BYTES) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint8(0) !== TICKET_TOKEN_VERSION) return null;
  const labelLength = view.getUint8(19);
  if (labelLength < 1 || labelLength > MAX_SEAT_LABEL_BYTES) return null;
  if (bytes.length !== HEADER_BYTES + labelLength + SIGNATURE_BYTES) return null;
  let seat: string;
  try {
    seat = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(HEADER_BYTES, HEADER_BYTES + labelLength));
  } catch {
    return null;
  }
  const kid = Array.from(bytes.subarray(1, 5), (b) => b.toString(16).padStart(2, '0')).join('');
  const validFrom = view.getUint32(13) * 1000;
  return {
    claims: {
      kid,
      ticketId: view.getUint32(5),
      eventId: view.getUint32(9),
      seat,
      validFrom,
      validUntil: validFrom + view.getUint16(17) * 60_000,
    },
    message: bytes.slice(0, HEADER_BYTES + labelLength),
    signature: bytes.slice(HEADER_BYTES + labelLength),
  };
}

export type TokenVerdict =
  | { ok: true; claims: TicketClaims }
  | { ok: false; reason: 'MALFORMED' | 'UNKNOWN_KEY' | 'BAD_SIGNATURE' };

/**
 * Checks a token: well formed, signed by a key we publish, and that key's signature holds.
 * `verifierFor(kid)` returns the key's check, or undefined for a key we do not know.
 */
export function verifyTicketToken(
  text: string,
  verifierFor: (kid: string) => ((message: Uint8Array, signature: Uint8Array) => boolean) | undefined,
): TokenVerdict {
  const parsed = parseTicketToken(text.trim());
  if (!parsed) return { ok: false, reason: 'MALFORMED' };
  const verify = verifierFor(parsed.claims.kid);
  if (!verify) return { ok: false, reason: 'UNKNOWN_KEY' };
  let valid = false;
  try {
    valid = verify(parsed.message, parsed.signature);
  } catch {
    valid = false;
  }
  return valid ? { ok: true, claims: parsed.claims } : { ok: false, reason: 'BAD_SIGNATURE' };
}

/**
 * The same check where the signature is verified asynchronously (a browser's Ed25519 hashes with
 * WebCrypto, which only answers with a promise). Same verdicts as verifyTicketToken.
 */
export async function verifyTicketTokenAsync(
  text: string,
  verifierFor: (kid: string) => ((message: Uint8Array, signature: Uint8Array) => Promise<boolean>) | undefined,
): Promise<TokenVerdict> {
  const parsed = parseTicketToken(text.trim());
  if (!parsed) return { ok: false, reason: 'MALFORMED' };
  const verify = verifierFor(parsed.claims.kid);
  if (!verify) return { ok: false, reason: 'UNKNOWN_KEY' };
  let valid = false;
  try {
    valid = await verify(parsed.message, parsed.signature);
  } catch {
    valid = false;
  }
  return valid ? { ok: true, claims: parsed.claims } : { ok: false, reason: 'BAD_SIGNATURE' };
}
