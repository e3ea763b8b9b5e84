/**
 * How hard the token-signing key is to guess. RFC 8725 (3.5) warns that an HMAC key a person chose
 * can be brute-forced offline from a single token, so length alone proves nothing: 64 × 'a' is long.
 *
 * The estimate is deliberately pessimistic about patterns and generous about nothing else:
 *
 * 1. A key that repeats a shorter unit ('abcabcabc…', 'secretsecret…') counts as that unit once.
 * 2. The unit is split into pieces, each charged what it costs to guess, taking the cheapest
 *    split (how an attacker who knows these patterns would enumerate it):
 *    - a common password of 4+ characters ('password', 'qwerty', '123456'), in any case, from the
 *      shipped 10,000-entry list: log2(10,000) ≈ 13.3 bits, whatever its length;
 *    - a run of 3+ characters that repeat or step by one ('1111', 'abcd', '9876'): one character;
 *    - any other character: log2 of the alphabet the key draws from (16 for hex; otherwise 26 per
 *      letter case, 10 for digits, 33 for anything else that appears).
 * 3. The key is strong when the pieces add up to MIN_SECRET_BITS (128) or more: what 16 random
 *    bytes give. A generated key (48 random bytes, base64url: ~400 bits) clears it many times over.
 *
 * Words outside the list ('correct-horse-battery-staple') are not recognised: an estimate can only
 * refuse known patterns, never prove that a person did not choose the key.
 */

export const MIN_SECRET_BITS = 128;

const WORD_BITS = Math.log2(10_000);
const MIN_WORD = 4;
const MAX_WORD = 16;
const MIN_RUN = 3;

export type SecretStrength = { bits: number; weak: boolean };

/** The shortest unit the whole key repeats (the key itself when it repeats nothing). */
function repeatedUnit(chars: string[]): string[] {
  for (let period = 1; period < chars.length; period++) {
    if (chars.every((c, i) => c === chars[i % period])) return chars.slice(0, period);
  }
  return chars;
}

function alphabetSize(chars: string[]): number {
  const text = chars.join('');
  if (/^[0-9a-f]+$/.test(text) || /^[0-9A-F]+$/.test(text)) return 16;
  let size = 0;
  if (/[a-z]/.test(text)) size += 26;
  if (/[A-Z]/.test(text)) size += 26;
  if (/[0-9]/.test(text)) size += 10;
  if (/[^a-zA-Z0-9]/.test(text)) size += 33;
  return size;
}

/** Lengths of the common passwords starting at `at`. */
function wordsAt(chars: string[], at: number, isCommon: (lowercased: string) => boolean): number[] {
  const lengths: number[] = [];
  for (let length = MIN_WORD; length <= Math.min(MAX_WORD, chars.length - at); length++) {
    if (
      isCommon(
        chars
          .slice(at, at + length)
          .join('')
          .toLowerCase(),
      )
    )
      lengths.push(length);
  }
  return lengths;
}

/** Length of the run of repeated or consecutive characters starting at `at` (0 when shorter than MIN_RUN). */
function runAt(chars: string[], at: number): number {
  const code = (i: number) => chars[i]?.codePointAt(0) ?? Number.NaN;
  const step = code(at + 1) - code(at);
  if (Math.abs(step) > 1) return 0;
  let end = at + 1;
  while (end + 1 < chars.length && code(end + 1) - code(end) === step) end++;
  const length = end - at + 1;
  return length >= MIN_RUN ? length : 0;
}

/** Estimated bits of a signing key, and whether that is below MIN_SECRET_BITS. Pure: the word list is an input. */
export function secretStrength(key: string, isCommon: (lowercased: string) => boolean): SecretStrength {
  const unit = repeatedUnit(Array.from(key));
  const perChar = Math.log2(Math.max(alphabetSize(unit), 2));
  // cheapest[i]: the fewest bits that describe unit[i..]; filled from the end.
  const cheapest = new Array<number>(unit.length + 1).fill(0);
  for (let at = unit.length - 1; at >= 0; at--) {
    let best = perChar + (cheapest[at + 1] as number);
    for (const length of wordsAt(unit, at, isCommon)) best = Math.min(best, WORD_BITS + (cheapest[at + length] as number));
    for (let length = MIN_RUN; length <= runAt(unit, at); length++)
      best = Math.min(best, perChar + (cheapest[at + length] as number));
    cheapest[at] = best;
  }
  const bits = cheapest[0] as number;
  return { bits: Math.round(bits), weak: bits < MIN_SECRET_BITS };
}
