import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { testDialect } from './helpers/database.js';

/**
 * The README's front door, exactly as a newcomer meets it: `npm start` in a fresh copy of the
 * repository, with no settings, no dist/ and no data/, twice in a row. Packages are shared with
 * this checkout (a symlinked node_modules) so the test does not reinstall them; the production
 * install test covers a real `npm ci`.
 */

const repo = fileURLToPath(new URL('..', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'bmm-first-run-'));
const running: ChildProcess[] = [];

afterAll(() => {
  for (const child of running) {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // The group has already ended.
    }
  }
  rmSync(scratch, { recursive: true, force: true });
});

/** The files a clone has: tracked ones plus new ones not ignored (so the test sees work in progress too). */
function copyRepository(to: string): void {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: repo })
    .toString()
    .split('\0')
    .filter((file) => file !== '' && existsSync(join(repo, file)));
  for (const file of files) {
    mkdirSync(dirname(join(to, file)), { recursive: true });
    cpSync(join(repo, file), join(to, file));
  }
  symlinkSync(join(repo, 'node_modules'), join(to, 'node_modules'), 'dir');
}

/** The environment of a shell with nothing set for bookmemovie (PORT only, so tests can run side by side). */
function newcomerEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name === 'SECRET_KEY' || name === 'NODE_ENV' || name === 'DATABASE_URL' || /^(VITEST|npm_)/i.test(name)) delete env[name];
  }
  return { ...env, PORT: '0', HOST: '127.0.0.1' };
}

/** Runs `npm start` until the server says it is ready; resolves with its address and everything it printed. */
function npmStart(cwd: string): Promise<{ base: string; log: () => string; stop: () => Promise<void> }> {
  const child = spawn('npm', ['start'], { cwd, env: newcomerEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  running.push(child);
  let log = '';
  // npm and the server share a process group (as in a terminal, where Ctrl-C reaches both) and the
  // output pipes: 'close' comes when the server, not only npm, has ended.
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start was not ready in time; it printed:\n${log}`)), 150_000);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const port = /is ready: http:\/\/127\.0\.0\.1:(\d+)/.exec(log)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve({
          base: `http://127.0.0.1:${port}`,
          log: () => log,
          stop: async () => {
            if (child.pid) process.kill(-child.pid, 'SIGTERM');
            await exited;
          },
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      // After resolve() this changes nothing.
      reject(new Error(`npm start exited with ${code} before it was ready; it printed:\n${log}`));
    });
  });
}

async function expectServing(base: string): Promise<void> {
  const page = await fetch(`${base}/`);
  expect(page.status).toBe(200);
  expect(page.headers.get('content-type')).toMatch(/text\/html/);
  expect(await page.text()).toMatch(/<div id="root">/);
  const docs = await fetch(`${base}/docs`);
  expect(docs.status).toBe(200);
  const health = await fetch(`${base}/health`);
  expect(health.status).toBe(200);
}

// The newcomer has no DATABASE_URL, so the PostgreSQL pass would only repeat the SQLite one.
describe.skipIf(testDialect() === 'postgres')('npm install, then npm start, on a fresh clone', () => {
  it('comes up on the first try with no settings, and again on a second start with the same data', async () => {
    copyRepository(scratch);
    expect(existsSync(join(scratch, 'dist'))).toBe(false);
    expect(existsSync(join(scratch, 'data'))).toBe(false);

    const first = await npmStart(scratch);
    await expectServing(first.base);
    expect(first.log()).toMatch(/web: building dist\/web/);
    expect(first.log()).toMatch(/server: building dist\/server/);
    expect(first.log()).toMatch(/SECRET_KEY is not set/);
    expect(first.log()).not.toMatch(/configuration error/);
    const account = { email: 'newcomer@example.com', password: 'a long first password', full_name: 'New Comer' };
    const registered = await fetch(`${first.base}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(account),
    });
    expect(registered.status).toBe(201);
    await first.stop();
    expect(first.log()).toMatch(/shut down cleanly/);
    expect(existsSync(join(scratch, 'data/bookmemovie.db'))).toBe(true);
    expect(existsSync(join(scratch, 'data/secret.key'))).toBe(true);

    const second = await npmStart(scratch);
    await expectServing(second.base);
    // Nothing changed, so nothing is rebuilt, and the account from the first run is still there.
    expect(second.log()).not.toMatch(/building|rebuilding/);
    const login = await fetch(`${second.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: account.email, password: account.password }),
    });
    expect(login.status).toBe(200);
    const { access_token } = (await login.json()) as { access_token: string };
    const me = await fetch(`${second.base}/api/auth/me`, { headers: { authorization: `Bearer ${access_token}` } });
    expect(((await me.json()) as { email: string }).email).toBe(account.email);
    await second.stop();
    expect(second.log()).toMatch(/shut down cleanly/);
  }, 300_000);
});
