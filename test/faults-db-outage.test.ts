import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { openSqliteHandle } from '../src/db/sqlite/handle.js';
import { findIntegrityProblems } from '../src/db/stores/integrity-store.js';
import { buildApp } from '../src/server/app.js';
import { hashPassword } from '../src/services/passwords.js';
import { type ApiResult, api, eventually, makeShowtimes } from './faults-support.js';
import { freshDatabase, testDialect } from './helpers/database.js';
import { APPROVED_CARD, testConfig } from './helpers/test-app.js';

/**
 * The database going away under a running server: /ready turns 503, requests fail fast with
 * 503 SERVICE_UNAVAILABLE (never hang, never 500), and the server recovers by itself when the
 * database is back. SQLite: the database directory is moved away, then the file is replaced by a
 * directory (both work as root, where chmod would not). PostgreSQL: a TCP proxy between the app and
 * the shared server refuses, swallows or freezes connections (the server itself is never stopped).
 */

type Running = Awaited<ReturnType<typeof buildApp>> & { base: string; db: Db };
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function serveOn(db: Db, databaseUrl: string): Promise<Running> {
  const built = await buildApp({ config: testConfig({ databaseUrl }), db, logger: false, migrate: false, sweepIntervalMs: 500 });
  await built.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = built.app.server.address() as { port: number };
  cleanups.push(() => built.app.close());
  return { ...built, db, base: `http://127.0.0.1:${port}` };
}

