import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/server/app.js';
import { SERVER_TIMEOUTS, type ServerTimeouts, timeoutOptions } from '../src/server/timeouts.js';
import { freshDatabase } from './helpers/database.js';
import { createTestApp, type TestApp, testConfig } from './helpers/test-app.js';

/**
 * Slow clients over raw sockets: headers that never finish, a body that stalls, a kept-alive
 * connection left idle, and a live seat stream that must outlive all of those deadlines. The
 * deadlines are shortened (the same code, smaller numbers) so the test waits a second, not 30.
 */

const SHORT: ServerTimeouts = {
  headersMs: 500,
  requestMs: 1_000,
  keepAliveMs: 300,
  idleSocketMs: 2_500,
  checkEveryMs: 100,
  streamHeartbeatMs: 300,
};

/** Node keeps an idle kept-alive socket this much past the advertised time, so a racing request is not reset. */
const NODE_KEEP_ALIVE_GRACE_MS = 1_000;

/** What a raw connection saw: everything the server wrote, and when (ms after `since`) it closed. */
type Outcome = { text: string; closedAfterMs: number | undefined };

function rawConnection(port: number, options: { localAddress?: string } = {}) {
  const socket: Socket = connect({ port, host: '127.0.0.1', ...options });
  let text = '';
  let closedAt: number | undefined;
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    text += chunk;
  });
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  socket.on('close', () => {
    closedAt = Date.now();
  });
  const opened = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return {
    socket,
    opened,
    get text() {
      return text;
    },
    /** Waits until the server closes the connection or `limitMs` passes, whichever comes first. */
    async outcome(since: number, limitMs: number): Promise<Outcome> {
      await Promise.race([closed, new Promise((r) => setTimeout(r, limitMs))]);
      return { text, closedAfterMs: closedAt === undefined ? undefined : closedAt - since };
    },
  };
}

let t: TestApp;
let port: number;
const sockets: Socket[] = [];

beforeAll(async () => {
  t = await createTestApp({ timeouts: SHORT });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as { port: number }).port;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await t?.close();
});

function open() {
  const connection = rawConnection(port);
  sockets.push(connection.socket);
  return connection;
}

