import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAST_MAX, CAST_NAME_MAX } from '../src/core/film-details.js';
import { registerErrorHandling } from '../src/server/plugins/errors.js';
import { registerWebApp } from '../src/server/plugins/web-app.js';
import { POSTER_MAX_BYTES, POSTER_MAX_PIXELS } from '../src/services/poster-images.js';
import { createTestApp, HOUR, type TestApp } from './helpers/test-app.js';

let t: TestApp;
let admin: Awaited<ReturnType<TestApp['makeUser']>>;
let customer: Awaited<ReturnType<TestApp['makeUser']>>;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.makeUser('admin');
  customer = await t.makeUser('user');
});
afterAll(async () => t.close());

const solid = (width: number, height: number) => ({
  create: { width, height, channels: 3 as const, background: { r: 180, g: 40, b: 60 } },
});
const png = (width: number, height: number) => sharp(solid(width, height)).png().toBuffer();

async function newMovie(body: Record<string, unknown> = {}) {
  const res = await t.call('POST', '/api/admin/movies', {
    token: admin.token,
    body: { title: `Film ${Math.random().toString(36).slice(2, 7)}`, duration_minutes: 100, ...body },
  });
  expect(res.status, res.raw).toBe(201);
  return res.body as { id: number; [key: string]: unknown };
}

async function upload(movieId: number, bytes: Buffer, contentType: string, token = admin.token) {
  const res = await t.app.inject({
    method: 'PUT',
    url: `/api/admin/movies/${movieId}/poster`,
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    payload: bytes,
  });
  return { status: res.statusCode, body: res.json(), headers: res.headers };
}

const getPoster = (movieId: number, size?: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url: `/api/movies/${movieId}/poster${size ? `?size=${size}` : ''}`, headers });

describe('film details', () => {
  it('round-trips cast, director, rating system, language, subtitles and trailer link', async () => {
    const details = {
      cast: ['Maria Falconetti', 'Eugène Silvain'],
      director: 'Carl Theodor Dreyer',
      rating_system: 'BBFC',
      rating: '12A',
      language: 'French',
      subtitles: 'English',
      trailer_url: 'https://www.example.com/trailer',
      release_date: '2099-01-01',
    };
    const movie = await newMovie(details);
    expect(movie).toMatchObject(details);
    const read = await t.call('GET', `/api/movies/${movie.id}`);
    expect(read.body).toMatchObject({ ...details, has_poster: false, poster_url: null });

    const changed = await t.call('PUT', `/api/admin/movies/${movie.id}`, {
      token: admin.token,
      body: { rating_system: 'FSK', rating: '12', cast: [' Antonin Artaud ', '  '] },
    });
    expect(changed.status, changed.raw).toBe(200);
    expect(changed.body).toMatchObject({
      rating_system: 'FSK',
      rating: '12',
      cast: ['Antonin Artaud'],
      director: details.director,
    });
  });

  it("refuses a rating outside its system's list with 422 naming the allowed values", async () => {
    const res = await t.call('POST', '/api/admin/movies', {
      token: admin.token,
      body: { title: 'Wrong list', rating_system: 'MPA', rating: '12A' },
    });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors).toEqual([
      { field: 'body/rating', message: 'must be one of the MPA ratings: G, PG, PG-13, R, NC-17' },
    ]);

    const unknownSystem = await t.call('POST', '/api/admin/movies', {
      token: admin.token,
      body: { title: 'No such system', rating_system: 'CNC', rating: 'U' },
    });
    expect(unknownSystem.status).toBe(422);
    expect(unknownSystem.body.errors[0].field).toBe('body/rating_system');

    // A patch is checked against what it leaves: a new system must fit the stored rating.
    const movie = await newMovie({ rating_system: 'BBFC', rating: '15' });
    const patch = await t.call('PUT', `/api/admin/movies/${movie.id}`, { token: admin.token, body: { rating_system: 'FSK' } });
    expect(patch.status).toBe(422);
    expect(patch.body.detail).toContain('0, 6, 12, 16, 18');
    expect((await t.call('GET', `/api/movies/${movie.id}`)).body.rating_system).toBe('BBFC');
  });

  it('keeps ratings without a system as free text (older films)', async () => {
    const movie = await newMovie({ rating: 'Tous publics' });
    expect(movie).toMatchObject({ rating: 'Tous publics', rating_system: null });
    const legacy = await t.db.kysely
      .insertInto('movies')
      .values({ title: 'From before', rating: 'PG', created_at: t.clock.now() })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect((await t.call('GET', `/api/movies/${legacy.id}`)).body).toMatchObject({ rating: 'PG', rating_system: null, cast: [] });
  });

  it('takes https trailer links only, and at most 30 cast names of at most 100 characters', async () => {
    for (const trailer_url of ['http://example.com/t', 'javascript:alert(1)', 'ftp://example.com/t']) {
      const res = await t.call('POST', '/api/admin/movies', { token: admin.token, body: { title: 'T', trailer_url } });
      expect(res.status, trailer_url).toBe(422);
      expect(res.body.errors[0].field).toBe('body/trailer_url');
    }
    const tooMany = Array.from({ length: CAST_MAX + 1 }, (_, i) => `Actor ${i}`);
    const many = await t.call('POST', '/api/admin/movies', { token: admin.token, body: { title: 'T', cast: tooMany } });
    expect(many.status).toBe(422);
    expect(many.body.errors[0]).toMatchObject({ field: 'body/cast' });
    const long = await t.call('POST', '/api/admin/movies', {
      token: admin.token,
      body: { title: 'T', cast: ['x'.repeat(CAST_NAME_MAX + 1)] },
    });
    expect(long.status).toBe(422);
    expect(long.body.errors[0].field).toBe('body/cast/0');
    const full = await newMovie({ cast: tooMany.slice(0, CAST_MAX).map((n) => n.padEnd(CAST_NAME_MAX, '.')) });
    expect((full.cast as string[]).length).toBe(CAST_MAX);
  });

  it("is coming soon while released after the cinema's today or without upcoming showtimes", async () => {
    const showing = await t.makeShowtime(admin, { hoursAhead: 3 });
    const now = await t.call('GET', `/api/movies/${showing.movie.id}`);
    expect(now.body.coming_soon).toBe(false);
    // Presales: showtimes already on sale, but the release is tomorrow.
    const tomorrow = new Date(t.clock.now() + 24 * HOUR).toISOString().slice(0, 10);
    await t.call('PUT', `/api/admin/movies/${showing.movie.id}`, { token: admin.token, body: { release_date: tomorrow } });
    expect((await t.call('GET', `/api/movies/${showing.movie.id}`)).body.coming_soon).toBe(true);
    const today = new Date(t.clock.now()).toISOString().slice(0, 10);
    await t.call('PUT', `/api/admin/movies/${showing.movie.id}`, { token: admin.token, body: { release_date: today } });
    const listed = (await t.call('GET', '/api/movies')).body.find((m: { id: number }) => m.id === showing.movie.id);
    expect(listed.coming_soon).toBe(false);
    // Once its last showtime has started, it is waiting for new ones.
    t.clock.advance(4 * HOUR);
    expect((await t.call('GET', `/api/movies/${showing.movie.id}`)).body.coming_soon).toBe(true);
    t.clock.advance(-4 * HOUR);
  });
});

