import { request as httpRequest } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import {
  api,
  createTargetDatabase,
  eventually,
  killAllChildren,
  makeShowtimes,
  seedAccounts,
  sleep,
  startServer,
  type TargetDatabase,
} from './faults-support.js';
import { testDialect } from './helpers/database.js';

/**
 * SIGTERM while requests are in flight: /ready and new requests get 503 at once while the
 * listener is still open, a request already being received finishes with 2xx even after the
 * listener has closed, an open seat stream is ended instead of holding the process, and the
 * process exits 0 well within the shutdown timeout.
 */

const DRAIN_MS = 1000;
const TIMEOUT_MS = 10_000;

let target: TargetDatabase | undefined;
afterAll(async () => {
  killAllChildren();
  await target?.drop();
});

/** An SSE connection to a seat map; resolves `ended` when the server ends the stream. */
async function openSeatStream(base: string, eventId: number) {
  const response = await fetch(`${base}/api/events/${eventId}/seats/stream`, { headers: { accept: 'text/event-stream' } });
  expect(response.status).toBe(200);
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  let sawSnapshot: () => void = () => {};
  const snapshot = new Promise<void>((resolve) => {
    sawSnapshot = resolve;
  });
  const ended = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return Date.now();
      text += decoder.decode(value, { stream: true });
      if (text.includes('event: snapshot')) sawSnapshot();
    }
  })();
  await snapshot;
  return { ended };
}

/** A POST whose body is only half sent: the request is in flight until `finish()` sends the rest. */
function halfSentPost(port: number, path: string, token: string, body: unknown) {
  const payload = Buffer.from(JSON.stringify(body));
  const req = httpRequest({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path,
    agent: false,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': payload.length },
  });
  const response = new Promise<{ status: number; body: string; connection?: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, connection: res.headers.connection }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
  req.flushHeaders();
  req.write(payload.subarray(0, 8));
  return { response, finish: () => req.end(payload.subarray(8)) };
}

