import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPRESSION_THRESHOLD_BYTES } from '../../services/response-encoding.js';
import { registerCompression } from './compression.js';

/** JSON text exactly `bytes` long. */
const jsonOfLength = (bytes: number) => JSON.stringify({ pad: 'x'.repeat(bytes - '{"pad":""}'.length) });

describe('compressing JSON answers', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = Fastify({ logger: false });
    await registerCompression(app);
    app.get<{ Params: { bytes: string } }>('/sized/:bytes', async (request, reply) =>
      reply.type('application/json; charset=utf-8').send(jsonOfLength(Number(request.params.bytes))),
    );
    app.post('/echo', async (request) => request.body);
    await app.ready();
  });

  afterAll(() => app.close());

  const get = (bytes: number, acceptEncoding?: string) =>
    app.inject({
      method: 'GET',
      url: `/sized/${bytes}`,
      headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding },
    });

  it('compresses from the threshold up, with brotli when accepted, else gzip', async () => {
    const plain = jsonOfLength(COMPRESSION_THRESHOLD_BYTES);
    const br = await get(COMPRESSION_THRESHOLD_BYTES, 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toContain('accept-encoding');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(plain);
    expect(br.rawPayload.length).toBeLessThan(plain.length / 10);

    const gzip = await get(COMPRESSION_THRESHOLD_BYTES, 'gzip, deflate');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(plain);
  });

  it('leaves answers below the threshold, and clients that accept neither, alone', async () => {
    const small = await get(COMPRESSION_THRESHOLD_BYTES - 1, 'gzip, deflate, br');
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.body).toBe(jsonOfLength(COMPRESSION_THRESHOLD_BYTES - 1));
    for (const acceptEncoding of [undefined, 'identity', 'deflate']) {
      const response = await get(COMPRESSION_THRESHOLD_BYTES * 4, acceptEncoding);
      expect(response.headers['content-encoding'], acceptEncoding).toBeUndefined();
      expect(response.body, acceptEncoding).toBe(jsonOfLength(COMPRESSION_THRESHOLD_BYTES * 4));
    }
  });

  it('reads request bodies as sent: nothing is inflated on the way in', async () => {
    // Were request decompression on, this body would fail to gunzip and get a 400.
    const response = await app.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: '{"a":1}',
    });
    expect(response.json()).toEqual({ a: 1 });
  });
});
