import { readFileSync } from 'node:fs';

let common: Set<string> | undefined;

/** The shipped list of the 10,000 most common passwords, read once on first use. */
export function isCommonPassword(lowercased: string): boolean {
  common ??= new Set(
    readFileSync(new URL('../security/common-passwords.txt', import.meta.url), 'utf8')
      .split('\n')
      .map((line) => line.trim().toLowerCase())
      .filter(Boolean),
  );
  return common.has(lowercased);
}
