import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCompression } from './compression.js';
import { registerErrorHandling } from './errors.js';
import { registerWebApp } from './web-app.js';

const INDEX = '<!doctype html><div id="root"></div>';
// Big enough that on-the-fly compression would kick in too, so only the exact bytes tell them apart.
const SCRIPT = Array.from({ length: 400 }, (_, i) => `export const seat${i} = { row: ${i % 20}, label: "S${i}" };`).join('\n');

async function appServing(root: string): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  registerErrorHandling(app);
  // As in buildApp: compression first, so it would see the files if it were to compress them again.
  await registerCompression(app);
  app.get('/api/hello', async () => ({ hello: 'world' }));
  await registerWebApp(app, { root });
  await app.ready();
  return app;
}

/** What the build writes beside a file; other settings than the server's own, so the bytes show who made them. */
function writeWithCompressedCopies(path: string, text: string) {
  writeFileSync(path, text);
  writeFileSync(`${path}.br`, brotliCompressSync(text, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  writeFileSync(`${path}.gz`, gzipSync(text, { level: 1 }));
}

describe('serving the built web app', () => {
  let dir: string;
  let app: FastifyInstance;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bmm-web-'));
    mkdirSync(join(dir, 'assets'));
    writeWithCompressedCopies(join(dir, 'index.html'), INDEX);
    writeWithCompressedCopies(join(dir, 'assets', 'index-abc123.js'), SCRIPT);
    writeFileSync(join(dir, 'favicon.svg'), '<svg/>');
    // The door screen's service worker, as the build copies it from src/web/public.
    writeFileSync(join(dir, 'door-sw.js'), readFileSync(new URL('../../web/public/door-sw.js', import.meta.url)));
    app = await appServing(dir);
  });

  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / and for client-side routes, never cached', async () => {
    for (const url of ['/', '/bookings', '/showtimes/12', '/admin/halls', '/admin/halls?x=1', '/checkout/K7M4Q9TZ2H']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type'], url).toContain('text/html');
      expect(response.headers['cache-control'], url).toBe('no-cache');
      expect(response.headers['content-encoding'], url).toBeUndefined();
      expect(response.body, url).toBe(INDEX);
    }
  });

  it('serves hashed assets as immutable and other files as they are', async () => {
    const asset = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect(asset.body).toBe(SCRIPT);
    expect((await app.inject({ method: 'GET', url: '/favicon.svg' })).statusCode).toBe(200);
  });

  it("serves the door screen's service worker as JavaScript that the browser re-checks on every visit", async () => {
    const worker = await app.inject({ method: 'GET', url: '/door-sw.js' });
    expect(worker.statusCode).toBe(200);
    expect(worker.headers['content-type']).toMatch(/^(text|application)\/javascript/);
    // A cached worker would keep an old shell after a deploy: it must be revalidated.
    expect(worker.headers['cache-control']).toBe('no-cache');
    // Scoped to /door by the page; it keeps no API answers (the door pack lives in IndexedDB).
    expect(worker.body).toContain("const PAGE = '/door';");
    expect(worker.body).not.toMatch(/\/api\//);
    // The screen itself is a client-side route of the app.
    expect((await app.inject({ method: 'GET', url: '/door' })).body).toBe(INDEX);
  });

  it('sends the copy compressed at build time that Accept-Encoding prefers, and says it varies on it', async () => {
    const file = join(dir, 'assets', 'index-abc123.js');
    for (const [acceptEncoding, encoding, suffix, decompress] of [
      ['gzip, deflate, br', 'br', '.br', brotliDecompressSync],
      ['br', 'br', '.br', brotliDecompressSync],
      ['gzip, deflate', 'gzip', '.gz', gunzipSync],
    ] as const) {
      const response = await app.inject({
        method: 'GET',
        url: '/assets/index-abc123.js',
        headers: { 'accept-encoding': acceptEncoding },
      });
      expect(response.statusCode, acceptEncoding).toBe(200);
      expect(response.headers['content-encoding'], acceptEncoding).toBe(encoding);
      expect(response.headers.vary, acceptEncoding).toContain('accept-encoding');
      expect(response.headers['content-type'], acceptEncoding).toContain('javascript');
      expect(response.headers['cache-control'], acceptEncoding).toContain('immutable');
      // The build's own bytes, not compressed again on the way out.
      expect(response.rawPayload.equals(readFileSync(`${file}${suffix}`)), acceptEncoding).toBe(true);
      expect(decompress(response.rawPayload).toString(), acceptEncoding).toBe(SCRIPT);
    }
    const plain = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toContain('accept-encoding');
    expect(plain.body).toBe(SCRIPT);
  });

  it('sends index.html compressed for client-side routes too', async () => {
    for (const [url, acceptEncoding, suffix, decompress] of [
      ['/', 'gzip, deflate, br', '.br', brotliDecompressSync],
      ['/bookings', 'gzip, deflate, br', '.br', brotliDecompressSync],
      ['/showtimes/12?seat=A1', 'gzip', '.gz', gunzipSync],
    ] as const) {
      const response = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': acceptEncoding } });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type'], url).toContain('text/html');
      expect(response.headers['content-encoding'], url).toBe(suffix === '.br' ? 'br' : 'gzip');
      expect(response.headers.vary, url).toContain('accept-encoding');
      expect(response.headers['cache-control'], url).toBe('no-cache');
      expect(response.rawPayload.equals(readFileSync(join(dir, `index.html${suffix}`))), url).toBe(true);
      expect(decompress(response.rawPayload).toString(), url).toBe(INDEX);
    }
  });

  it('answers unknown non-page paths with the JSON 404, never the web app', async () => {
    const paths = [
      '/api',
      '/api/nothing-here',
      '/api/events/1/nothing',
      '/api/v2/x.json',
      '/metrics',
      '/metrics/anything',
      '/health/x',
      '/ready/x',
      '/docs/missing',
      '/redoc/x',
      '/openapi.json/x',
      '/foo.png',
      '/assets/missing.js',
      '/assets/index-gone.js',
      '/x.map',
      '/assets/index-abc123.js.map',
      '/bookings/receipt.pdf',
    ];
    for (const [method, url] of [
      ...paths.flatMap((path) => [['GET', path] as const, ['HEAD', path] as const]),
      ['GET', '/metrics?format=text'] as const,
      ['POST', '/showtimes/12'] as const,
    ]) {
      const response = await app.inject({ method, url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.headers['content-type'], `${method} ${url}`).toContain('application/json');
      if (method !== 'HEAD') {
        expect(response.json(), `${method} ${url}`).toEqual({ detail: expect.any(String), code: 'NOT_FOUND' });
      }
    }
    expect((await app.inject({ method: 'GET', url: '/api/hello' })).json()).toEqual({ hello: 'world' });
  });

  it('answers HEAD for pages like GET, without the body', async () => {
    for (const url of ['/', '/bookings', '/admin/halls']) {
      const response = await app.inject({ method: 'HEAD', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type'], url).toContain('text/html');
      expect(response.body, url).toBe('');
    }
  });

  it('does nothing when the app has not been built', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'bmm-web-empty-'));
    const bare = await appServing(empty);
    const response = await bare.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'NOT_FOUND' });
    await bare.close();
    rmSync(empty, { recursive: true, force: true });
  });
});
