#!/usr/bin/env node
// `npm start`: build the web app if it is missing or stale, then run the server in this same
// process, so signals from a process manager reach the server directly (no shell in between).
import { ensureWebBuild } from './ensure-web-build.mjs';

await ensureWebBuild();
await import('../src/cli/start.ts');
