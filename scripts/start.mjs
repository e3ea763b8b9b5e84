#!/usr/bin/env node
// `npm start`: build whatever is missing or stale (in child processes), then run the compiled
// server in this same process, so signals from a process manager reach it directly.
import { ensureBuild } from './ensure-build.mjs';

if (!ensureBuild()) process.exit(1);
await import('../dist/server/cli/start.js');
