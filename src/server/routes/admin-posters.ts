import { Type } from 'typebox';
import { Movie } from '../../contract/catalogue.js';
import { IdParam } from '../../contract/common.js';
import { AppError, ErrorBody } from '../../contract/errors.js';
import { POSTER_MAX_BYTES, POSTER_TYPES } from '../../services/poster-images.js';
import type { App, RouteContext } from '../types.js';

const tags = ['admin'];
const security = [{ bearer: [] }];
const errors = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 413: ErrorBody, 415: ErrorBody, 422: ErrorBody };
const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', `A poster can be at most ${POSTER_MAX_BYTES} bytes (5 MB)`);

/**
 * Poster uploads: the body is the image itself. Registered in a scope of its own, so the raw-bytes
 * parser and the 5 MB body limit apply here only (everything else stays JSON and 64 KB).
 */
export function adminPosterRoutes(app: App, { services, guards, audited }: RouteContext) {
  app.addHook('onRequest', guards.requireAdmin);
  // Any media type reaches the handler as bytes, which names the accepted ones in its 415
  // (the framework's own 415 would ask for JSON).
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: POSTER_MAX_BYTES }, (_request, body, done) => done(null, body));
  const movieId = (q: { params: unknown }) => (q.params as { movie_id: number }).movie_id;

  app.put('/api/admin/movies/:movie_id/poster', {
    bodyLimit: POSTER_MAX_BYTES,
    // A declared length over the limit is refused before a byte of the body is read.
    preParsing: async (request) => {
      if (Number(request.headers['content-length'] ?? 0) > POSTER_MAX_BYTES) throw tooLarge();
    },
    onSend: audited('movie.poster_upload', 'movie', movieId).onSend,
    schema: {
      tags,
      security,
      summary: "Upload a movie's poster",
      description: `The body is the image: ${Object.keys(POSTER_TYPES).join(', ')}, at most ${POSTER_MAX_BYTES} bytes (413 beyond) and 40 million pixels (422). It is stored at 600 and 300 px wide as WebP, replacing any earlier upload; the movie's \`poster_url\` then points at it.`,
      params: IdParam('movie_id'),
      response: { 200: Movie, ...errors },
    },
    handler: async (request) => {
      const bytes = request.body;
      if (!Buffer.isBuffer(bytes)) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Send the poster as ${Object.keys(POSTER_TYPES).join(', ')}`);
      }
      return services.films.savePoster(request.params.movie_id, {
        contentType: request.headers['content-type'] ?? '',
        bytes,
      });
    },
  });

  app.delete('/api/admin/movies/:movie_id/poster', {
    onSend: audited('movie.poster_delete', 'movie', movieId).onSend,
    schema: {
      tags,
      security,
      summary: "Remove a movie's uploaded poster",
      params: IdParam('movie_id'),
      response: { 204: Type.Null({ description: 'Removed' }), ...errors },
    },
    handler: async (request, reply) => {
      await services.films.removePoster(request.params.movie_id);
      return reply.status(204).send(null);
    },
  });
}
