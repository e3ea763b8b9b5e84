import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { PACKAGE_ROOT } from '../../package-root.js';
import { type FilmPreview, filmPageHtml } from './film-preview.js';

/** Where `npm run build` puts the web app. */
export const WEB_DIST_DIR = join(PACKAGE_ROOT, 'dist/web');

// Paths the server answers itself: an unknown one must get the JSON 404, never the web app. That
// holds for /metrics when it is switched off too: a scraper must not read the app's HTML as a 200.
const SERVER_PATHS = /^\/(api|docs|redoc|openapi\.json|health|ready|metrics)(\/|$|\?)/;
// A missing file (an old hashed asset, a typo) is a 404, not the app's HTML under a .js name.
const LOOKS_LIKE_FILE = /\/[^/]+\.[a-z0-9]+$/i;

/**
 * Serves the built single-page app on the API's port: its files, and index.html for any other
 * GET so client-side routes survive a reload. Does nothing when the app has not been built
 * (API-only tests, or a checkout before `npm run build`).
 */
export type WebAppOptions = {
  root?: string;
  /** The film a /movies/:id page shows, for its link-preview tags; undefined when there is none. */
  filmPreview?: (id: number) => Promise<FilmPreview | undefined>;
  /** Where the site is served, for the absolute URLs in those tags. */
  publicUrl?: string;
};

const FILM_PAGE = /^\/movies\/([^/?]+)\/?$/;

export async function registerWebApp(app: FastifyInstance, options: WebAppOptions = {}): Promise<void> {
  const root = options.root ?? WEB_DIST_DIR;
  if (!existsSync(join(root, 'index.html'))) {
    app.log.info(`web app not built (no ${join(root, 'index.html')}); serving the API only. Run npm run build.`);
    return;
  }

  await app.register(async (scope) => {
    await scope.register(fastifyStatic, {
      root,
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
      // The build writes a .br and a .gz beside every text file (vite.config.ts); the one the
      // request's Accept-Encoding prefers is sent, index.html for client-side routes included.
      preCompressed: true,
      setHeaders: (reply, path) => {
        // Vite puts a content hash in every asset name, so those never change; index.html must be re-read.
        const hashed = path.startsWith(join(root, 'assets'));
        reply.header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });

    const { filmPreview, publicUrl } = options;
    scope.get('/*', { schema: { hide: true } }, async (request, reply) => {
      const path = request.url.split('?')[0] ?? '/';
      if (SERVER_PATHS.test(path) || LOOKS_LIKE_FILE.test(path)) return reply.callNotFound();
      const film = filmPreview && publicUrl ? FILM_PAGE.exec(path) : null;
      if (film && filmPreview && publicUrl) {
        // The page of an unknown film is still the app (it says so), with the default tags and a 404.
        const id = Number(film[1]);
        const preview = Number.isSafeInteger(id) && id > 0 ? await filmPreview(id) : undefined;
        if (!preview) return reply.status(404).header('cache-control', 'no-cache').sendFile('index.html');
        const index = await readFile(join(root, 'index.html'), 'utf8');
        return reply
          .header('cache-control', 'no-cache')
          .type('text/html; charset=utf-8')
          .send(filmPageHtml(index, preview, publicUrl));
      }
      return reply.sendFile('index.html');
    });
  });
}