describe('posters', () => {
  it('stores an upload at 600 and 300 px wide and serves both with caching headers', async () => {
    const movie = await newMovie();
    const res = await upload(movie.id, await png(1200, 1800), 'image/png');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.has_poster).toBe(true);
    expect(res.body.poster_url).toMatch(new RegExp(`^/api/movies/${movie.id}/poster\\?size=large&v=[\\w-]+$`));

    for (const [size, width, height] of [
      ['large', 600, 900],
      ['small', 300, 450],
    ] as const) {
      const served = await getPoster(movie.id, size);
      expect(served.statusCode).toBe(200);
      expect(served.headers['content-type']).toBe('image/webp');
      expect(served.headers['cache-control']).toBe('public, max-age=86400');
      expect(served.headers.etag).toMatch(/^"[\w-]{32}"$/);
      const meta = await sharp(served.rawPayload).metadata();
      expect(meta).toMatchObject({ format: 'webp', width, height });

      const again = await getPoster(movie.id, size, { 'if-none-match': served.headers.etag as string });
      expect(again.statusCode).toBe(304);
      expect(again.rawPayload.length).toBe(0);
      expect((await getPoster(movie.id, size, { 'if-none-match': '"other"' })).statusCode).toBe(200);
      const listed = { 'if-none-match': `"other", W/${served.headers.etag as string}` };
      expect((await getPoster(movie.id, size, listed)).statusCode).toBe(304);
    }
    // Large is the default; the URL in the movie serves it.
    expect((await getPoster(movie.id)).headers.etag).toBe((await getPoster(movie.id, 'large')).headers.etag);
    expect((await t.app.inject({ method: 'GET', url: res.body.poster_url })).statusCode).toBe(200);
    expect((await getPoster(movie.id, 'huge')).statusCode).toBe(422);
  });

  it('replaces a poster with a new one (a new ETag and URL) and removes it on DELETE', async () => {
    const movie = await newMovie();
    const first = await upload(movie.id, await png(900, 1350), 'image/png');
    const jpeg = await sharp(solid(800, 1000)).jpeg().toBuffer();
    const second = await upload(movie.id, jpeg, 'image/jpeg');
    expect(second.status).toBe(200);
    expect(second.body.poster_url).not.toBe(first.body.poster_url);
    expect(await sharp((await getPoster(movie.id, 'large')).rawPayload).metadata()).toMatchObject({ width: 600, height: 750 });
    const webp = await sharp(solid(200, 300)).webp().toBuffer();
    const small = await upload(movie.id, webp, 'image/webp');
    expect(small.status).toBe(200);
    // Never enlarged.
    expect(await sharp((await getPoster(movie.id, 'large')).rawPayload).metadata()).toMatchObject({ width: 200, height: 300 });

    const removed = await t.app.inject({
      method: 'DELETE',
      url: `/api/admin/movies/${movie.id}/poster`,
      headers: { authorization: `Bearer ${admin.token}` },
    });
    expect(removed.statusCode).toBe(204);
    expect((await getPoster(movie.id, 'small')).statusCode).toBe(404);
    expect((await t.call('GET', `/api/movies/${movie.id}`)).body).toMatchObject({ has_poster: false, poster_url: null });
    const twice = await t.app.inject({
      method: 'DELETE',
      url: `/api/admin/movies/${movie.id}/poster`,
      headers: { authorization: `Bearer ${admin.token}` },
    });
    expect(twice.statusCode).toBe(404);
  });

  it('keeps a URL the admin gave until a poster is uploaded, and 404s when none was', async () => {
    const movie = await newMovie({ poster_url: 'https://example.com/p.jpg' });
    expect(movie.poster_url).toBe('https://example.com/p.jpg');
    const missing = await getPoster(movie.id);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('NOT_FOUND');
    expect((await getPoster(999_999)).statusCode).toBe(404);
    expect((await upload(999_999, await png(10, 10), 'image/png')).status).toBe(404);
  });

  it(`refuses bodies over ${POSTER_MAX_BYTES} bytes with 413`, async () => {
    const movie = await newMovie();
    const res = await upload(movie.id, Buffer.alloc(POSTER_MAX_BYTES + 1, 1), 'image/png');
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      detail: `A poster can be at most ${POSTER_MAX_BYTES} bytes (5 MB)`,
    });
  });

  it('refuses what is not a JPEG, PNG or WebP image, naming the problem', async () => {
    const movie = await newMovie();
    const text = await upload(movie.id, Buffer.from('hello'), 'text/plain');
    expect(text.status).toBe(415);
    expect(text.body.detail).toBe('Send the poster as image/jpeg, image/png, image/webp');
    const gif = await upload(movie.id, await sharp(solid(10, 10)).gif().toBuffer(), 'image/gif');
    expect(gif.status).toBe(415);
    const json = await upload(movie.id, Buffer.from('{"a":1}'), 'application/json');
    expect(json.status).toBe(415);

    const notImage = await upload(movie.id, Buffer.from('definitely not a png'), 'image/png');
    expect(notImage.status).toBe(422);
    expect(notImage.body.errors).toEqual([{ field: 'body', message: 'is not a readable PNG image' }]);
    const mislabelled = await upload(movie.id, await sharp(solid(10, 10)).jpeg().toBuffer(), 'image/png');
    expect(mislabelled.status).toBe(422);
    expect(mislabelled.body.errors[0].message).toBe('is a jpeg image but Content-Type says image/png');
    const full = await png(400, 600);
    const truncated = await upload(movie.id, full.subarray(0, full.length - 40), 'image/png');
    expect(truncated.status).toBe(422);
    const empty = await upload(movie.id, Buffer.alloc(0), 'image/png');
    expect(empty.status).toBe(422);
    expect(empty.body.errors).toEqual([{ field: 'body', message: 'the poster image is empty' }]);
    expect((await getPoster(movie.id)).statusCode).toBe(404);
  });

  it(`refuses images over ${POSTER_MAX_PIXELS} pixels (a small file can decode to gigabytes)`, async () => {
    const movie = await newMovie();
    const bomb = await sharp(solid(8000, 5001)).png({ compressionLevel: 9 }).toBuffer();
    expect(bomb.length).toBeLessThan(POSTER_MAX_BYTES);
    const res = await upload(movie.id, bomb, 'image/png');
    expect(res.status).toBe(422);
    expect(res.body.errors[0].message).toBe(`is 8000x5001 pixels; a poster can have at most ${POSTER_MAX_PIXELS} pixels`);
  });

  it('lets admins only upload or remove posters, and audits both', async () => {
    const movie = await newMovie();
    const image = await png(300, 450);
    expect((await upload(movie.id, image, 'image/png', customer.token)).status).toBe(403);
    const anonymous = await t.app.inject({
      method: 'PUT',
      url: `/api/admin/movies/${movie.id}/poster`,
      headers: { 'content-type': 'image/png' },
      payload: image,
    });
    expect(anonymous.statusCode).toBe(401);
    expect((await getPoster(movie.id)).statusCode).toBe(404);

    expect((await upload(movie.id, image, 'image/png')).status).toBe(200);
    await t.app.inject({
      method: 'DELETE',
      url: `/api/admin/movies/${movie.id}/poster`,
      headers: { authorization: `Bearer ${admin.token}` },
    });
    const log = await t.call('GET', '/api/admin/audit?target_type=movie&limit=500', { token: admin.token });
    expect(log.status, log.raw).toBe(200);
    const actions = (log.body as { action: string; target_id: string; actor_id: number }[])
      .filter((e) => e.target_id === String(movie.id))
      .map((e) => [e.action, e.actor_id]);
    expect(actions).toEqual(
      expect.arrayContaining([
        ['movie.poster_upload', admin.id],
        ['movie.poster_delete', admin.id],
      ]),
    );
    expect(actions.filter(([a]) => String(a).startsWith('movie.poster'))).toHaveLength(2);
  });
});

