import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** Runs `npm start`'s entry point with a clean environment and collects its log until `until` matches. */
function startServer(
  env: Record<string, string>,
  until: RegExp,
): Promise<{ code: number | null; log: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/start.ts'], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let log = '';
    const timer = setTimeout(() => reject(new Error(`timed out; log so far:\n${log}`)), 20_000);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      if (until.test(log)) {
        clearTimeout(timer);
        resolve({ code: null, log, child });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, log, child });
    });
  });
}

describe('npm start on a fresh machine', () => {
  it('migrates, generates a development secret with a warning, and serves the API', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bmm-start-'));
    const { log } = await startServer(
      { DATABASE_URL: `sqlite:${dir}/app.db`, PORT: '0', HOST: '127.0.0.1' },
      /is ready: http:\/\/127\.0\.0\.1:(\d+)/,
    );
    expect(log).toMatch(/SECRET_KEY is not set/);
    expect(existsSync(join(dir, 'secret.key'))).toBe(true);
    expect(readFileSync(join(dir, 'secret.key'), 'utf8').trim().length).toBeGreaterThanOrEqual(32);
    const port = /is ready: http:\/\/127\.0\.0\.1:(\d+)/.exec(log)?.[1];
    const ready = await fetch(`http://127.0.0.1:${port}/ready`);
    expect(await ready.json()).toEqual({ status: 'ready', database: 'sqlite' });
    const docs = await fetch(`http://127.0.0.1:${port}/docs`);
    expect(docs.status).toBe(200);
  });

  it('refuses to start in production without SECRET_KEY', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bmm-start-'));
    const { code, log } = await startServer({ NODE_ENV: 'production', DATABASE_URL: `sqlite:${dir}/app.db`, PORT: '0' }, /$^/);
    expect(code).toBe(1);
    expect(log).toMatch(/SECRET_KEY is required/);
    expect(existsSync(join(dir, 'secret.key'))).toBe(false);
  });

  it('names a bad setting and exits', async () => {
    const { code, log } = await startServer({ PORT: 'http', DATABASE_URL: 'sqlite::memory:' }, /$^/);
    expect(code).toBe(1);
    expect(log).toMatch(/PORT must be a whole number/);
  });
});