async function accounts(running: Running) {
  const hash = await hashPassword('correct-horse-battery');
  const insert = (role: 'user' | 'admin', email: string) =>
    running.db.kysely
      .insertInto('users')
      .values({ email, password_hash: hash, full_name: role, role, is_active: 1, created_at: Date.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
  const admin = await insert('admin', 'outage-admin@example.com');
  const user = await insert('user', 'outage-user@example.com');
  return {
    admin: { id: admin.id, token: running.services.auth.issueToken(admin.id, 'admin') },
    user: { id: user.id, token: running.services.auth.issueToken(user.id, 'user') },
  };
}

/** What a client sees while the database is away: 503 SERVICE_UNAVAILABLE, fast, for reads, writes and /ready. */
async function expectUnavailable(running: Running, token: string, seatId: number, reference: string, withinMs: number) {
  const probes = await Promise.all([
    api(running.base, 'GET', '/ready', { timeoutMs: withinMs + 5000 }),
    // (Seat maps are served from a short-lived read cache, so they are not probed here.)
    api(running.base, 'GET', `/api/bookings/${reference}`, { token, timeoutMs: withinMs + 5000 }),
    api(running.base, 'POST', '/api/book-seats', { token, body: { seat_ids: [seatId] }, timeoutMs: withinMs + 5000 }),
    api(running.base, 'POST', '/api/confirm-payment', {
      token,
      body: { booking_reference: reference, payment: APPROVED_CARD },
      timeoutMs: withinMs + 5000,
    }),
    api(running.base, 'GET', '/api/bookings', { token, timeoutMs: withinMs + 5000 }),
  ]);
  for (const probe of probes) {
    expect(probe.status, JSON.stringify(probe)).toBe(503);
    if (probe.status === 503) expect(probe.body.code).toBe('SERVICE_UNAVAILABLE');
    expect(probe.ms).toBeLessThan(withinMs);
  }
  // Every 503 but /ready's tells the client when to come back.
  for (const probe of probes.slice(1)) if (probe.status === 503) expect(probe.headers.get('retry-after')).toMatch(/^\d+$/);
  return probes.map((p) => p.ms);
}

/** After the database is back: ready again, and buying works end to end without a restart. */
async function expectRecovered(running: Running, token: string, seatId: number, withinMs: number) {
  const started = Date.now();
  const ready = await eventually(async () => (await api(running.base, 'GET', '/ready')).status === 200, withinMs, 100);
  expect(ready).toBe(true);
  const recoveredMs = Date.now() - started;
  const hold = await api(running.base, 'POST', '/api/book-seats', { token, body: { seat_ids: [seatId] } });
  expect(hold.status, JSON.stringify(hold)).toBe(201);
  const reference = hold.status === 201 ? (hold.body.booking_reference as string) : '';
  const paid = await api(running.base, 'POST', '/api/confirm-payment', {
    token,
    body: { booking_reference: reference, payment: APPROVED_CARD },
  });
  expect(paid.status, JSON.stringify(paid)).toBe(200);
  return { reference, recoveredMs };
}

describe.skipIf(testDialect() !== 'sqlite')('SQLite database file goes away', () => {
  it('answers 503 while the file is gone or replaced, and recovers when it is back', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bmm-outage-'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const dataDir = join(root, 'data');
    const file = join(dataDir, 'app.db');
    const url = `sqlite:${file}`;
    const db = openDatabase(url);
    cleanups.push(() => db.close());
    await migrateToLatest(db);
    const running = await serveOn(db, url);
    const { admin, user } = await accounts(running);
    const [event] = await makeShowtimes(running.base, admin, 1, 20);
    if (!event) throw new Error('no showtime');
    const seats = event.seatIds;

    const before = await api(running.base, 'POST', '/api/book-seats', { token: user.token, body: { seat_ids: [seats[0]] } });
    expect(before.status).toBe(201);
    const heldReference = before.status === 201 ? (before.body.booking_reference as string) : '';

    // Fault 1: the data directory is moved away (a lost mount, an operator's mv).
    renameSync(dataDir, `${dataDir}.away`);
    const missingMs = await expectUnavailable(running, user.token, seats[1] as number, heldReference, 3000);
    renameSync(`${dataDir}.away`, dataDir);
    const first = await expectRecovered(running, user.token, seats[2] as number, 3000);

    // Fault 2: the file is replaced by something that is not a database file (a directory).
    renameSync(dataDir, `${dataDir}.away`);
    mkdirSync(file, { recursive: true });
    const replacedMs = await expectUnavailable(running, user.token, seats[3] as number, heldReference, 3000);
    rmSync(dataDir, { recursive: true, force: true });
    renameSync(`${dataDir}.away`, dataDir);
    const second = await expectRecovered(running, user.token, seats[4] as number, 3000);

    // Nothing written during the outage; everything from before and after is intact.
    const held = await db.kysely
      .selectFrom('bookings')
      .select('status')
      .where('reference', '=', heldReference)
      .executeTakeFirst();
    expect(held?.status).toBe('pending');
    const statuses = await db.kysely.selectFrom('seats').select(['id', 'status']).where('event_id', '=', event.eventId).execute();
    const byId = new Map(statuses.map((s) => [s.id, s.status]));
    expect([byId.get(seats[0] as number), byId.get(seats[1] as number), byId.get(seats[3] as number)]).toEqual([
      'held',
      'available',
      'available',
    ]);
    expect([byId.get(seats[2] as number), byId.get(seats[4] as number)]).toEqual(['booked', 'booked']);
    expect(await findIntegrityProblems(db, Date.now())).toEqual([]);
    console.info(
      `[faults-db-outage sqlite] dir moved: 503s in ${missingMs.join('/')} ms, ready again after ${first.recoveredMs} ms; ` +
        `file replaced: 503s in ${replacedMs.join('/')} ms, ready again after ${second.recoveredMs} ms`,
    );
  }, 30_000);

  it('turns SQLITE_BUSY (another process holding the write lock too long) into 503 with Retry-After, never 500', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bmm-busy-'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const file = join(root, 'app.db');
    const url = `sqlite:${file}`;
    const db = openDatabase(url, { busyTimeoutMs: 150 });
    cleanups.push(() => db.close());
    await migrateToLatest(db);
    const running = await serveOn(db, url);
    const { admin, user } = await accounts(running);
    const [event] = await makeShowtimes(running.base, admin, 1, 10);
    if (!event) throw new Error('no showtime');

    // Another process (here: another connection) takes the write lock and sits on it.
    const other = openSqliteHandle(file);
    other.exec('pragma busy_timeout = 0');
    other.exec('begin immediate');
    try {
      const blocked = await api(running.base, 'POST', '/api/book-seats', {
        token: user.token,
        body: { seat_ids: [event.seatIds[0]] },
      });
      expect(blocked.status, JSON.stringify(blocked)).toBe(503);
      if (blocked.status === 503) {
        expect(blocked.body.code).toBe('SERVICE_UNAVAILABLE');
        expect(blocked.headers.get('retry-after')).toBe('1');
      }
      // WAL: readers are not blocked by a writer.
      expect((await api(running.base, 'GET', `/api/events/${event.eventId}/seats`)).status).toBe(200);
    } finally {
      other.exec('rollback');
      other.close();
    }
    const retried = await api(running.base, 'POST', '/api/book-seats', {
      token: user.token,
      body: { seat_ids: [event.seatIds[0]] },
    });
    expect(retried.status).toBe(201);
  });
});

