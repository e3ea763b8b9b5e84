import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { testDialect } from './helpers/database.js';

/**
 * What the Dockerfile's runtime stage does, without Docker: package.json, package-lock.json and
 * the built dist/ in an empty folder, `npm ci --omit=dev`, then the compiled entry points. If a
 * run-time import is only a devDependency, or the server needs a TypeScript loader, this fails.
 */

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MINUTE = 60_000;
// Random, as the README tells operators to make it: production refuses a guessable key.
const SECRET_KEY = randomBytes(48).toString('base64url');
const TICKET_SIGNING_KEY = randomBytes(32).toString('base64url');
const APPROVED_CARD = { card_number: '4242 4242 4242 4242', exp_month: 12, exp_year: 2199, cvc: '123', cardholder_name: 'Ada' };

/** Build and test tools (devDependencies): none may reach a production install. */
const BUILD_ONLY = [
  'vite',
  'typescript',
  'tsx',
  'vitest',
  'esbuild',
  '@vitejs/plugin-react',
  '@biomejs/biome',
  '@mantine/core',
  '@tanstack/react-query',
  'react-router',
  'playwright-core',
];

let dir = '';
let server: ChildProcess | undefined;
let serverLog = '';
let base = '';

afterAll(async () => {
  if (server && server.exitCode === null && server.signalCode === null) {
    const exited = new Promise((resolve) => server?.once('exit', resolve));
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
  }
  // About 170 MB of node_modules: deleting it takes seconds on a slow disk.
  if (dir) rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}, 2 * MINUTE);

/** The Dockerfile's CMD, so this test starts the container's process and no other. */
function dockerCmd(): string[] {
  const line = /^CMD\s+(\[.*\])\s*$/m.exec(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'))?.[1];
  if (!line) throw new Error('Dockerfile has no exec-form CMD');
  return JSON.parse(line);
}

/** Only PATH and the settings given: nothing from the developer's shell or from vitest leaks in. */
function serverEnv(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'production',
    SECRET_KEY,
    TICKET_SIGNING_KEY,
    DATABASE_URL: `sqlite:${join(dir, 'app.db')}`,
    PORT: '0',
    HOST: '127.0.0.1',
  };
}

/** Starts the server and resolves with its address once it logs that it is ready. */
function startServer(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: dir, env: serverEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    server = child;
    const timer = setTimeout(() => reject(new Error(`server not ready after 30 s; log:\n${serverLog}`)), 30_000);
    const onData = (chunk: Buffer) => {
      serverLog += chunk.toString();
      const port = /bookmemovie is ready: http:\/\/127\.0\.0\.1:(\d+)/.exec(serverLog)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${port}`);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}; log:\n${serverLog}`));
    });
  });
}

async function api(method: string, path: string, options: { token?: string; body?: unknown } = {}) {
  const response = await fetch(base + path, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const raw = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    body = undefined;
  }
  // biome-ignore lint/suspicious/noExplicitAny: the test reads arbitrary response shapes
  return { status: response.status, body: body as any, raw, headers: response.headers };
}

async function login(email: string, password: string): Promise<string> {
  const res = await api('POST', '/api/auth/login', { body: { email, password } });
  expect(res.status, res.raw).toBe(200);
  return res.body.access_token;
}

