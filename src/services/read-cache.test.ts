import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSeatBus } from '../realtime/seat-bus.js';
import { encodedBody, encodingFor, readCache } from './read-cache.js';
import { COMPRESSION_THRESHOLD_BYTES, compressors } from './response-encoding.js';

const BROWSER = 'gzip, deflate, br';

/** A JSON value whose serialised form is exactly `bytes` long. */
const jsonOfLength = (bytes: number) => ({ pad: 'x'.repeat(bytes - '{"pad":""}'.length) });

function cacheWithBus() {
  const bus = createSeatBus();
  return { bus, cache: readCache({ bus, now: () => 0, ttlMs: 60_000 }) };
}

afterEach(() => vi.restoreAllMocks());

describe('compressed copies of cached bodies', () => {
  it('compresses from the threshold up, never below it', async () => {
    const { cache } = cacheWithBus();
    const below = await cache.get('below', 1, async () => ({ value: jsonOfLength(COMPRESSION_THRESHOLD_BYTES - 1) }));
    const at = await cache.get('at', 1, async () => ({ value: jsonOfLength(COMPRESSION_THRESHOLD_BYTES) }));
    expect(below?.body.length).toBe(COMPRESSION_THRESHOLD_BYTES - 1);
    expect(at?.body.length).toBe(COMPRESSION_THRESHOLD_BYTES);
    expect(below && encodingFor(below, BROWSER)).toBeUndefined();
    expect(at && encodingFor(at, BROWSER)).toBe('br');
    expect(at && encodingFor(at, 'gzip, deflate')).toBe('gzip');
    expect(at && encodingFor(at, undefined)).toBeUndefined();
  });

  it('compresses each encoding once per entry and keeps the copy beside the plain bytes', async () => {
    const { bus, cache } = cacheWithBus();
    const value = { seats: Array.from({ length: 300 }, (_, i) => ({ seat_id: i, status: 'available' })) };
    const build = async () => ({ value });
    const br = vi.spyOn(compressors, 'br');
    const gzip = vi.spyOn(compressors, 'gzip');

    const first = await cache.get('seats:7', 7, build);
    if (!first) throw new Error('no entry');
    expect(first.compressed).toEqual({});
    const once = encodedBody(first, 'br');
    const again = encodedBody((await cache.get('seats:7', 7, build)) ?? first, 'br');
    expect(again).toBe(once);
    expect(first.compressed.br).toBe(once);
    expect(br).toHaveBeenCalledTimes(1);
    expect(gzip).not.toHaveBeenCalled();
    expect(brotliDecompressSync(once).equals(first.body)).toBe(true);

    expect(gunzipSync(encodedBody(first, 'gzip')).equals(first.body)).toBe(true);
    encodedBody(first, 'gzip');
    expect(gzip).toHaveBeenCalledTimes(1);

    // A seat change makes a new entry, which gets its own copy once asked for.
    bus.publish(7, [{ seat_id: 1, status: 'held' }]);
    const rebuilt = await cache.get('seats:7', 7, build);
    expect(rebuilt).not.toBe(first);
    expect(rebuilt?.compressed).toEqual({});
    if (rebuilt) encodedBody(rebuilt, 'br');
    expect(br).toHaveBeenCalledTimes(2);
  });
});
