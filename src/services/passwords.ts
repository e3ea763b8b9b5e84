import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';
import { compare as compareBcrypt } from 'bcryptjs';
import { bcryptCost, MAX_BCRYPT_COST } from '../core/prototype-import.js';

// argon2id (the library's default algorithm) at OWASP's baseline: 19 MiB, 2 passes.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * Hashing runs off the event loop, but each hash keeps a core busy for tens of milliseconds. A
 * login storm must not take every core from the requests around it, so at most cores - 1 hashes
 * run at once (at least one); the rest wait their turn.
 */
const MAX_CONCURRENT_HASHES = Math.max(1, availableParallelism() - 1);
let running = 0;
const waiting: (() => void)[] = [];

async function withHashSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT_HASHES) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await work();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

export const hashPassword = (password: string) => withHashSlot(() => hash(password, OPTIONS));

/**
 * The password checks this process has computed, by algorithm (bcrypt by cost): what makes a
 * failed sign-in cost the same whatever the account, asserted by the tests without a stopwatch.
 */
export const passwordWork = { argon2: 0, bcrypt: [] as number[] };

const verifyArgon2 = (stored: string, password: string) => {
  passwordWork.argon2 += 1;
  return withHashSlot(() => verify(stored, password));
};

const verifyBcrypt = (password: string, stored: string) => {
  passwordWork.bcrypt.push(bcryptCost(stored) ?? -1);
  return withHashSlot(() => compareBcrypt(password, stored));
};

let dummyHash: Promise<string> | undefined;

/** A bcrypt hash of a random password at passlib's default cost (12), for the dummy check. */
const DUMMY_BCRYPT = '$2b$12$OZIvi8Z7N3TOjY/nRBc8TO8wPlhhyFIzxRMwrfiR9wgVjMU8gDP.S';

async function dummyArgon2(password: string): Promise<void> {
  dummyHash ??= hashPassword('not-a-real-password-0000');
  const dummy = await dummyHash;
  await verifyArgon2(dummy, password).catch(() => false);
}

const dummyBcrypt = (password: string) => verifyBcrypt(password, DUMMY_BCRYPT).catch(() => false);

/** Whether a stored hash should be replaced by argon2id at the next successful sign-in (the prototype's bcrypt). */
export const needsRehash = (storedHash: string) => bcryptCost(storedHash) !== null;

export type CheckOptions = {
  /**
   * Some accounts still have the prototype's bcrypt hashes. A bcrypt check (about 250 ms in
   * bcryptjs) is much slower than argon2's, so then every failed check does both kinds of work,
   * and a failure takes as long for an unknown email, an argon2 account and a bcrypt account.
   */
  legacyHashesExist?: boolean;
};

/**
 * Checks a password against argon2id, or against the prototype's bcrypt (`$2a$`, `$2b$`, `$2y$`,
 * cost at most MAX_BCRYPT_COST; a costlier hash is refused, as a failed check). With no stored
 * hash (unknown email) it still does the work of a real check, so the answer takes as long.
 */
export async function checkPassword(
  storedHash: string | undefined,
  password: string,
  options: CheckOptions = {},
): Promise<boolean> {
  const legacy = options.legacyHashesExist === true;
  const cost = storedHash === undefined ? null : bcryptCost(storedHash);
  if (storedHash !== undefined && cost !== null && cost <= MAX_BCRYPT_COST) {
    const ok = await verifyBcrypt(password, storedHash).catch(() => false);
    if (!ok) await dummyArgon2(password);
    return ok;
  }
  if (storedHash?.startsWith('$argon2')) {
    const ok = await verifyArgon2(storedHash, password).catch(() => false);
    if (!ok && legacy) await dummyBcrypt(password);
    return ok;
  }
  // Unknown email, a bcrypt hash too costly to check, or no usable hash (the import's placeholder).
  await dummyArgon2(password);
  if (legacy || cost !== null) await dummyBcrypt(password);
  return false;
}