// ---------------------------------------------------------------------------------------------
// PostgreSQL through a TCP proxy the test controls
// ---------------------------------------------------------------------------------------------

function tcpProxy(upstream: { host: string; port: number }) {
  type Mode = 'up' | 'blackhole';
  let mode: Mode = 'up';
  const sockets = new Set<Socket>();
  const pairs = new Set<[Socket, Socket]>();
  let server: Server | undefined;
  let port = 0;

  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  };

  const onConnection = (client: Socket) => {
    track(client);
    if (mode === 'blackhole') return; // accepted, never answered
    const server = tcpConnect(upstream);
    track(server);
    const pair: [Socket, Socket] = [client, server];
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      server.destroy();
    };
    client.on('close', drop);
    server.on('close', drop);
    client.pipe(server);
    server.pipe(client);
  };

  const listen = () =>
    new Promise<void>((resolve) => {
      const listening = createServer(onConnection);
      server = listening;
      listening.listen(port, '127.0.0.1', () => {
        port = (listening.address() as { port: number }).port;
        resolve();
      });
    });

  const destroyAll = () => {
    for (const socket of sockets) socket.destroy();
    pairs.clear();
  };

  return {
    listen,
    get port() {
      return port;
    },
    /** Connections reset, new ones refused (the server is down or the host unreachable). */
    async refuse() {
      const closing = server;
      server = undefined;
      // close() stops accepting; its callback waits for open connections, so reset them first.
      const closed = new Promise<void>((resolve) => (closing ? closing.close(() => resolve()) : resolve()));
      destroyAll();
      await closed;
    },
    /** New connections are accepted and never answered (a firewall dropping packets). */
    async blackhole() {
      mode = 'blackhole';
      if (!server) await listen();
    },
    /** Open connections go silent in both directions, new ones too (a partition; TCP does not notice). */
    async freeze() {
      mode = 'blackhole';
      for (const [client, upstreamSocket] of pairs) {
        client.unpipe(upstreamSocket);
        upstreamSocket.unpipe(client);
        client.pause();
        upstreamSocket.pause();
      }
      if (!server) await listen();
    },
    /**
     * Back to normal for new connections. Whatever was held or frozen is reset, unless `keepHeld`:
     * then connections accepted while swallowing stay silent for ever (a server that accepted and
     * hung), and only a client's own timeout gets it out.
     */
    async restore(options: { keepHeld?: boolean } = {}) {
      if (!options.keepHeld) destroyAll();
      mode = 'up';
      if (!server) await listen();
    },
    async close() {
      await this.refuse();
    },
  };
}

/** Resolves with the time a `seat` message for `seatId` arrives on the seat stream, or null after `ms`. */
async function seatMessage(base: string, eventId: number, seatId: number, act: () => Promise<void>, ms: number) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  try {
    const response = await fetch(`${base}/api/events/${eventId}/seats/stream`, { signal: controller.signal });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    let acted = false;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return null;
      buffer += decoder.decode(value, { stream: true });
      if (!acted && buffer.includes('event: snapshot')) {
        acted = true;
        await act();
      }
      for (const frame of buffer.split('\n\n')) {
        const data = /^event: seat\ndata: (.+)$/m.exec(frame)?.[1];
        if (data && JSON.parse(data).seat_id === seatId) return Date.now();
      }
    }
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

