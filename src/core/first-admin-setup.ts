import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * First-time set-up: who may create the first admin without an admin token. The machine the
 * server runs on may (the prototype's `curl` to create-admin); anyone else needs the one-time
 * set-up code the server prints in its log at start.
 */

/** RFC 4648 base32: no 0/1/8/9, so nothing to confuse when the code is typed from a log. */
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** 120 bits: 24 characters, shown as 6 groups of 4. */
export const SETUP_CODE_BYTES = 15;

/** `randomBytes` is injected so tests can be deterministic; production passes crypto.randomBytes. */
export function makeSetupCode(randomBytes: (n: number) => Uint8Array): string {
  const bytes = randomBytes(SETUP_CODE_BYTES);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out.match(/.{4}/g)?.join('-') ?? out;
}

/** What a person may type for a code: any case, with or without the dashes and spaces. */
export const normalizeSetupCode = (text: string) => text.replace(/[\s-]/g, '').toUpperCase();

/** Only this hash is stored, so the database never holds a usable code. */
export const hashSetupCode = (code: string) => createHash('sha256').update(normalizeSetupCode(code)).digest('hex');

/**
 * A set-up code works for a day after the start that printed it: long enough to finish a first
 * installation, short enough that a code in an old log (or from a crash-looping start) is dead.
 * A restart prints a fresh one.
 */
export const SETUP_CODE_TTL_MS = 24 * 3_600_000;

/** Codes created at or after this time are still good at `now`. */
export const setupCodesValidSince = (now: number) => now - SETUP_CODE_TTL_MS;

/**
 * Whether `given` is one of the codes behind `storedHashes` (one per server start). Every stored
 * hash is compared in constant time, and all of them are, so the time taken says nothing.
 */
export function setupCodeMatches(given: string, storedHashes: readonly string[]): boolean {
  if (normalizeSetupCode(given) === '') return false;
  const candidate = Buffer.from(hashSetupCode(given), 'hex');
  let found = false;
  for (const hash of storedHashes) {
    const stored = Buffer.from(hash, 'hex');
    if (stored.length === candidate.length && timingSafeEqual(stored, candidate)) found = true;
  }
  return found;
}

/** Headers a proxy adds: their presence means the loopback peer only relays someone else. */
const PROXY_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'] as const;

/**
 * True only for a request made on the server's own machine: the client address (`request.ip`)
 * is 127.0.0.0/8, ::1 or ::ffff:127.x, AND no proxy header is present at all. A proxy on the
 * same machine connects from loopback on behalf of remote clients, and a client can send a
 * forged X-Forwarded-For: 127.0.0.1, so with any forwarding header the request is not local.
 */
export function isLoopbackClient(ip: string | undefined, headers: Readonly<Record<string, unknown>>): boolean {
  if (PROXY_HEADERS.some((name) => headers[name] !== undefined)) return false;
  // No address: the socket closed before Fastify read it (an aborted request). Not local, not a 500.
  if (ip === undefined) return false;
  const address = ip.toLowerCase();
  return (
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address) ||
    /^::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address) ||
    address === '::1' ||
    address === '0:0:0:0:0:0:0:1'
  );
}
