import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

/**
 * Reads `.env` from the working folder into `env`, the way the prototype's users keep their
 * settings. A variable already set in the real environment wins over the file. A missing file is
 * fine; an unreadable one is reported (the caller turns that into a configuration error).
 * Returns the names taken from the file.
 */
export function applyDotEnv(env: NodeJS.ProcessEnv = process.env, file = resolve('.env')): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new Error(`cannot read ${file}: ${(error as Error).message}`);
  }
  const taken: string[] = [];
  for (const [name, value] of Object.entries(parseEnv(text))) {
    if (env[name] !== undefined) continue;
    env[name] = value;
    taken.push(name);
  }
  return taken;
}