describe('connection deadlines', () => {
  it('uses 10 s for headers, 30 s for the whole request and bounded idle times by default', async () => {
    expect(SERVER_TIMEOUTS).toMatchObject({ headersMs: 10_000, requestMs: 30_000, keepAliveMs: 72_000, idleSocketMs: 60_000 });
    expect(SERVER_TIMEOUTS.streamHeartbeatMs).toBeLessThan(SERVER_TIMEOUTS.idleSocketMs);
    // The real server object, built without any override.
    const database = await freshDatabase();
    const { app } = await buildApp({ config: testConfig(), db: database.db, logger: false, migrate: false, sweepIntervalMs: 0 });
    try {
      expect(app.server.headersTimeout).toBe(10_000);
      expect(app.server.requestTimeout).toBe(30_000);
      expect(app.server.keepAliveTimeout).toBe(72_000);
      expect(app.server.timeout).toBe(60_000);
    } finally {
      await app.close();
      await database.drop();
    }
  });

  it('closes a connection whose headers stop after the request line (408) within the header deadline', async () => {
    const c = open();
    await c.opened;
    const since = Date.now();
    c.socket.write('GET /health HTTP/1.1\r\nHost: localhost\r\n');
    const seen = await c.outcome(since, 5_000);
    console.info(`slow headers: closed after ${seen.closedAfterMs} ms (deadline ${SHORT.headersMs} ms)`);
    expect(seen.closedAfterMs).toBeDefined();
    expect(seen.closedAfterMs).toBeGreaterThanOrEqual(SHORT.headersMs - 50);
    expect(seen.closedAfterMs).toBeLessThan(SHORT.headersMs + SHORT.checkEveryMs + 700);
    expect(seen.text).toMatch(/^HTTP\/1\.1 408 /);
    expect(JSON.parse(seen.text.slice(seen.text.indexOf('\r\n\r\n') + 4))).toMatchObject({ code: 'REQUEST_TIMEOUT' });
  });

  it('closes a connection that opens and sends nothing within the header deadline', async () => {
    const c = open();
    await c.opened;
    const seen = await c.outcome(Date.now(), 5_000);
    console.info(`silent connection: closed after ${seen.closedAfterMs} ms`);
    expect(seen.closedAfterMs).toBeDefined();
    expect(seen.closedAfterMs).toBeLessThan(SHORT.headersMs + SHORT.checkEveryMs + 700);
  });

  it('answers 408 and closes when a body stalls after a few bytes, within the request deadline', async () => {
    const c = open();
    await c.opened;
    const since = Date.now();
    const body = JSON.stringify({ email: 'slow@example.com', password: 'correct-horse-battery' });
    c.socket.write(
      `POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 5)}`,
    );
    // Still trickling a byte now and then does not buy more time: the deadline covers the whole request.
    const trickle = setInterval(() => c.socket.writable && c.socket.write(' '), 200);
    const seen = await c.outcome(since, 5_000);
    clearInterval(trickle);
    console.info(`stalled body: closed after ${seen.closedAfterMs} ms (deadline ${SHORT.requestMs} ms)`);
    expect(seen.closedAfterMs).toBeDefined();
    expect(seen.closedAfterMs).toBeGreaterThanOrEqual(SHORT.requestMs - 50);
    expect(seen.closedAfterMs).toBeLessThan(SHORT.requestMs + SHORT.checkEveryMs + 700);
    expect(seen.text).toMatch(/^HTTP\/1\.1 408 /);
    expect(seen.text).toMatch(/\r\nContent-Type: application\/json/i);
    expect(JSON.parse(seen.text.slice(seen.text.indexOf('\r\n\r\n') + 4))).toEqual({
      detail: expect.stringMatching(/did not arrive in time/),
      code: 'REQUEST_TIMEOUT',
    });
  });

  it('answers unreadable HTTP with 400 in the error shape', async () => {
    const c = open();
    await c.opened;
    c.socket.write('THIS IS NOT HTTP\r\n\r\n');
    const seen = await c.outcome(Date.now(), 5_000);
    expect(seen.text).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(seen.text.slice(seen.text.indexOf('\r\n\r\n') + 4))).toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('closes a kept-alive connection left idle after a response, after the keep-alive time', async () => {
    const c = open();
    await c.opened;
    c.socket.write('GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n');
    const answered = Date.now() + 5_000;
    while (!/\r\n\r\n[\s\S]*\}/.test(c.text) && Date.now() < answered) await new Promise((r) => setTimeout(r, 10));
    expect(c.text).toMatch(/^HTTP\/1\.1 200 /);
    expect(c.text.toLowerCase()).toContain('keep-alive');
    const since = Date.now();
    const seen = await c.outcome(since, 5_000);
    console.info(`idle keep-alive: closed after ${seen.closedAfterMs} ms (deadline ${SHORT.keepAliveMs} ms)`);
    expect(seen.closedAfterMs).toBeDefined();
    expect(seen.closedAfterMs).toBeGreaterThanOrEqual(SHORT.keepAliveMs - 100);
    // Well before the idle-socket deadline (2.5 s): it is the keep-alive time that closed it.
    expect(seen.closedAfterMs).toBeLessThan(SHORT.keepAliveMs + NODE_KEEP_ALIVE_GRACE_MS + 500);
  });

  it('keeps a live seat stream open past every deadline, on its heartbeats', async () => {
    const admin = await t.makeUser('admin');
    const { eventId } = await t.makeShowtime(admin);
    const c = open();
    await c.opened;
    const since = Date.now();
    c.socket.write(`GET /api/events/${eventId}/seats/stream HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n`);
    // Past the longest deadline (the idle socket's), so every one of them has passed.
    const seen = await c.outcome(since, SHORT.idleSocketMs + 1_000);
    const heartbeats = seen.text.split(': keep-alive').length - 1;
    console.info(`seat stream: open after ${Date.now() - since} ms, ${heartbeats} heartbeats`);
    expect(seen.closedAfterMs).toBeUndefined();
    expect(seen.text).toMatch(/^HTTP\/1\.1 200 /);
    expect(seen.text).toContain('event: snapshot');
    expect(heartbeats).toBeGreaterThanOrEqual(5);
    // Still live: a hold made now reaches it.
    const user = await t.makeUser();
    const seats = (await t.call('GET', `/api/events/${eventId}/seats`)).body.seats as { seat_id: number }[];
    const seatId = seats[0]?.seat_id as number;
    const hold = await t.call('POST', '/api/book-seats', {
      token: user.token,
      body: { seat_ids: [seatId] },
      headers: { 'idempotency-key': randomBytes(8).toString('hex') },
    });
    expect(hold.status).toBe(201);
    const change = `event: seat\ndata: {"seat_id":${seatId},"status":"held"}`;
    const deadline = Date.now() + 2_000;
    while (!c.text.includes(change) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(c.text).toContain(change);
  });
});

describe('timeout settings', () => {
  it('refuses a heartbeat that would let a quiet seat stream hit the idle-socket deadline', () => {
    expect(() => timeoutOptions({ ...SHORT, streamHeartbeatMs: SHORT.idleSocketMs })).toThrow(/heartbeat/);
    expect(() => timeoutOptions({ ...SHORT, headersMs: SHORT.requestMs + 1 })).toThrow(/header timeout/);
  });
});
