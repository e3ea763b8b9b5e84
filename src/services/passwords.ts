import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';

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

let dummyHash: Promise<string> | undefined;

/**
 * Checks a password. With no stored hash (unknown email) it still verifies against a dummy, so
 * the answer takes as long as for a real account.
 */
export async function checkPassword(storedHash: string | undefined, password: string): Promise<boolean> {
  if (storedHash === undefined) {
    dummyHash ??= hashPassword('not-a-real-password-0000');
    const dummy = await dummyHash;
    await withHashSlot(() => verify(dummy, password)).catch(() => false);
    return false;
  }
  return withHashSlot(() => verify(storedHash, password)).catch(() => false);
}
