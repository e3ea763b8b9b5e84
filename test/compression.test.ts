import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { COMPRESSION_THRESHOLD_BYTES, compressors } from '../src/services/response-encoding.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * Compressed answers through the whole service: big JSON leaves compressed as Accept-Encoding
 * asks, small JSON and the live seat stream never, and the cached seat map is compressed once
 * per change, not once per request.
 */

const BROWSER = { 'accept-encoding': 'gzip, deflate, br' };
const DELIVERY_MS = 1_000;

let t: TestApp;
let admin: Awaited<ReturnType<TestApp['makeUser']>>;
let bigHall: Awaited<ReturnType<TestApp['makeShowtime']>>;

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

/** Resolves once this instance's bus has seen `count` changes of the showtime (PostgreSQL: after NOTIFY). */
function changesSeen(eventId: number, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = 0;
    const timer = setTimeout(() => reject(new Error(`only ${seen} of ${count} changes reached the bus`)), DELIVERY_MS);
    const off = t.deps.bus.subscribe(eventId, (messages) => {
      seen += messages.length;
      if (seen < count) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.makeUser('admin');
  bigHall = await t.makeShowtime(admin, { rows: 20, perRow: 30, hoursAhead: 48 });
  for (let i = 0; i < 18; i++) await t.makeShowtime(admin, { hoursAhead: 24 + i });
});

afterAll(() => t.close());
afterEach(() => vi.restoreAllMocks());

describe('compressed JSON answers', () => {
  it('sends a big showtime list compressed as asked, decompressing to the plain answer', async () => {
    const plain = await get('/api/events');
    expect(plain.statusCode).toBe(200);
    expect(plain.rawPayload.length).toBeGreaterThan(COMPRESSION_THRESHOLD_BYTES);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toContain('accept-encoding');

    for (const [acceptEncoding, encoding, decompress] of [
      ['gzip, deflate, br', 'br', brotliDecompressSync],
      ['gzip, deflate', 'gzip', gunzipSync],
    ] as const) {
      const response = await get('/api/events', { 'accept-encoding': acceptEncoding });
      expect(response.statusCode, acceptEncoding).toBe(200);
      expect(response.headers['content-encoding'], acceptEncoding).toBe(encoding);
      expect(response.headers.vary, acceptEncoding).toContain('accept-encoding');
      expect(response.headers['content-type'], acceptEncoding).toContain('application/json');
      expect(response.rawPayload.length, acceptEncoding).toBeLessThan(plain.rawPayload.length / 3);
      expect(JSON.parse(decompress(response.rawPayload).toString()), acceptEncoding).toEqual(plain.json());
    }
  });

  it('compresses big answers that are not cached too (the movie list)', async () => {
    const plain = await get('/api/movies');
    expect(plain.rawPayload.length).toBeGreaterThan(COMPRESSION_THRESHOLD_BYTES);
    const br = await get('/api/movies', BROWSER);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toContain('accept-encoding');
    expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString())).toEqual(plain.json());
  });

  it('sends small answers as they are', async () => {
    const health = await get('/health', BROWSER);
    expect(health.statusCode).toBe(200);
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(health.json()).toEqual({ status: 'ok' });
    const missing = await get('/api/events/999999', BROWSER);
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-encoding']).toBeUndefined();
  });
});

