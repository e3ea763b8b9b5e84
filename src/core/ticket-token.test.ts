import { generateKeyPairSync, sign, verify } from 'node:crypto';
import * as ed from '@noble/ed25519';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import {
  base32Decode,
  base32Encode,
  DOORS_OPEN_BEFORE_MS,
  doorWindow,
  encodeTicketToken,
  isWithinWindow,
  parseTicketToken,
  type TicketClaims,
  verifyTicketToken,
  verifyTicketTokenAsync,
} from './ticket-token.js';

const MIN = 60_000;
const START = Date.UTC(2100, 0, 1, 19, 30);
const END = START + 115 * MIN;

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    sign: (message: Uint8Array) => new Uint8Array(sign(null, message, privateKey)),
    verify: (message: Uint8Array, signature: Uint8Array) => verify(null, message, publicKey, signature),
  };
}

const key = keyPair();
const other = keyPair();
const claims: TicketClaims = {
  kid: 'a1b2c3d4',
  ticketId: 4711,
  eventId: 42,
  seat: 'C7',
  ...doorWindow({ start: START, end: END }),
};
const keys = (kid: string) => (kid === 'a1b2c3d4' ? key.verify : undefined);

describe('ticket token', () => {
  it('round-trips: what is signed is what a scanner reads back, with the door window', () => {
    const token = encodeTicketToken(claims, key.sign);
    expect(token).toMatch(/^[A-Z2-7]+$/);
    const verdict = verifyTicketToken(token, keys);
    expect(verdict).toEqual({ ok: true, claims });
    expect(claims.validFrom).toBe(START - DOORS_OPEN_BEFORE_MS);
    expect(claims.validUntil).toBe(END);
  });

  it('rounds the window outward to whole seconds and minutes, never shorter than the showtime', () => {
    const odd = { ...claims, validFrom: START - DOORS_OPEN_BEFORE_MS + 1234, validUntil: END + 17_500 };
    const read = parseTicketToken(encodeTicketToken(odd, key.sign))?.claims;
    expect(read?.validFrom).toBe(START - DOORS_OPEN_BEFORE_MS + 1000);
    expect(read?.validUntil).toBeGreaterThanOrEqual(odd.validUntil);
    expect(read?.validUntil).toBeLessThan(odd.validUntil + MIN);
  });

  it('is signed: changing any single character of the token makes it fail', () => {
    const token = encodeTicketToken(claims, key.sign);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    for (let i = 0; i < token.length; i++) {
      const current = token[i] as string;
      const replacement = alphabet[(alphabet.indexOf(current) + 1 + (i % 31)) % 32] as string;
      const tampered = token.slice(0, i) + replacement + token.slice(i + 1);
      expect(verifyTicketToken(tampered, keys).ok, `position ${i}`).toBe(false);
    }
  });

  it('is signed: flipping any bit of any byte makes it fail', () => {
    const bytes = base32Decode(encodeTicketToken(claims, key.sign)) as Uint8Array;
    for (let i = 0; i < bytes.length; i++) {
      for (const bit of [0, 3, 7]) {
        const copy = bytes.slice();
        copy[i] = (copy[i] as number) ^ (1 << bit);
        expect(verifyTicketToken(base32Encode(copy), keys).ok, `byte ${i} bit ${bit}`).toBe(false);
      }
    }
  });

  it('another key’s signature under our kid fails; an unknown kid is named as such', () => {
    const forged = encodeTicketToken(claims, other.sign);
    expect(verifyTicketToken(forged, keys)).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
    const unknownKid = encodeTicketToken({ ...claims, kid: 'ffffffff' }, key.sign);
    expect(verifyTicketToken(unknownKid, keys)).toEqual({ ok: false, reason: 'UNKNOWN_KEY' });
  });

  it('refuses what is not a token: garbage, lower case, a booking reference, cut-off or extended text', () => {
    const token = encodeTicketToken(claims, key.sign);
    for (const text of [
      '',
      'ABCD2345',
      'hello world',
      token.toLowerCase(),
      token.slice(0, -2),
      `${token}AA`,
      `1${token.slice(1)}`,
    ]) {
      expect(verifyTicketToken(text, keys)).toMatchObject({ ok: false });
    }
  });

  it('the window: valid from doors open (an hour before the start) until the end, not before or after', () => {
    expect(isWithinWindow(claims, START - DOORS_OPEN_BEFORE_MS - 1)).toBe(false);
    expect(isWithinWindow(claims, START - DOORS_OPEN_BEFORE_MS)).toBe(true);
    expect(isWithinWindow(claims, START)).toBe(true);
    expect(isWithinWindow(claims, END - 1)).toBe(true);
    expect(isWithinWindow(claims, END)).toBe(false);
    const expired = parseTicketToken(encodeTicketToken(claims, key.sign))?.claims as TicketClaims;
    expect(isWithinWindow(expired, END + 60 * MIN)).toBe(false);
  });

  it('fits a version 6 QR code (41 x 41) at error correction M for seat labels up to 6 characters', () => {
    for (const seat of ['A1', 'C7', 'AA100', 'WC-12']) {
      const token = encodeTicketToken({ ...claims, ticketId: 4_000_000_000, eventId: 4_000_000_000, seat }, key.sign);
      expect(token.length).toBeLessThanOrEqual(154);
      const qr = QRCode.create(token, { errorCorrectionLevel: 'M' });
      expect(qr.version, seat).toBeLessThanOrEqual(6);
    }
    // The size README quotes: 86 bytes, 138 characters for a two-character seat label.
    const token = encodeTicketToken(claims, key.sign);
    expect(base32Decode(token)?.length).toBe(86);
    expect(token.length).toBe(138);
  });

  it('refuses to encode values the format cannot carry', () => {
    expect(() => encodeTicketToken({ ...claims, seat: '' }, key.sign)).toThrow(RangeError);
    expect(() => encodeTicketToken({ ...claims, seat: 'X'.repeat(33) }, key.sign)).toThrow(RangeError);
    expect(() => encodeTicketToken({ ...claims, kid: 'XYZ' }, key.sign)).toThrow(RangeError);
    expect(() => encodeTicketToken({ ...claims, ticketId: 2 ** 32 }, key.sign)).toThrow(RangeError);
  });

  it('base32 is the RFC 4648 alphabet without padding', () => {
    expect(base32Encode(new TextEncoder().encode('foobar'))).toBe('MZXW6YTBOI');
    expect(new TextDecoder().decode(base32Decode('MZXW6YTBOI') as Uint8Array)).toBe('foobar');
    expect(base32Decode('MZXW6YTBOJ')).toBeNull(); // non-zero trailing bits
  });

  it('verifies asynchronously with a browser Ed25519 (@noble/ed25519) and the public key alone, with the same verdicts', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x as string, 'base64url');
    const token = encodeTicketToken(claims, (message) => new Uint8Array(sign(null, message, privateKey)));
    const browserKeys = (kid: string) =>
      kid === 'a1b2c3d4' ? (message: Uint8Array, signature: Uint8Array) => ed.verifyAsync(signature, message, raw) : undefined;
    expect(await verifyTicketTokenAsync(token, browserKeys)).toEqual({ ok: true, claims });
    const tampered = `${token.slice(0, 40)}${token[40] === 'A' ? 'B' : 'A'}${token.slice(41)}`;
    expect(await verifyTicketTokenAsync(tampered, browserKeys)).toMatchObject({ ok: false });
    const byOther = encodeTicketToken(claims, other.sign.bind(other));
    expect(await verifyTicketTokenAsync(byOther, browserKeys)).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
    expect(await verifyTicketTokenAsync(token, () => undefined)).toEqual({ ok: false, reason: 'UNKNOWN_KEY' });
    expect(await verifyTicketTokenAsync('NOT A TOKEN', browserKeys)).toEqual({ ok: false, reason: 'MALFORMED' });
    const throwing = () => async () => {
      throw new Error('bad key');
    };
    expect(await verifyTicketTokenAsync(token, throwing)).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });
  });
});
