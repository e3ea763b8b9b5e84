import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { MAX_BCRYPT_COST } from '../core/prototype-import.js';
import { checkPassword, hashPassword, needsRehash } from './passwords.js';

describe('passwords', () => {
  it('hashes with argon2id and verifies only the right password', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await checkPassword(stored, 'correct horse battery')).toBe(true);
    expect(await checkPassword(stored, 'correct horse batter')).toBe(false);
    expect(await checkPassword(undefined, 'anything at all')).toBe(false);
  });

  it('still answers every caller when many hash at once', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => hashPassword(`password number ${i}`)));
    expect(new Set(results).size).toBe(8);
  });
});

describe("the prototype's bcrypt hashes", () => {
  // passlib writes $2b$; bcryptjs writes $2a$ with the same algorithm.
  const passlibStyle = (hash: string) => hash.replace(/^\$2a\$/, '$2b$');

  it('verifies $2a$, $2b$ and $2y$ hashes and marks them for rehashing', async () => {
    const stored = passlibStyle(bcrypt.hashSync('old prototype password', 4));
    expect(stored).toMatch(/^\$2b\$04\$/);
    for (const variant of [stored, stored.replace('$2b$', '$2a$'), stored.replace('$2b$', '$2y$')]) {
      expect(await checkPassword(variant, 'old prototype password')).toBe(true);
      expect(await checkPassword(variant, 'old prototype passwore')).toBe(false);
      expect(needsRehash(variant)).toBe(true);
    }
    expect(needsRehash(await hashPassword('x'.repeat(10)))).toBe(false);
  });

  it(`refuses a bcrypt hash above cost ${MAX_BCRYPT_COST} without computing it`, async () => {
    const cheap = passlibStyle(bcrypt.hashSync('right password', 4));
    const costly = cheap.replace('$2b$04$', `$2b$${MAX_BCRYPT_COST + 1}$`);
    const started = performance.now();
    expect(await checkPassword(costly, 'right password')).toBe(false);
    // Cost 15 in bcryptjs takes seconds; the refusal costs one dummy argon2 and one cost-12 check.
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('makes a failure for an unknown email take as long as one for a bcrypt account while bcrypt hashes remain', async () => {
    const stored = passlibStyle(bcrypt.hashSync('the real one', 12));
    const time = async (work: () => Promise<boolean>) => {
      const started = performance.now();
      expect(await work()).toBe(false);
      return performance.now() - started;
    };
    await time(() => checkPassword(undefined, 'warm up', { legacyHashesExist: true }));
    const bcryptAccount = await time(() => checkPassword(stored, 'a wrong guess', { legacyHashesExist: true }));
    const unknown = await time(() => checkPassword(undefined, 'a wrong guess', { legacyHashesExist: true }));
    const argonHash = await hashPassword('argon one');
    const argonAccount = await time(() => checkPassword(argonHash, 'a wrong guess', { legacyHashesExist: true }));
    expect(unknown).toBeGreaterThan(bcryptAccount * 0.6);
    expect(bcryptAccount).toBeGreaterThan(unknown * 0.6);
    expect(argonAccount).toBeGreaterThan(bcryptAccount * 0.6);
  });
});
