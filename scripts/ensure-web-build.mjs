#!/usr/bin/env node
// Builds the web app into dist/web when it is missing or older than its sources, so `npm start`
// and the browser tests always serve what is in src/web without a separate build step.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const output = join(root, 'dist/web/index.html');
// The bundle also depends on the shared rules and types it imports, the build config and the lockfile.
const inputs = ['src/web', 'src/contract', 'src/core', 'vite.config.ts', 'package-lock.json'].map((p) => join(root, p));

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

export async function ensureWebBuild({ force = false } = {}) {
  const builtAt = existsSync(output) ? statSync(output).mtimeMs : 0;
  const sourcesAt = Math.max(...inputs.map(newestMtime));
  if (builtAt >= sourcesAt && !force) {
    console.log('web app: dist/web is up to date');
    return;
  }
  console.log(builtAt === 0 ? 'web app: building dist/web (first run)…' : 'web app: sources changed, rebuilding dist/web…');
  const started = Date.now();
  const { build } = await import('vite');
  await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
  console.log(`web app: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await ensureWebBuild({ force: process.argv.includes('--force') });
}
