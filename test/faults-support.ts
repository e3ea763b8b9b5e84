import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { type Db, openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { findIntegrityProblems } from '../src/db/stores/integrity-store.js';
import { hashPassword } from '../src/services/passwords.js';
import { accessTokens } from '../src/services/tokens.js';
import { testDialect } from './helpers/database.js';
import { APPROVED_CARD } from './helpers/test-app.js';

/**
 * Fault-injection support: servers run as real child processes (`src/cli/start.ts`, as in
 * production) on a database of their own, and are driven over real sockets.
 */

export const SECRET = 'faults-secret-key-that-is-long-enough-0123456789abcdef';

// ---------------------------------------------------------------------------------------------
// A database of its own: a temp SQLite file, or a fresh PostgreSQL database (children connect
// with the default search_path, so a schema of their own is not enough).
// ---------------------------------------------------------------------------------------------

export type TargetDatabase = { url: string; db: Db; dir?: string; file?: string; drop(): Promise<void> };

export async function createTargetDatabase(): Promise<TargetDatabase> {
  if (testDialect() === 'postgres') {
    const base = new URL(process.env.DATABASE_URL as string);
    const name = `bmm_fault_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base.toString() });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(base.toString());
    url.pathname = `/${name}`;
    const db = openDatabase(url.toString(), { poolSize: 4 });
    await migrateToLatest(db);
    return {
      url: url.toString(),
      db,
      drop: async () => {
        await db.close().catch(() => {});
        const cleanup = new pg.Client({ connectionString: base.toString() });
        await cleanup.connect();
        await cleanup.query(`drop database if exists ${name} with (force)`);
        await cleanup.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'bmm-faults-'));
  const file = join(dir, 'app.db');
  const url = `sqlite:${file}`;
  const db = openDatabase(url);
  await migrateToLatest(db);
  return {
    url,
    db,
    dir,
    file,
    drop: async () => {
      await db.close().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let sharedHash: Promise<string> | undefined;
const tokens = accessTokens({ secret: SECRET, ttlSeconds: 3600, now: Date.now });

export type Account = { id: number; token: string };

/** Users (and one admin) written straight into the database, with tokens signed by the children's SECRET_KEY. */
export async function seedAccounts(db: Db, users: number): Promise<{ admin: Account; users: Account[] }> {
  sharedHash ??= hashPassword('correct-horse-battery');
  const hash = await sharedHash;
  const tag = randomBytes(3).toString('hex');
  const rows = await db.kysely
    .insertInto('users')
    .values([
      {
        email: `admin-${tag}@example.com`,
        password_hash: hash,
        full_name: 'Fault Admin',
        role: 'admin',
        is_active: 1,
        created_at: Date.now(),
      },
      ...Array.from({ length: users }, (_, i) => ({
        email: `buyer${i}-${tag}@example.com`,
        password_hash: hash,
        full_name: `Buyer ${i}`,
        role: 'user' as const,
        is_active: 1,
        created_at: Date.now(),
      })),
    ])
    .returning(['id', 'role'])
    .execute();
  await db.kysely
    .insertInto('setup_claims')
    .values({ name: 'first_admin', created_at: Date.now() })
    .onConflict((oc) => oc.doNothing())
    .execute();
  const accounts = rows.map((r) => ({ id: r.id, token: tokens.issue(r.id, r.role) }));
  return { admin: accounts[0] as Account, users: accounts.slice(1) };
}

// ---------------------------------------------------------------------------------------------
// Child server processes
// ---------------------------------------------------------------------------------------------

export type ChildServer = {
  child: ChildProcess;
  port: number;
  base: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  log(): string;
};

const children = new Set<ChildProcess>();

/** SIGKILLs every child still running (for afterAll). */
export function killAllChildren(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  children.clear();
}

export function startServer(env: Record<string, string>): Promise<ChildServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/start.ts'], {
      env: {
        PATH: process.env.PATH ?? '',
        SECRET_KEY: SECRET,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    let log = '';
    const keep = (chunk: Buffer) => {
      log += chunk.toString();
      if (log.length > 400_000) log = log.slice(-200_000);
    };
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((done) => {
      child.on('exit', (code, signal) => {
        children.delete(child);
        done({ code, signal, at: Date.now() });
      });
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within 30 s; log:\n${log.slice(-4000)}`));
    }, 30_000);
    const watch = (chunk: Buffer) => {
      keep(chunk);
      const port = /is ready: http:\/\/127\.0\.0\.1:(\d+)/.exec(log)?.[1];
      if (port) {
        clearTimeout(timer);
        child.stdout?.off('data', watch);
        child.stdout?.on('data', keep);
        resolve({ child, port: Number(port), base: `http://127.0.0.1:${port}`, exited, log: () => log });
      }
    };
    child.stdout?.on('data', watch);
    child.stderr?.on('data', keep);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${signal ?? code}) before it was ready; log:\n${log.slice(-4000)}`));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------------------------

// biome-ignore lint/suspicious/noExplicitAny: responses are checked field by field
type Body = any;
export type ApiResult =
  | { status: number; body: Body; headers: Headers; ms: number }
  | { status: 'error'; error: string; ms: number };

export async function api(
  base: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; timeoutMs?: number } = {},
): Promise<ApiResult> {
  const started = Date.now();
  try {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
    const raw = await res.text();
    let body: unknown = raw;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      // keep the raw text
    }
    return { status: res.status, body, headers: res.headers, ms: Date.now() - started };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return {
      status: 'error',
      error: `${(error as Error).name}: ${cause?.code ?? cause?.message ?? (error as Error).message}`,
      ms: Date.now() - started,
    };
  }
}

/** Showtimes made through the admin API of a running server; returns their seat ids. */
export async function makeShowtimes(base: string, admin: Account, count: number, seatsEach: number) {
  const movie = await api(base, 'POST', '/api/admin/movies', {
    token: admin.token,
    body: { title: `Fault film ${randomBytes(3).toString('hex')}`, duration_minutes: 100 },
  });
  if (movie.status !== 201) throw new Error(`movie: ${JSON.stringify(movie)}`);
  const events: { eventId: number; seatIds: number[] }[] = [];
  for (let i = 0; i < count; i++) {
    const event = await api(base, 'POST', '/api/admin/events', {
      token: admin.token,
      body: {
        movie_id: movie.body.id,
        start_time: new Date(Date.now() + (48 + i * 4) * 3_600_000).toISOString(),
        total_seats: seatsEach,
        price: 12,
      },
    });
    if (event.status !== 201) throw new Error(`event: ${JSON.stringify(event)}`);
    const seats = await api(base, 'GET', `/api/events/${event.body.event_id}/seats`);
    if (seats.status !== 200) throw new Error(`seats: ${JSON.stringify(seats)}`);
    events.push({ eventId: event.body.event_id, seatIds: seats.body.seats.map((s: { seat_id: number }) => s.seat_id) });
  }
  return events;
}

// ---------------------------------------------------------------------------------------------
// Booking storm: buyers hold 1-3 seats and pay for most holds, as fast as they can.
// ---------------------------------------------------------------------------------------------

/** A small seeded generator so a failing run can be replayed. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

export type Attempt = {
  route: 'book-seats' | 'confirm-payment';
  base: string;
  user: number;
  reference?: string;
  seatIds?: number[];
  result: ApiResult;
  at: number;
};

export type StormLog = {
  attempts: Attempt[];
  /** Holds answered 201: reference, seats, when the answer arrived. */
  holds: Map<string, { seatIds: number[]; user: number; expiresAt: number }>;
  /** References whose confirm-payment was answered 200. */
  confirmed: Set<string>;
};

export function newStormLog(): StormLog {
  return { attempts: [], holds: new Map(), confirmed: new Set() };
}

export async function buyer(options: {
  bases: string[];
  account: Account;
  events: { eventId: number; seatIds: number[] }[];
  seed: number;
  log: StormLog;
  stop: () => boolean;
  payRatio?: number;
  /** Stop this buyer after its first connection failure (the server is gone). */
  stopOnError?: boolean;
}) {
  const random = rng(options.seed);
  let turn = 0;
  while (!options.stop()) {
    const base = options.bases[turn++ % options.bases.length] as string;
    const event = options.events[Math.floor(random() * options.events.length)] as { eventId: number; seatIds: number[] };
    const count = 1 + Math.floor(random() * 3);
    const pool = [...event.seatIds];
    const seatIds: number[] = [];
    while (seatIds.length < count) seatIds.push(pool.splice(Math.floor(random() * pool.length), 1)[0] as number);
    const hold = await api(base, 'POST', '/api/book-seats', { token: options.account.token, body: { seat_ids: seatIds } });
    options.log.attempts.push({ route: 'book-seats', base, user: options.account.id, seatIds, result: hold, at: Date.now() });
    if (hold.status === 'error') {
      if (options.stopOnError) return;
      continue;
    }
    if (hold.status !== 201) continue;
    const reference = hold.body.booking_reference as string;
    options.log.holds.set(reference, {
      seatIds: hold.body.seat_ids,
      user: options.account.id,
      expiresAt: Date.parse(hold.body.expires_at),
    });
    if (random() >= (options.payRatio ?? 0.7) || options.stop()) continue;
    const payBase = options.bases[turn++ % options.bases.length] as string;
    const pay = await api(payBase, 'POST', '/api/confirm-payment', {
      token: options.account.token,
      body: { booking_reference: reference, payment: APPROVED_CARD },
    });
    options.log.attempts.push({
      route: 'confirm-payment',
      base: payBase,
      user: options.account.id,
      reference,
      result: pay,
      at: Date.now(),
    });
    if (pay.status === 200) options.log.confirmed.add(reference);
    if (pay.status === 'error' && options.stopOnError) return;
  }
}

export function tally(log: StormLog) {
  const byStatus: Record<string, number> = {};
  for (const a of log.attempts) {
    const key = `${a.route} ${a.result.status}`;
    byStatus[key] = (byStatus[key] ?? 0) + 1;
  }
  const acknowledged = log.attempts.filter((a) => typeof a.result.status === 'number' && a.result.status < 300).length;
  const serverErrors = log.attempts.filter((a) => typeof a.result.status === 'number' && a.result.status >= 500);
  const failures = log.attempts.filter((a) => a.result.status === 'error');
  return { sent: log.attempts.length, acknowledged, byStatus, serverErrors, failures };
}

// ---------------------------------------------------------------------------------------------
// Audit of the database against what clients were told
// ---------------------------------------------------------------------------------------------

export async function auditAgainstClients(db: Db, log: StormLog) {
  const refs = [...log.holds.keys()];
  const bookings = new Map<string, { id: number; status: string; seatIds: number[] }>();
  for (let i = 0; i < refs.length; i += 200) {
    const chunk = refs.slice(i, i + 200);
    if (chunk.length === 0) break;
    const rows = await db.kysely
      .selectFrom('bookings as b')
      .innerJoin('booking_seats as bs', 'bs.booking_id', 'b.id')
      .select(['b.id', 'b.reference', 'b.status', 'bs.seat_id'])
      .where('b.reference', 'in', chunk)
      .execute();
    for (const row of rows) {
      const entry = bookings.get(row.reference) ?? { id: row.id, status: row.status, seatIds: [] };
      entry.seatIds.push(row.seat_id);
      bookings.set(row.reference, entry);
    }
  }
  const missingHolds: string[] = [];
  const wrongSeats: string[] = [];
  for (const [reference, hold] of log.holds) {
    const found = bookings.get(reference);
    if (!found) {
      missingHolds.push(reference);
      continue;
    }
    const want = [...hold.seatIds].sort((a, b) => a - b).join(',');
    const got = [...found.seatIds].sort((a, b) => a - b).join(',');
    if (want !== got) wrongSeats.push(`${reference}: told ${want}, stored ${got}`);
  }
  const lostConfirmations = [...log.confirmed].filter((reference) => bookings.get(reference)?.status !== 'confirmed');
  // A seat may belong to at most one confirmed booking, and a booked seat must point at it.
  const doubleSold = await db.kysely
    .selectFrom('booking_seats as bs')
    .innerJoin('bookings as b', 'b.id', 'bs.booking_id')
    .select(['bs.seat_id', sql<number>`count(*)`.as('owners')])
    .where('b.status', '=', 'confirmed')
    .groupBy('bs.seat_id')
    .having(sql`count(*)`, '>', 1)
    .execute();
  const integrity = await findIntegrityProblems(db, Date.now());
  return { missingHolds, wrongSeats, lostConfirmations, doubleSold, integrity, stored: bookings };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a truthy value or `ms` pass; returns the last value. */
export async function eventually<T>(check: () => Promise<T>, ms: number, every = 200): Promise<T> {
  const deadline = Date.now() + ms;
  let last = await check();
  while (!last && Date.now() < deadline) {
    await sleep(every);
    last = await check();
  }
  return last;
}