describe('the cached seat map, compressed', () => {
  it('is compressed once per change and sent as the same bytes from the cache', async () => {
    const url = `/api/events/${bigHall.eventId}/seats`;
    const plain = await get(url);
    expect(plain.rawPayload.length).toBeGreaterThan(COMPRESSION_THRESHOLD_BYTES);
    const br = vi.spyOn(compressors, 'br');

    const first = await get(url, BROWSER);
    const second = await get(url, BROWSER);
    expect(first.headers['content-encoding']).toBe('br');
    expect(second.headers['content-encoding']).toBe('br');
    expect(second.rawPayload.equals(first.rawPayload)).toBe(true);
    expect(JSON.parse(brotliDecompressSync(first.rawPayload).toString())).toEqual(plain.json());
    expect(br).toHaveBeenCalledTimes(1);
    // The bytes sent are the ones kept beside the plain body in the cache entry.
    const entry = await t.services.catalogue.seatMapJson(bigHall.eventId);
    expect(entry.compressed.br?.equals(first.rawPayload)).toBe(true);
    expect(entry.body.equals(plain.rawPayload)).toBe(true);

    // A seat change makes a new map, compressed once more.
    const user = await t.makeUser();
    const seen = changesSeen(bigHall.eventId, 1);
    const hold = await t.call('POST', '/api/book-seats', {
      token: user.token,
      body: { event_id: bigHall.eventId, seat_ids: [bigHall.seatIds[0]] },
    });
    expect(hold.status, hold.raw).toBe(201);
    await seen;
    const changed = await get(url, BROWSER);
    const decoded = JSON.parse(brotliDecompressSync(changed.rawPayload).toString());
    expect(decoded.seats[0]).toMatchObject({ seat_id: bigHall.seatIds[0], status: 'held' });
    expect(decoded).toEqual((await get(url)).json());
    expect(br).toHaveBeenCalledTimes(2);
  });

  it('gives each encoding its own ETag and answers 304 only for the bytes the client holds', async () => {
    const url = `/api/events/${bigHall.eventId}/seats`;
    const plain = await get(url);
    const br = await get(url, BROWSER);
    const gzip = await get(url, { 'accept-encoding': 'gzip' });
    const tag = plain.headers.etag as string;
    expect(tag).toMatch(/^"[^"]+"$/);
    expect(br.headers.etag).toBe(`${tag.slice(0, -1)}-br"`);
    expect(gzip.headers.etag).toBe(`${tag.slice(0, -1)}-gzip"`);

    const revalidated = await get(url, { ...BROWSER, 'if-none-match': br.headers.etag as string });
    expect(revalidated.statusCode).toBe(304);
    expect(revalidated.rawPayload.length).toBe(0);
    expect(revalidated.headers.etag).toBe(br.headers.etag);
    expect(revalidated.headers.vary).toContain('accept-encoding');
    expect((await get(url, { 'if-none-match': tag })).statusCode).toBe(304);
    // Holding the brotli copy says nothing about the plain one: send it in full.
    const other = await get(url, { 'if-none-match': br.headers.etag as string });
    expect(other.statusCode).toBe(200);
    expect(other.headers['content-encoding']).toBeUndefined();
  });
});

describe('the live seat stream', () => {
  it('is never compressed or held back, whatever the client accepts', async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    let text = '';
    let wake: (() => void) | undefined;
    const response = await new Promise<import('node:http').IncomingMessage>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: `/api/events/${bigHall.eventId}/seats/stream`, headers: BROWSER },
        resolve,
      );
      req.on('error', reject);
      req.end();
    });
    response.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      wake?.();
    });
    const until = async (pattern: RegExp, what: string) => {
      const deadline = Date.now() + DELIVERY_MS;
      while (!pattern.test(text)) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`no ${what} within ${DELIVERY_MS} ms; got ${JSON.stringify(text.slice(0, 200))}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    };
    try {
      expect(response.headers['content-type']).toContain('text/event-stream');
      expect(response.headers['content-encoding']).toBeUndefined();
      await until(/event: snapshot\ndata: \{.*\}\n\n/, 'snapshot');

      const user = await t.makeUser();
      const seatId = bigHall.seatIds[5] as number;
      const hold = await t.call('POST', '/api/book-seats', {
        token: user.token,
        body: { event_id: bigHall.eventId, seat_ids: [seatId] },
      });
      expect(hold.status, hold.raw).toBe(201);
      await until(new RegExp(`event: seat\\ndata: \\{"seat_id":${seatId},"status":"held"\\}\\n\\n`), 'seat change');
    } finally {
      response.destroy();
    }
  });
});
