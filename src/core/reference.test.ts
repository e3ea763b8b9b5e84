import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { makeBookingReference, REFERENCE_ALPHABET, REFERENCE_LENGTH } from './reference.js';

describe('makeBookingReference', () => {
  it('uses only the unambiguous alphabet, at a fixed length of at least 8', () => {
    expect(REFERENCE_LENGTH).toBeGreaterThanOrEqual(8);
    for (let i = 0; i < 200; i++) {
      const ref = makeBookingReference(randomBytes);
      expect(ref).toHaveLength(REFERENCE_LENGTH);
      expect(ref).toMatch(/^[2-9A-HJKMNP-Z]+$/);
    }
    expect(REFERENCE_ALPHABET).not.toMatch(/[01OIL]/);
  });

  it('does not repeat across many draws', () => {
    const refs = new Set(Array.from({ length: 5000 }, () => makeBookingReference(randomBytes)));
    expect(refs.size).toBe(5000);
  });

  it('skips biased bytes', () => {
    const bytes = [255, 250, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const ref = makeBookingReference((n) => Uint8Array.from({ length: n }, (_, i) => bytes[i % bytes.length] ?? 0));
    expect(ref.startsWith('23456789AB')).toBe(true);
  });
});
