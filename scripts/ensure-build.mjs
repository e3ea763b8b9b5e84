#!/usr/bin/env node
// Builds what is missing or older than its sources: the web app (dist/web, Vite) and the server
// (dist/server, compiled JavaScript). Each build runs in a child process, so nothing it does to
// its environment (Vite sets NODE_ENV=production) reaches the server that starts afterwards.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Files the compiled server reads at run time beside its modules. */
const SERVER_ASSETS = ['security/common-passwords.txt'];

const targets = {
  web: {
    dir: 'dist/web',
    output: 'dist/web/index.html',
    // The bundle also depends on the shared rules and types it imports, the build config and the lockfile.
    inputs: ['src/web', 'src/contract', 'src/core', 'vite.config.ts', 'package-lock.json'],
    tool: 'vite/bin/vite.js',
    args: ['build', '--logLevel', 'warn'],
  },
  server: {
    dir: 'dist/server',
    output: 'dist/server/cli/start.js',
    inputs: ['src', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'],
    skip: (path) => path === join(root, 'src/web') || path.endsWith('.test.ts'),
    tool: 'typescript/bin/tsc',
    args: ['-p', 'tsconfig.build.json'],
    after: () => {
      for (const asset of SERVER_ASSETS) {
        const to = join(root, 'dist/server', asset);
        mkdirSync(dirname(to), { recursive: true });
        copyFileSync(join(root, 'src', asset), to);
      }
    },
  },
};

function newestMtime(path, skip) {
  if (!existsSync(path) || skip?.(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry), skip));
  return newest;
}

/** A build tool's entry in node_modules, or undefined in an installation without dev dependencies. */
function resolveTool(tool) {
  const path = join(root, 'node_modules', tool);
  return existsSync(path) ? path : undefined;
}

/** Builds one target when needed; returns false (with a message) when it cannot. */
export function ensureBuilt(name, { force = false } = {}) {
  const target = targets[name];
  const output = join(root, target.output);
  const builtAt = existsSync(output) ? statSync(output).mtimeMs : 0;
  const sourcesAt = Math.max(...target.inputs.map((p) => newestMtime(join(root, p), target.skip)));
  if (builtAt > 0 && builtAt >= sourcesAt && !force) return true;
  const tool = resolveTool(target.tool);
  if (!tool) {
    // An installation without build tools (npm ci --omit=dev) runs what was built for it.
    if (builtAt > 0) return true;
    console.error(
      `${name}: ${target.output} is missing and the build tools are not installed (run npm install, then npm run build)`,
    );
    return false;
  }
  console.log(builtAt === 0 ? `${name}: building ${target.dir} (first run)…` : `${name}: sources changed, rebuilding…`);
  const started = Date.now();
  // The web app is always built for production: a NODE_ENV inherited from a test runner
  // (NODE_ENV=test) would make Vite build React's development runtime (a third larger, slower).
  const env = name === 'web' ? { ...process.env, NODE_ENV: 'production' } : process.env;
  const result = spawnSync(process.execPath, [tool, ...target.args], { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`${name}: build failed (${result.signal ?? `exit ${result.status}`})`);
    return false;
  }
  target.after?.();
  console.log(`${name}: built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

export function ensureBuild(names = ['web', 'server'], options = {}) {
  return names.every((name) => ensureBuilt(name, options));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const names = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const ok = ensureBuild(names.length > 0 ? names : undefined, { force: process.argv.includes('--force') });
  process.exit(ok ? 0 : 1);
}
