import bcrypt from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { MAX_BCRYPT_COST } from '../core/prototype-import.js';
import { checkPassword, hashPassword, needsRehash, passwordWork } from './passwords.js';

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

  /** The checks `work` computed: argon2 verifications and bcrypt comparisons by cost. */
  async function workOf(work: () => Promise<boolean>) {
    const before = { argon2: passwordWork.argon2, bcrypt: passwordWork.bcrypt.length };
    expect(await work()).toBe(false);
    return { argon2: passwordWork.argon2 - before.argon2, bcrypt: passwordWork.bcrypt.slice(before.bcrypt) };
  }

  it(`refuses a bcrypt hash above cost ${MAX_BCRYPT_COST} without computing it`, async () => {
    const cheap = passlibStyle(bcrypt.hashSync('right password', 4));
    const costly = cheap.replace('$2b$04$', `$2b$${MAX_BCRYPT_COST + 1}$`);
    // Cost 15 would take seconds in bcryptjs: what runs instead is one dummy argon2 and one cost-12 check.
    expect(await workOf(() => checkPassword(costly, 'right password'))).toEqual({ argon2: 1, bcrypt: [12] });
  });

  it('makes every failed check do the same work while bcrypt hashes remain: one argon2 and one cost-12 bcrypt', async () => {
    const stored = passlibStyle(bcrypt.hashSync('the real one', 12));
    const argonHash = await hashPassword('argon one');
    const legacy = { legacyHashesExist: true };
    const same = { argon2: 1, bcrypt: [12] };
    expect(await workOf(() => checkPassword(stored, 'a wrong guess', legacy))).toEqual(same); // a bcrypt account
    expect(await workOf(() => checkPassword(undefined, 'a wrong guess', legacy))).toEqual(same); // an unknown email
    expect(await workOf(() => checkPassword(argonHash, 'a wrong guess', legacy))).toEqual(same); // an argon2 account
    // Once no bcrypt hash remains, failures cost one argon2 check, as before the import.
    expect(await workOf(() => checkPassword(undefined, 'a wrong guess'))).toEqual({ argon2: 1, bcrypt: [] });
    expect(await workOf(() => checkPassword(argonHash, 'a wrong guess'))).toEqual({ argon2: 1, bcrypt: [] });
  });
});
