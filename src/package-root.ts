import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding package.json, found from this module's own place, so the same code finds
 * `dist/web` whether it runs from `src/` (tsx) or compiled from `dist/server/`.
 */
function findPackageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('bookmemovie: package.json not found above the server code');
    dir = parent;
  }
}

export const PACKAGE_ROOT = findPackageRoot();