describe(`SIGTERM with requests in flight (${testDialect()})`, () => {
  it('drains: /ready 503 first, new requests 503, in-flight requests finish, streams end, exit 0', async () => {
    target = await createTargetDatabase();
    const { admin, users } = await seedAccounts(target.db, 41);
    const server = await startServer({
      DATABASE_URL: target.url,
      SHUTDOWN_DRAIN_MS: String(DRAIN_MS),
      SHUTDOWN_TIMEOUT_MS: String(TIMEOUT_MS),
    });
    const [event] = await makeShowtimes(server.base, admin, 1, 100);
    if (!event) throw new Error('no showtime');
    const [slowSeat, ...burstSeats] = event.seatIds;

    // 1. A browser watching the seat map, and a slow upload that is mid-body when the signal comes.
    const stream = await openSeatStream(server.base, event.eventId);
    const slow = halfSentPost(server.port, '/api/book-seats', (users[0] as { token: string }).token, { seat_ids: [slowSeat] });
    await sleep(200);

    // 2. A burst of bookings, with SIGTERM landing while it is being served.
    const burst = users
      .slice(1)
      .map((user, i) => api(server.base, 'POST', '/api/book-seats', { token: user.token, body: { seat_ids: [burstSeats[i]] } }));
    await Promise.race([burst[0], sleep(100)]);
    const sigtermAt = Date.now();
    server.child.kill('SIGTERM');
    // A signal is delivered asynchronously: until the process has handled it, /ready rightly says
    // 200. What must hold is that nothing says 200 once the shutdown has begun.
    const handled = await eventually(async () => /shutting down: draining/.test(server.log()), 2000, 5);
    expect(handled, server.log().slice(-2000)).toBe(true);

    // 3. Right after the signal: /ready says 503 while the listener is still open, and so does new work.
    const readiness: { at: number; status: number | 'error'; code?: string; error?: string }[] = [];
    let newWork: Awaited<ReturnType<typeof api>> | undefined;
    let listenerClosedAt: number | undefined;
    while (Date.now() - sigtermAt < TIMEOUT_MS) {
      const ready = await api(server.base, 'GET', '/ready', { timeoutMs: 2000 });
      readiness.push({
        at: Date.now(),
        status: ready.status,
        ...(ready.status === 'error' ? { error: ready.error } : { code: ready.body?.code }),
      });
      if (ready.status === 503 && !newWork) {
        newWork = await api(server.base, 'POST', '/api/book-seats', {
          token: (users[1] as { token: string }).token,
          body: { seat_ids: [event.seatIds[99]] },
        });
      }
      if (ready.status === 'error') {
        listenerClosedAt = Date.now();
        break;
      }
      await sleep(50);
    }

    const first503 = readiness.find((r) => r.status === 503);
    expect(first503, JSON.stringify(readiness)).toBeDefined();
    expect(first503?.code).toBe('SERVICE_UNAVAILABLE');
    expect(readiness.some((r) => r.status === 200)).toBe(false);
    expect(listenerClosedAt).toBeDefined();
    expect(first503?.at).toBeLessThan(listenerClosedAt as number);
    expect(readiness.find((r) => r.status === 'error')?.error).toMatch(/ECONNREFUSED/);

    expect(newWork?.status).toBe(503);
    if (newWork?.status === 503) {
      expect(newWork.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', detail: expect.any(String) });
      expect(newWork.headers.get('content-type')).toMatch(/application\/json/);
      expect(newWork.headers.get('retry-after')).toBe('1');
    }

    // 4. The seat stream was ended by the server, not left to hold the shutdown open.
    const streamEndedAt = await stream.ended;
    expect(streamEndedAt - sigtermAt).toBeLessThan(DRAIN_MS);

    // 5. The slow request began before the signal: it completes, even though the listener is closed now.
    slow.finish();
    const slowResult = await slow.response;
    expect(slowResult.status, slowResult.body).toBe(201);
    expect(slowResult.connection).toBe('close');
    const slowReference = JSON.parse(slowResult.body).booking_reference as string;

    // 6. Every burst request was either served (201) or turned away cleanly (503): none cut, none 500.
    const burstResults = await Promise.all(burst);
    const served = burstResults.filter((r) => r.status === 201);
    const turnedAway = burstResults.filter((r) => r.status === 503);
    expect(burstResults.filter((r) => r.status !== 201 && r.status !== 503)).toEqual([]);
    for (const r of turnedAway) if (r.status === 503) expect(r.body.code).toBe('SERVICE_UNAVAILABLE');
    expect(served.length).toBeGreaterThan(0);

    // 7. The process exits 0, in bounded time.
    const exit = await server.exited;
    expect(exit.code, server.log().slice(-3000)).toBe(0);
    expect(exit.at - sigtermAt).toBeLessThan(TIMEOUT_MS);
    expect(server.log()).toMatch(/shut down cleanly/);

    // 8. Everything acknowledged is in the database.
    const references = [slowReference, ...served.map((r) => (r.status === 201 ? (r.body.booking_reference as string) : ''))];
    const stored = await target.db.kysely
      .selectFrom('bookings')
      .select('reference')
      .where('reference', 'in', references)
      .execute();
    expect(stored.length).toBe(references.length);

    console.info(
      `[faults-shutdown ${testDialect()}] burst ${burst.length}: ${served.length} served 201, ${turnedAway.length} turned away 503, ` +
        `0 cut; slow in-flight request 201; /ready 503 after ${(first503?.at ?? 0) - sigtermAt} ms, listener closed after ` +
        `${(listenerClosedAt ?? 0) - sigtermAt} ms, stream ended after ${streamEndedAt - sigtermAt} ms, exit 0 after ${exit.at - sigtermAt} ms`,
    );
  }, 60_000);
});