// The installed copy runs on its own SQLite file whatever the suite's database, so the PostgreSQL
// pass would only repeat the same install.
describe.skipIf(testDialect() === 'postgres')('production install: npm ci --omit=dev plus dist/ runs and sells a ticket', () => {
  it(
    'installs only run-time packages into a copy holding package.json, package-lock.json and dist/',
    async () => {
      const build = await run(process.execPath, ['scripts/ensure-build.mjs'], { cwd: ROOT, timeout: 5 * MINUTE });
      expect(existsSync(join(ROOT, 'dist/web/index.html')), build.stdout + build.stderr).toBe(true);

      dir = mkdtempSync(join(tmpdir(), 'bmm-production-'));
      for (const file of ['package.json', 'package-lock.json']) cpSync(join(ROOT, file), join(dir, file));
      cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true });

      // npm's own script context (npm test) would point the install back at the repository.
      const env = Object.fromEntries(
        Object.entries(process.env).filter(
          ([key]) => !/^(npm_(package|lifecycle)_|npm_config_local_prefix$|INIT_CWD$)/.test(key),
        ),
      );
      const started = Date.now();
      await run('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline'], {
        cwd: dir,
        env,
        timeout: 8 * MINUTE,
        maxBuffer: 16 * 1024 * 1024,
      });
      console.log(`npm ci --omit=dev took ${((Date.now() - started) / 1000).toFixed(1)} s`);

      const modules = join(dir, 'node_modules');
      expect(existsSync(join(modules, 'fastify'))).toBe(true);
      for (const name of BUILD_ONLY) expect(existsSync(join(modules, name)), `${name} is installed`).toBe(false);
      // react and react-dom come in only as peer dependencies of redoc (npm installs peers); /redoc
      // serves redoc's standalone bundle and the server never imports react.
      const redoc = JSON.parse(readFileSync(join(modules, 'redoc/package.json'), 'utf8'));
      for (const name of ['react', 'react-dom']) {
        if (!(name in (redoc.peerDependencies ?? {})))
          expect(existsSync(join(modules, name)), `${name} is installed`).toBe(false);
      }
      expect(existsSync(join(dir, 'src'))).toBe(false);
    },
    10 * MINUTE,
  );

  it('starts with the Dockerfile CMD in production mode and serves the web app, docs and /ready', async () => {
    const [command, ...args] = dockerCmd();
    expect(command).toBe('node');
    expect(existsSync(join(dir, args[0] ?? ''))).toBe(true);
    base = await startServer(args);

    const home = await api('GET', '/');
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toMatch(/text\/html/);
    expect(home.raw).toContain('<div id="root">');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(home.raw)?.[1];
    expect(script).toBeDefined();
    expect((await api('GET', script ?? '')).status).toBe(200);
    expect((await api('GET', '/docs')).status).toBe(200);
    const ready = await api('GET', '/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready' });
  }, 60_000);

  it('sells a ticket over HTTP: admin set-up, catalogue, hold, payment, my bookings', async () => {
    expect((await api('GET', '/api/auth/setup')).body).toEqual({ admin_exists: false, setup_code_required: false });
    const adminBody = { email: 'admin@example.com', password: 'production admin passphrase', full_name: 'Ada Admin' };
    const created = await api('POST', '/api/auth/create-admin', { body: adminBody });
    expect(created.status, created.raw).toBe(201);
    expect(created.body.role).toBe('admin');
    const admin = await login(adminBody.email, adminBody.password);

    const movie = await api('POST', '/api/admin/movies', { token: admin, body: { title: 'Metropolis', duration_minutes: 153 } });
    expect(movie.status, movie.raw).toBe(201);
    const hall = await api('POST', '/api/admin/halls', { token: admin, body: { name: 'Hall 1', rows: 4, seats_per_row: 6 } });
    expect(hall.status, hall.raw).toBe(201);
    const startTime = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const event = await api('POST', '/api/admin/events', {
      token: admin,
      body: { movie_id: movie.body.id, hall_id: hall.body.id, start_time: startTime, price: 12.5 },
    });
    expect(event.status, event.raw).toBe(201);
    const eventId = event.body.event_id;

    const customerBody = { email: 'customer@example.com', password: 'customer passphrase 42', full_name: 'Carl Customer' };
    const registered = await api('POST', '/api/auth/register', { body: customerBody });
    expect(registered.status, registered.raw).toBe(201);
    const customer = await login(customerBody.email, customerBody.password);

    const seats = await api('GET', `/api/events/${eventId}/seats`);
    expect(seats.status).toBe(200);
    expect(seats.body.seats).toHaveLength(24);
    const seatIds = seats.body.seats.slice(0, 2).map((s: { seat_id: number }) => s.seat_id);

    const held = await api('POST', '/api/book-seats', { token: customer, body: { event_id: eventId, seat_ids: seatIds } });
    expect(held.status, held.raw).toBe(201);
    expect(held.body.status).toBe('pending');
    const reference = held.body.booking_reference;

    const paid = await api('POST', '/api/confirm-payment', {
      token: customer,
      body: { booking_reference: reference, payment: APPROVED_CARD },
    });
    expect(paid.status, paid.raw).toBe(200);
    expect(paid.body.status).toBe('confirmed');

    const mine = await api('GET', '/api/bookings', { token: customer });
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual([
      expect.objectContaining({ booking_reference: reference, status: 'confirmed', seat_ids: seatIds, total_amount: 25 }),
    ]);
    const after = await api('GET', `/api/events/${eventId}/seats`);
    const booked = after.body.seats
      .filter((s: { status: string }) => s.status === 'booked')
      .map((s: { seat_id: number }) => s.seat_id);
    expect(booked).toEqual(seatIds);
  }, 60_000);

  it('runs the compiled migrate CLI against the same database', async () => {
    const { stdout } = await run(process.execPath, ['dist/server/cli/migrate.js'], {
      cwd: dir,
      env: serverEnv(),
      timeout: MINUTE,
    });
    expect(stdout).toMatch(/database is up to date/);
  }, 60_000);

  it('stops cleanly on SIGTERM, as docker stop sends it', async () => {
    const child = server as ChildProcess;
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const started = Date.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(serverLog).toMatch(/shut down cleanly/);
    console.log(`shutdown took ${Date.now() - started} ms`);
  }, 30_000);
});
