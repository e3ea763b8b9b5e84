#!/usr/bin/env node
// `npm run dev`: the API (restarting on server changes) and Vite with hot reload, in one terminal.
// Open the Vite URL it prints (http://localhost:5173); Vite forwards /api, /docs and /openapi.json
// to the API on PORT (default 8000).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const children = [];

function run(name, args) {
  const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env: process.env });
  child.on('exit', (code, signal) => {
    if (shuttingDown) return;
    console.error(`dev: ${name} stopped (${signal ?? `exit ${code}`}); stopping the rest`);
    shutdown(code ?? 1);
  });
  children.push(child);
}

let shuttingDown = false;
function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500).unref();
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

run('api', [
  '--import',
  'tsx',
  '--watch-path=src/server',
  '--watch-path=src/services',
  '--watch-path=src/contract',
  'src/cli/start.ts',
]);
run('vite', [fileURLToPath(new URL('../node_modules/vite/bin/vite.js', import.meta.url))]);