describe.skipIf(testDialect() !== 'postgres')('PostgreSQL unreachable (TCP proxy)', () => {
  it('answers 503 fast while connections are refused, swallowed or frozen, and recovers by itself', async () => {
    const database = await freshDatabase();
    cleanups.push(() => database.drop());
    const direct = new URL(database.url);
    const proxy = tcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    await proxy.listen();
    cleanups.push(() => proxy.close());
    const viaProxy = new URL(database.url);
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    const db = openDatabase(viaProxy.toString(), { schema: database.schema, poolSize: 5 });
    cleanups.push(() => db.close());
    const running = await serveOn(db, viaProxy.toString());
    // Cleanups run last-in first-out: reset the proxy first, so nothing is left waiting on it.
    cleanups.push(() => proxy.refuse());
    const { admin, user } = await accounts(running);
    const [event] = await makeShowtimes(running.base, admin, 1, 30);
    if (!event) throw new Error('no showtime');
    const seats = event.seatIds;
    const hold = await api(running.base, 'POST', '/api/book-seats', { token: user.token, body: { seat_ids: [seats[0]] } });
    expect(hold.status).toBe(201);
    const heldReference = hold.status === 201 ? (hold.body.booking_reference as string) : '';

    // Fault 1: refused (server down / unreachable host): open connections reset, new ones refused.
    await proxy.refuse();
    const refusedMs = await expectUnavailable(running, user.token, seats[1] as number, heldReference, 3000);

    // Fault 2: swallowed (a firewall dropping packets): connecting hangs until connectionTimeoutMillis.
    await proxy.blackhole();
    const swallowedMs = await expectUnavailable(running, user.token, seats[1] as number, heldReference, 6000);

    await proxy.restore({ keepHeld: true });
    const first = await expectRecovered(running, user.token, seats[2] as number, 8000);

    // Live seat updates (LISTEN/NOTIFY, through the same proxy) come back too, even though the
    // listener's reconnection attempt during the outage was swallowed.
    const liveStarted = Date.now();
    let liveAt: number | null = null;
    for (const seat of seats.slice(5, 12)) {
      let booked: ApiResult | undefined;
      liveAt = await seatMessage(
        running.base,
        event.eventId,
        seat,
        async () => {
          booked = await api(running.base, 'POST', '/api/book-seats', { token: user.token, body: { seat_ids: [seat] } });
        },
        1500,
      );
      expect(booked?.status).toBe(201);
      if (liveAt) break;
    }
    expect(liveAt, 'the seat stream never delivered a change after the database came back').not.toBeNull();
    const liveAfterMs = (liveAt as number) - liveStarted;

    // Fault 3: frozen (a partition): pooled connections stay open but nothing comes back, so only
    // the query timeout can end the wait.
    await Promise.all([1, 2, 3].map(() => api(running.base, 'GET', `/api/events/${event.eventId}/seats`)));
    await proxy.freeze();
    const frozenMs = await expectUnavailable(running, user.token, seats[3] as number, heldReference, 9500);

    await proxy.restore();
    const second = await expectRecovered(running, user.token, seats[4] as number, 8000);

    const rows = await database.db.kysely
      .selectFrom('seats')
      .select(['id', 'status'])
      .where('event_id', '=', event.eventId)
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r.status]));
    expect([byId.get(seats[1] as number), byId.get(seats[3] as number)]).toEqual(['available', 'available']);
    expect([byId.get(seats[2] as number), byId.get(seats[4] as number)]).toEqual(['booked', 'booked']);
    expect(await findIntegrityProblems(database.db, Date.now())).toEqual([]);
    console.info(
      `[faults-db-outage postgres] refused: 503s in ${refusedMs.join('/')} ms; swallowed: 503s in ${swallowedMs.join('/')} ms; ` +
        `ready again after ${first.recoveredMs} ms, live seat updates after ${liveAfterMs} ms; frozen: 503s in ${frozenMs.join('/')} ms; ready again after ${second.recoveredMs} ms`,
    );
  }, 60_000);
});
