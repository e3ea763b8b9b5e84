import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { AppError } from '../../contract/errors.js';
import type { Db } from '../../db/database.js';
import type { DomainMetrics } from '../../services/deps.js';

const METRICS_PATH = '/metrics';
/**
 * A stream's "duration" is how long someone watched the seat map and would swamp the latency
 * buckets. Fastify skips onResponse for the hijacked stream today; this keeps it so if that
 * changes. Open streams are the bookmemovie_seat_streams gauge instead.
 */
const SEAT_STREAM_ROUTE = '/api/events/:event_id/seats/stream';

export type Metrics = ReturnType<typeof createMetrics>;

/**
 * The metrics of one app instance, in a registry of its own (never prom-client's global one),
 * so several apps in one process, as in the tests, keep separate counts.
 */
export function createMetrics(db: Db) {
  const register = new Registry();
  const registers = [register];
  collectDefaultMetrics({ register });

  const labelNames = ['method', 'route', 'status_code'] as const;
  const http = {
    requests: new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by route template',
      labelNames,
      registers,
    }),
    duration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by route template (live seat streams left out)',
      labelNames,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
  };

  const domain: DomainMetrics = {
    holds: new Counter({
      name: 'bookmemovie_holds_total',
      help: 'Bookings created by holding seats (one per booking, however many seats it holds)',
      registers,
    }),
    payments: new Counter({
      name: 'bookmemovie_payments_total',
      help: 'Card payments by outcome: approved, declined, provider_error (not reached), hold_expired (charged too late, refunded)',
      labelNames: ['outcome'] as const,
      registers,
    }),
    cancellations: new Counter({ name: 'bookmemovie_cancellations_total', help: 'Bookings cancelled', registers }),
    holdExpiries: new Counter({
      name: 'bookmemovie_hold_expiries_total',
      help: 'Pending bookings expired because their hold ran out before payment',
      registers,
    }),
    seatStreams: new Gauge({ name: 'bookmemovie_seat_streams', help: 'Live seat streams open on this instance', registers }),
  };

  // Read at scrape time; SQLite has no pool, so these are left out rather than shown as zero.
  if (db.poolStats?.()) {
    const poolGauge = (name: string, help: string, read: (s: { total: number; idle: number; waiting: number }) => number) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          const stats = db.poolStats?.();
          if (stats) this.set(read(stats));
        },
      });
    poolGauge('bookmemovie_db_pool_connections', 'PostgreSQL connections open in the pool', (s) => s.total);
    poolGauge('bookmemovie_db_pool_idle_connections', 'PostgreSQL pool connections open but idle', (s) => s.idle);
    poolGauge('bookmemovie_db_pool_waiting_requests', 'Queries waiting for a free pool connection', (s) => s.waiting);
  }

  return { register, http, domain };
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Compares digests, so neither the token's content nor its length leaks through timing. */
function requireMetricsToken(token: string) {
  const expected = digest(token);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const given = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (given !== undefined && timingSafeEqual(digest(given), expected)) return;
    reply.header('www-authenticate', 'Bearer');
    throw new AppError('NOT_AUTHENTICATED', 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>');
  };
}

/**
 * GET /metrics, and the hook that counts every other request. Registered before the routes, so
 * its hook covers them all, and before the web app, whose catch-all must not answer /metrics.
 */
export function registerMetrics(app: FastifyInstance, metrics: Metrics, token: string | undefined): void {
  app.addHook('onResponse', async (request, reply) => {
    // The template, never the raw URL: one series per route, not one per booking reference.
    const route = request.routeOptions.url ?? 'unmatched';
    if (route === METRICS_PATH) return;
    const labels = { method: request.method, route, status_code: reply.statusCode };
    metrics.http.requests.inc(labels);
    if (route !== SEAT_STREAM_ROUTE) metrics.http.duration.observe(labels, reply.elapsedTime / 1000);
  });

  app.get(
    METRICS_PATH,
    { schema: { hide: true }, ...(token ? { onRequest: requireMetricsToken(token) } : {}) },
    async (_request, reply) => {
      const body = await metrics.register.metrics();
      return reply.header('content-type', metrics.register.contentType).header('cache-control', 'no-store').send(body);
    },
  );
}
