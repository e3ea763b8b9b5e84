import { type ClientRequest, request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * How many live seat streams one client address, and the whole instance, may hold open. Real
 * sockets: each stream is a connection of its own (no agent), opened from 127.0.0.1 or, for a
 * second client, from 127.0.0.2 (also loopback on Linux).
 */

type Opened = { status: number; body: string; retryAfter: string | undefined; req: ClientRequest };

const apps: TestApp[] = [];
const requests: ClientRequest[] = [];

afterEach(async () => {
  for (const req of requests.splice(0)) req.destroy();
  for (const app of apps.splice(0)) await app.close();
});

async function start(config: { maxStreamsPerClient?: number; maxStreams?: number }) {
  const t = await createTestApp({ config });
  apps.push(t);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (t.app.server.address() as { port: number }).port;
  const admin = await t.makeUser('admin');
  const { eventId } = await t.makeShowtime(admin);
  return { t, port, eventId };
}

/** Opens a stream; a 200 resolves once its snapshot has arrived, a refusal once its body has. */
function openStream(port: number, eventId: number, localAddress = '127.0.0.1'): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({
      host: '127.0.0.1',
      port,
      localAddress,
      agent: false,
      path: `/api/events/${eventId}/seats/stream`,
      headers: { accept: 'text/event-stream' },
    });
    requests.push(req);
    req.on('error', reject);
    req.on('response', (res) => {
      let body = '';
      const retryAfter = res.headers['retry-after'] as string | undefined;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
        if (res.statusCode === 200 && body.includes('event: snapshot')) resolve({ status: 200, body, retryAfter, req });
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, retryAfter, req }));
    });
    req.end();
  });
}

/** Waits until the server has let go of `count` streams (their close reached it), with a deadline. */
async function streamsOpen(t: TestApp, eventId: number, count: number) {
  const deadline = Date.now() + 3_000;
  while (t.deps.bus.listenerCount(eventId) !== count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  expect(t.deps.bus.listenerCount(eventId)).toBe(count);
}

describe('live seat stream limits', () => {
  it('serves 50 streams from one address and refuses the 51st with 429 RATE_LIMITED and Retry-After; another address is served', async () => {
    const { t, port, eventId } = await start({});
    const baseline = t.deps.bus.listenerCount(eventId);
    const results = await Promise.all(Array.from({ length: 51 }, () => openStream(port, eventId)));
    const statuses = results.map((r) => r.status);
    console.info(
      `51 concurrent streams from 127.0.0.1: ${statuses.filter((s) => s === 200).length} × 200, ${statuses.filter((s) => s === 429).length} × 429`,
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(50);
    const refused = results.find((r) => r.status !== 200);
    expect(refused?.status).toBe(429);
    expect(JSON.parse(refused?.body ?? '{}')).toMatchObject({ code: 'RATE_LIMITED' });
    expect(JSON.parse(refused?.body ?? '{}').detail).toMatch(/At most 50 live seat streams per client/);
    expect(Number(refused?.retryAfter)).toBeGreaterThan(0);
    await streamsOpen(t, eventId, baseline + 50);

    const other = await openStream(port, eventId, '127.0.0.2');
    expect(other.status).toBe(200);
  });

  it('gives the slot back when a stream closes: 50 open, the next refused, one closed, the next accepted', async () => {
    const { t, port, eventId } = await start({});
    const baseline = t.deps.bus.listenerCount(eventId);
    const open = await Promise.all(Array.from({ length: 50 }, () => openStream(port, eventId)));
    expect(open.every((r) => r.status === 200)).toBe(true);
    expect((await openStream(port, eventId)).status).toBe(429);

    open[0]?.req.destroy();
    await streamsOpen(t, eventId, baseline + 49);
    expect((await openStream(port, eventId)).status).toBe(200);
    expect((await openStream(port, eventId)).status).toBe(429);
  });

  it('refuses streams beyond the server-wide limit with 503 SERVICE_UNAVAILABLE, whatever the address', async () => {
    const { port, eventId } = await start({ maxStreams: 3 });
    const first = await Promise.all([
      openStream(port, eventId, '127.0.0.1'),
      openStream(port, eventId, '127.0.0.2'),
      openStream(port, eventId, '127.0.0.3'),
    ]);
    expect(first.map((r) => r.status)).toEqual([200, 200, 200]);
    const refused = await openStream(port, eventId, '127.0.0.4');
    expect(refused.status).toBe(503);
    expect(JSON.parse(refused.body)).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    first[2]?.req.destroy();
    const deadline = Date.now() + 3_000;
    let next = await openStream(port, eventId, '127.0.0.4');
    while (next.status !== 200 && Date.now() < deadline) next = await openStream(port, eventId, '127.0.0.4');
    expect(next.status).toBe(200);
  });

  it('counts an IPv6 client by its /64: two addresses in one /64 share the per-client limit, another /64 does not', async () => {
    const { t, eventId } = await start({ maxStreamsPerClient: 1 });
    const url = `/api/events/${eventId}/seats/stream`;
    const controller = new AbortController();
    // In-process requests from a chosen peer address. With payloadAsStream the answer comes back at
    // its headers, so an open stream does not hold the test up; the abort below ends them all.
    const open = async (remoteAddress: string) => {
      const response = await t.app.inject({
        method: 'GET',
        url,
        remoteAddress,
        payloadAsStream: true,
        signal: controller.signal,
      });
      return response.statusCode;
    };
    try {
      expect(await open('2001:db8::1')).toBe(200);
      expect(await open('2001:db8::2')).toBe(429);
      expect(await open('2001:db8:0:0:ffff:ffff:ffff:ffff')).toBe(429);
      expect(await open('2001:db8:0:1::1')).toBe(200);
    } finally {
      controller.abort();
    }
  });

  it('does not keep a slot for a refused request: 404s for an unknown showtime use none', async () => {
    const { port, eventId } = await start({ maxStreamsPerClient: 2 });
    for (let i = 0; i < 5; i++) expect((await openStream(port, 999_999)).status).toBe(404);
    const streams = await Promise.all([openStream(port, eventId), openStream(port, eventId)]);
    expect(streams.map((r) => r.status)).toEqual([200, 200]);
  });
});
