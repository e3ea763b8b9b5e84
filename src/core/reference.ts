/** Booking references: unguessable, short enough to read over a counter, no 0/O or 1/I/L. */

export const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const REFERENCE_LENGTH = 10;

/** `randomBytes` is injected so tests can be deterministic; production passes crypto.randomBytes. */
export function makeBookingReference(randomBytes: (n: number) => Uint8Array): string {
  const alphabet = REFERENCE_ALPHABET;
  // Rejection sampling keeps every character equally likely (256 is not a multiple of 31).
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < REFERENCE_LENGTH) {
    for (const byte of randomBytes(REFERENCE_LENGTH * 2)) {
      if (byte < limit) out += alphabet[byte % alphabet.length];
      if (out.length === REFERENCE_LENGTH) break;
    }
  }
  return out;
}

export function looksLikeBookingReference(value: string): boolean {
  return value.length === REFERENCE_LENGTH && [...value].every((c) => REFERENCE_ALPHABET.includes(c));
}
