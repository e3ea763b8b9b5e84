import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { EventListQuery, EventSummary, Movie, MovieWithShowtimes, PosterQuery, SeatMap } from '../../contract/catalogue.js';
import { IdParam } from '../../contract/common.js';
import { ErrorBody } from '../../contract/errors.js';
import { type CachedBody, encodedBody, encodingFor } from '../../services/read-cache.js';
import type { App, RouteContext } from '../types.js';

const tags = ['catalogue'];
/** Posters change rarely and their URLs carry a version: a day in any cache, then revalidated by ETag. */
const POSTER_CACHE_SECONDS = 86_400;

/** Whether an If-None-Match header names this ETag (a list, weak or strong, or `*`). */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
}

/**
 * Sends pre-serialised JSON, compressed from the cache when the client accepts it, with its ETag;
 * a client that already has it gets 304 and no body. Each encoding is a representation of its own
 * (RFC 9110 8.8.3), so it gets its own strong ETag: the plain one with `-br` or `-gzip` added.
 */
function sendCached(request: FastifyRequest, reply: FastifyReply, cached: CachedBody) {
  const encoding = encodingFor(cached, request.headers['accept-encoding']);
  const etag = encoding ? `${cached.etag.slice(0, -1)}-${encoding}"` : cached.etag;
  reply.header('etag', etag).header('cache-control', 'no-cache').header('vary', 'accept-encoding');
  if (request.headers['if-none-match'] === etag) return reply.status(304).send();
  reply.type('application/json; charset=utf-8');
  // @fastify/compress leaves a reply that already has a content-encoding as it is.
  if (encoding) return reply.header('content-encoding', encoding).send(encodedBody(cached, encoding));
  return reply.send(cached.body);
}

export function catalogueRoutes(app: App, { services }: RouteContext) {
  app.get('/api/movies', {
    schema: { tags, summary: 'Movies on the programme', response: { 200: Type.Array(Movie) } },
    handler: async () => services.catalogue.listMovies(),
  });

  app.get('/api/movies/:movie_id', {
    schema: {
      tags,
      summary: 'One movie with its upcoming showtimes',
      params: IdParam('movie_id'),
      response: { 200: MovieWithShowtimes, 404: ErrorBody, 422: ErrorBody },
    },
    handler: async (request) => services.catalogue.getMovie(request.params.movie_id),
  });

  app.get('/api/movies/:movie_id/poster', {
    schema: {
      tags,
      summary: "A movie's uploaded poster (WebP)",
      description: `Cached publicly for ${POSTER_CACHE_SECONDS} s with an ETag (If-None-Match answers 304). 404 when none was uploaded.`,
      params: IdParam('movie_id'),
      querystring: PosterQuery,
      response: {
        200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'The image bytes' }),
        304: Type.Null({ description: 'The client already has this poster' }),
        404: ErrorBody,
        422: ErrorBody,
      },
    },
    handler: async (request, reply) => {
      const poster = await services.films.poster(request.params.movie_id, request.query.size ?? 'large');
      reply.header('etag', poster.etag).header('cache-control', `public, max-age=${POSTER_CACHE_SECONDS}`);
      if (matchesEtag(request.headers['if-none-match'], poster.etag)) return reply.status(304).send(null);
      return reply.type(poster.content_type).send(Buffer.from(poster.bytes));
    },
  });

  app.get('/api/events', {
    schema: {
      tags,
      summary: 'Showtimes (upcoming unless include_past or a time range is given)',
      querystring: EventListQuery,
      response: { 200: Type.Array(EventSummary), 422: ErrorBody },
    },
    handler: async (request, reply) => sendCached(request, reply, await services.catalogue.listEventsJson(request.query)),
  });

  app.get('/api/events/:event_id', {
    schema: {
      tags,
      summary: 'One showtime',
      params: IdParam('event_id'),
      response: { 200: EventSummary, 404: ErrorBody, 422: ErrorBody },
    },
    handler: async (request) => services.catalogue.getEvent(request.params.event_id),
  });

  app.get('/api/events/:event_id/seats', {
    schema: {
      tags,
      summary: 'The seat map of a showtime',
      description: 'An expired hold reads `available`.',
      params: IdParam('event_id'),
      response: { 200: SeatMap, 404: ErrorBody, 422: ErrorBody },
    },
    handler: async (request, reply) => sendCached(request, reply, await services.catalogue.seatMapJson(request.params.event_id)),
  });
}
