import { describe, expect, it } from 'vitest';
import { checkPassword, hashPassword } from './passwords.js';

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
