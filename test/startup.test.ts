import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('..', import.meta.url));
// Absolute, so the server can start in another working folder (where .env is looked for).
const tsx = pathToFileURL(join(repo, 'node_modules/tsx/dist/loader.mjs')).href;
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** Runs `npm start`'s entry point with a clean environment and collects its log until `until` matches. */
function startServer(
  env: Record<string, string>,
  until: RegExp,
  cwd = repo,
): Promise<{ code: number | null; log: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', tsx, join(repo, 'src/cli/start.ts')], {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let log = '';
    // The server starts from its TypeScript sources (tsx compiles them as it goes): about 5 s alone,
    // several times that beside the rest of the suite on two cores.
    const timer = setTimeout(() => reject(new Error(`timed out; log so far:\n${log}`)), STARTUP_WAIT_MS);
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

const STARTUP_WAIT_MS = 60_000;

describe('npm start on a fresh machine', { timeout: 2 * STARTUP_WAIT_MS }, () => {
  it('migrates, generates a development secret with a warning, and serves the API', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bmm-start-'));
    const { log } = await startServer(
      { DATABASE_URL: `sqlite:${dir}/app.db`, PORT: '0', HOST: '127.0.0.1' },
      /is ready: http:\/\/127\.0\.0\.1:(\d+)/,
    );
    expect(log).toMatch(/SECRET_KEY is not set/);
    expect(log).toMatch(/TICKET_SIGNING_KEY is not set/);
    expect(existsSync(join(dir, 'secret.key'))).toBe(true);
    expect(existsSync(join(dir, 'ticket-signing.key'))).toBe(true);
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

  it('refuses to start in production without TICKET_SIGNING_KEY, and writes no key of its own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bmm-start-'));
    const env = {
      NODE_ENV: 'production',
      DATABASE_URL: `sqlite:${dir}/app.db`,
      PORT: '0',
      SECRET_KEY: randomBytes(48).toString('base64url'),
    };
    const { code, log } = await startServer(env, /$^/);
    expect(code).toBe(1);
    expect(log).toMatch(/TICKET_SIGNING_KEY is required when NODE_ENV=production/);
    expect(existsSync(join(dir, 'ticket-signing.key'))).toBe(false);
  });

  it('names a bad setting and exits', async () => {
    const { code, log } = await startServer({ PORT: 'http', DATABASE_URL: 'sqlite::memory:' }, /$^/);
    expect(code).toBe(1);
    expect(log).toMatch(/PORT must be a whole number/);
  });
  it('reads .env from the working folder, with the real environment winning over it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bmm-dotenv-'));
    // PORT in the file would clash with the one the environment sets; the environment must win.
    writeFileSync(join(dir, '.env'), `DATABASE_URL=sqlite:${dir}/from-dotenv.db\nPORT=1\nCURRENCY=EUR\n`);
    const { log } = await startServer({ PORT: '0', HOST: '127.0.0.1' }, /is ready: http:\/\/127\.0\.0\.1:(\d+)/, dir);
    expect(existsSync(join(dir, 'from-dotenv.db'))).toBe(true);
    expect(existsSync(join(dir, 'secret.key'))).toBe(true);
    const port = /is ready: http:\/\/127\.0\.0\.1:(\d+)/.exec(log)?.[1];
    expect(Number(port)).toBeGreaterThan(1);
    expect(await (await fetch(`http://127.0.0.1:${port}/ready`)).json()).toEqual({ status: 'ready', database: 'sqlite' });
  });

  it('logs JSON lines to a pipe, and readable lines with LOG_FORMAT=pretty', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bmm-start-'));
    const ready = /bookmemovie is ready/;
    const json = await startServer({ DATABASE_URL: `sqlite:${dir}/app.db`, PORT: '0', HOST: '127.0.0.1' }, ready);
    const line = json.log.split('\n').find((l) => ready.test(l)) ?? '';
    expect(JSON.parse(line)).toMatchObject({ level: 30, msg: expect.stringMatching(ready) });
    json.child.kill('SIGKILL');
    const pretty = await startServer(
      { DATABASE_URL: `sqlite:${dir}/app.db`, PORT: '0', HOST: '127.0.0.1', LOG_FORMAT: 'pretty' },
      ready,
    );
    expect(pretty.log).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: bookmemovie is ready: http:\/\/127\.0\.0\.1:\d+/m);
  });
  it("starts on the prototype's .env: SQLAlchemy's sqlite:/// is a file in the working folder", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bmm-prototype-env-'));
    writeFileSync(join(dir, '.env'), 'DATABASE_URL=sqlite:///./movie_ticketing.db\nDEBUG=True\nBASE_URL=http://localhost:8000\n');
    const { log } = await startServer({ PORT: '0', HOST: '127.0.0.1' }, /is ready: http:\/\/127\.0\.0\.1:(\d+)/, dir);
    expect(existsSync(join(dir, 'movie_ticketing.db'))).toBe(true);
    const port = /is ready: http:\/\/127\.0\.0\.1:(\d+)/.exec(log)?.[1];
    expect((await fetch(`http://127.0.0.1:${port}/ready`)).status).toBe(200);
  });

  it("refuses the prototype's placeholder SECRET_KEY, saying how to make one", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bmm-prototype-env-'));
    writeFileSync(
      join(dir, '.env'),
      'DATABASE_URL=sqlite:///./movie_ticketing.db\nSECRET_KEY=REPLACE_WITH_GENERATED_SECRET_KEY\n',
    );
    const { code, log } = await startServer({ PORT: '0' }, /$^/, dir);
    expect(code).toBe(1);
    expect(log).toMatch(/placeholder REPLACE_WITH_GENERATED_SECRET_KEY: generate one with: node -e/);
    expect(existsSync(join(dir, 'movie_ticketing.db'))).toBe(false);
  });
});