describe('link previews of /movies/:id', () => {
  let dir: string;
  let web: FastifyInstance;
  const INDEX = `<!doctype html>
<html lang="en">
  <head>
    <meta name="description" content="Book cinema tickets." />
    <meta property="og:title" content="bookmemovie" />
    <meta property="og:type" content="website" />
    <title>bookmemovie</title>
  </head>
  <body><div id="root"></div></body>
</html>`;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bmm-film-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), INDEX);
    web = Fastify({ logger: false });
    registerErrorHandling(web);
    await registerWebApp(web, { root: dir, filmPreview: (id) => t.services.films.findMovie(id), publicUrl: t.config.publicUrl });
    await web.ready();
  });
  afterAll(async () => {
    await web.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes the film's title, description, poster and URL into the page, escaped", async () => {
    const title = `<script>alert("x")</script> & 'Quotes'`;
    const movie = await newMovie({ title, description: 'A "daring" <b>film</b>.' });
    await upload(movie.id, await png(600, 900), 'image/png');
    const poster = (await t.call('GET', `/api/movies/${movie.id}`)).body.poster_url as string;
    const page = await web.inject({ method: 'GET', url: `/movies/${movie.id}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const html = page.body;
    expect(html).not.toContain('<script>alert');
    const escaped = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Quotes&#39;';
    expect(html).toContain(`<title>${escaped} · bookmemovie</title>`);
    expect(html).toContain(`<meta property="og:title" content="${escaped}" />`);
    expect(html).toContain('<meta property="og:description" content="A &quot;daring&quot; &lt;b&gt;film&lt;/b&gt;." />');
    expect(html).toContain('<meta name="description" content="A &quot;daring&quot; &lt;b&gt;film&lt;/b&gt;." />');
    expect(html).toContain('<meta property="og:type" content="video.movie" />');
    expect(html).toContain(`<meta property="og:url" content="http://tickets.test/movies/${movie.id}" />`);
    expect(html).toContain(`<meta property="og:image" content="http://tickets.test${poster.replaceAll('&', '&amp;')}" />`);
    // The defaults are gone: each tag once.
    expect(html.match(/og:title/g)).toHaveLength(1);
    expect(html.match(/og:type/g)).toHaveLength(1);
    expect(html.match(/<title>/g)).toHaveLength(1);
    expect(html).toContain('<div id="root"></div>');
  });

  it('leaves og:image out without an uploaded poster, and answers an unknown film with the plain app and 404', async () => {
    const movie = await newMovie({ title: 'Plain' });
    const page = await web.inject({ method: 'GET', url: `/movies/${movie.id}` });
    expect(page.body).toContain('<meta property="og:title" content="Plain" />');
    expect(page.body).not.toContain('og:image');
    for (const url of ['/movies/999999', '/movies/abc', '/movies/0']) {
      const missing = await web.inject({ method: 'GET', url });
      expect(missing.statusCode, url).toBe(404);
      expect(missing.body, url).toBe(INDEX);
    }
    // Other client-side routes are untouched.
    expect((await web.inject({ method: 'GET', url: '/bookings' })).body).toBe(INDEX);
  });
});
