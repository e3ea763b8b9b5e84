import { randomBytes } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyReply, type FastifyServerOptions } from 'fastify';
import type { Config } from '../config.js';
import { type Db, openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import type { PaymentProvider } from '../payments/payment-provider.js';
import { paymentProviderFor } from '../payments/provider-for.js';
import { createSeatBus } from '../realtime/seat-bus.js';
import { localSeatFeed, postgresSeatFeed, type SeatFeed } from '../realtime/seat-feed.js';
import { adminService } from '../services/admin-service.js';
import { authService } from '../services/auth-service.js';
import { bookingService } from '../services/booking-service.js';
import { boxOfficeService } from '../services/box-office-service.js';
import { catalogueService } from '../services/catalogue-service.js';
import { cinemaService } from '../services/cinema-service.js';
import { type Clock, systemClock } from '../services/clock.js';
import type { Deps } from '../services/deps.js';
import { filmService } from '../services/film-service.js';
import { outboxHandlers } from '../services/outbox-handlers.js';
import { outboxWorker } from '../services/outbox-worker.js';
import { passwordResetService } from '../services/password-reset-service.js';
import { pricingService } from '../services/pricing-service.js';
import { promoCodeService } from '../services/promo-code-service.js';
import { openRateCounter, type RateCounter } from '../services/rate-counter.js';
import { readCache } from '../services/read-cache.js';
import { reportService } from '../services/report-service.js';
import { roleService } from '../services/role-service.js';
import { scheduleRunService } from '../services/schedule-run-service.js';
import { showCancellationService } from '../services/show-cancellation-service.js';
import { ticketService } from '../services/ticket-service.js';
import { waitlistService } from '../services/waitlist-service.js';
import { answerClientError } from './client-errors.js';
import { serializeRequest } from './log-urls.js';
import { auditTrail } from './plugins/audit.js';
import { guards } from './plugins/auth.js';
import { registerCompression } from './plugins/compression.js';
import { registerErrorHandling } from './plugins/errors.js';
import { announceFirstAdminSetup } from './plugins/first-admin-setup.js';
import { createMetrics, registerMetrics } from './plugins/metrics.js';
import { registerOpenApi } from './plugins/openapi.js';
import { registerSecurity } from './plugins/security.js';
import { registerValidation } from './plugins/validation.js';
import { registerWebApp } from './plugins/web-app.js';
import { adminRoutes } from './routes/admin.js';
import { adminMailRoutes } from './routes/admin-mail.js';
import { adminPosterRoutes } from './routes/admin-posters.js';
import { adminPricingRoutes } from './routes/admin-pricing.js';
import { adminPromoCodeRoutes } from './routes/admin-promo-codes.js';
import { adminUserRoutes } from './routes/admin-users.js';
import { authRoutes } from './routes/auth.js';
import { bestSeatsRoutes } from './routes/best-seats.js';
import { bookingRoutes } from './routes/bookings.js';
import { boxOfficeRoutes } from './routes/box-office.js';
import { catalogueRoutes } from './routes/catalogue.js';
import { adminCinemaRoutes, cinemaRoutes } from './routes/cinemas.js';
import { healthRoutes } from './routes/health.js';
import { paymentRoutes } from './routes/payments.js';
import { reportRoutes } from './routes/reports.js';
import { seatStreamRoutes } from './routes/seat-stream.js';
import { staffRoutes } from './routes/staff.js';
import { ticketRoutes } from './routes/tickets.js';
import { waitlistRoutes } from './routes/waitlist.js';
import { SERVER_TIMEOUTS, type ServerTimeouts, timeoutOptions } from './timeouts.js';
import type { RouteContext, Services } from './types.js';

export type BuildOptions = {
  config: Config;
  /** An open database; otherwise one is opened from config.databaseUrl (and closed with the app). */
  db?: Db;
  clock?: Clock;
  payments?: PaymentProvider;
  logger?: FastifyServerOptions['logger'];
  /** How often expired holds are released and announced; 0 turns the sweeper off (tests drive it). */
  sweepIntervalMs?: number;
  migrate?: boolean;
  /** Connection timeouts (SERVER_TIMEOUTS unless given); tests shorten them instead of waiting. */
  timeouts?: Partial<ServerTimeouts>;
  /** false: this app records effects but delivers none (tests that inspect the outbox itself). */
  deliverOutbox?: boolean;
};

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.current_password',
  '*.new_password',
  '*.refresh_token',
  '*.card_number',
  '*.cvc',
  '*.access_token',
  '*.setup_code',
  '*.token',
  // One level further down: a logged body's card, a logged headers object.
  '*.payment.card_number',
  '*.payment.cvc',
  '*.headers.authorization',
  '*.headers.cookie',
  'headers.authorization',
  'headers.cookie',
];

function redactPathsOf(options: object): string[] {
  const redact = (options as { redact?: string[] | { paths?: string[] } }).redact;
  if (Array.isArray(redact)) return redact;
  return redact?.paths ?? [];
}

/** Readable lines for a person at a terminal (pino-pretty runs in a worker thread, off the request path). */
const PRETTY_LOGS = {
  target: 'pino-pretty',
  options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', singleLine: true },
};

/** How often spent sessions and day-old idempotency keys are deleted. */
const HOUSEKEEPING_MS = 10 * 60_000;
/** How often payments left half-done by a crash are settled with the provider. */
const RECONCILE_EVERY_MS = 60_000;

/** Builds the whole service without opening a port, so tests can use inject() or listen(0). */
export async function buildApp(options: BuildOptions) {
  const { config } = options;
  const db = options.db ?? openDatabase(config.databaseUrl);
  let rateCounter: RateCounter | undefined;
  try {
    if (options.migrate !== false) await migrateToLatest(db);
    // Before anything else holds a connection: an unreachable REDIS_URL stops start-up here.
    rateCounter = await openRateCounter(config, db, options.clock ?? systemClock);
    return await assembleApp(options, db, rateCounter);
  } catch (error) {
    // A start-up that fails half-way must not leave a Redis connection or the database open
    // (the app's onClose, which would close them, never runs).
    await rateCounter?.close().catch(() => {});
    if (!options.db) await db.close().catch(() => {});
    throw error;
  }
}

async function assembleApp(options: BuildOptions, db: Db, rateCounter: RateCounter) {
  const { config } = options;
  const redact = { paths: REDACTED_PATHS, censor: '[redacted]' };
  const requestIdPrefix = `${randomBytes(4).toString('hex')}-`;
  let nextRequestId = 1;
  // Redaction applies to a caller's logger options too (their own paths are added, never instead).
  const custom = options.logger;
  const logger =
    custom === undefined
      ? {
          level: config.logLevel,
          redact,
          serializers: { req: serializeRequest },
          ...(config.logFormat === 'pretty' ? { transport: PRETTY_LOGS } : {}),
        }
      : typeof custom === 'object' && custom !== null
        ? { ...custom, redact: { ...redact, paths: [...REDACTED_PATHS, ...redactPathsOf(custom)] } }
        : custom;
  const timeouts = { ...SERVER_TIMEOUTS, ...options.timeouts };
  const app = Fastify({
    logger,
    // Off unless TRUST_PROXY names the proxies: then request.ip (per-address limits, the audit log)
    // is the client those hops forwarded for, and X-Forwarded-For from anyone else is ignored.
    trustProxy: config.trustProxy.length > 0 ? config.trustProxy : false,
    ...timeoutOptions(timeouts),
    clientErrorHandler: answerClientError,
    bodyLimit: 64 * 1024,
    requestIdHeader: false,
    // Unique across instances (random prefix) and cheap per request (a counter).
    genReqId: () => `${requestIdPrefix}${(nextRequestId++).toString(36)}`,
    // A URL the router cannot read (bad %-escape, over-long parameter) is refused before any
    // hook or error handler runs; answer it in the service's error shape all the same.
    frameworkErrors: (error, request, routerReply) => {
      const reply = routerReply as unknown as FastifyReply;
      const url = error.code === 'FST_ERR_BAD_URL' || error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      if (!url) request.log.error({ err: error }, 'router error');
      void reply
        .status(url ? 400 : 500)
        .header('x-content-type-options', 'nosniff')
        .send(
          url
            ? { detail: 'The URL is not valid (a malformed escape or an over-long parameter)', code: 'BAD_REQUEST' }
            : { detail: 'Something went wrong on our side.', code: 'INTERNAL_ERROR', request_id: request.id },
        );
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const bus = createSeatBus();
  const feed: SeatFeed = db.dialect === 'postgres' ? await postgresSeatFeed({ bus, db, log: app.log }) : localSeatFeed(bus);
  const metrics = createMetrics(db);
  const deps: Deps = {
    config,
    db,
    clock: options.clock ?? systemClock,
    bus,
    feed,
    payments: options.payments ?? paymentProviderFor(config.payments),
    randomBytes: (n) => randomBytes(n),
    metrics: metrics.domain,
    rateCounter,
  };
  const outbox = outboxWorker({ db, now: deps.clock.now, handlers: outboxHandlers(deps), log: app.log });
  if (options.deliverOutbox !== false) deps.outbox = outbox;
  const cache = readCache({ bus, now: deps.clock.now });
  const bookings = bookingService(deps);
  const tickets = ticketService(deps);
  const services: Services = {
    auth: authService(deps),
    catalogue: catalogueService(deps, cache),
    films: filmService(deps, cache),
    bookings,
    admin: adminService(deps, cache),
    passwordResets: passwordResetService(deps),
    tickets,
    roles: roleService(deps),
    showCancellations: showCancellationService(deps, cache),
    waitlist: waitlistService(deps),
    boxOffice: boxOfficeService(deps, bookings, tickets),
    pricing: pricingService(deps, cache),
    promoCodes: promoCodeService(deps),
    cinemas: cinemaService(deps, cache),
    scheduleRuns: scheduleRunService(deps, cache),
    reports: reportService(deps),
  };

  app.decorateRequest('user', null);
  registerValidation(app);
  registerErrorHandling(app);
  await registerSecurity(app, config, rateCounter);
  // Before any route: it attaches itself to each route as the route is added.
  await registerCompression(app);
  await registerOpenApi(app);
  registerMetrics(app, metrics, config.metricsToken);

  const context: RouteContext = { services, guards: guards(services.auth), deps, audited: auditTrail(deps) };
  healthRoutes(app, context);
  authRoutes(app, context);
  announceFirstAdminSetup(app, services.auth);
  catalogueRoutes(app, context);
  cinemaRoutes(app, context);
  seatStreamRoutes(app, context, { heartbeatMs: timeouts.streamHeartbeatMs });
  bookingRoutes(app, context);
  bestSeatsRoutes(app, context);
  waitlistRoutes(app, context);
  paymentRoutes(app, context);
  ticketRoutes(app, context);
  await app.register(async (scope) => staffRoutes(scope, context));
  await app.register(async (scope) => adminRoutes(scope, context));
  await app.register(async (scope) => adminCinemaRoutes(scope, context));
  await app.register(async (scope) => adminMailRoutes(scope, context));
  await app.register(async (scope) => adminUserRoutes(scope, context));
  await app.register(async (scope) => boxOfficeRoutes(scope, context));
  await app.register(async (scope) => adminPricingRoutes(scope, context));
  await app.register(async (scope) => reportRoutes(scope, context));
  await app.register(async (scope) => adminPromoCodeRoutes(scope, context));
  await app.register(async (scope) => adminPosterRoutes(scope, context));
  await registerWebApp(app, { filmPreview: (id) => services.films.findMovie(id), publicUrl: config.publicUrl });

  if (options.deliverOutbox !== false) {
    // Delivers what earlier runs left (a crash, another instance), then whatever commits write.
    app.addHook('onReady', async () => outbox.start());
  }

  const sweepEvery = options.sweepIntervalMs ?? 500;
  let sweeper: NodeJS.Timeout | undefined;
  let housekeeper: NodeJS.Timeout | undefined;
  let reconciler: NodeJS.Timeout | undefined;
  if (sweepEvery > 0) {
    app.addHook('onReady', async () => {
      sweeper = setInterval(() => {
        services.bookings.releaseExpiredHolds().catch((error: unknown) => app.log.warn({ err: error }, 'hold sweep failed'));
      }, sweepEvery);
      sweeper.unref();
      housekeeper = setInterval(() => {
        services.auth.forgetExpired().catch((error: unknown) => app.log.warn({ err: error }, 'housekeeping failed'));
        services.passwordResets.forgetExpired().catch((error: unknown) => app.log.warn({ err: error }, 'housekeeping failed'));
      }, HOUSEKEEPING_MS);
      housekeeper.unref();
      // Payments a crash left half-done are settled with the provider at start and every minute.
      const reconcile = () =>
        services.bookings
          .reconcilePayments()
          .catch((error: unknown) => app.log.warn({ err: error }, 'payment reconciliation failed'));
      void reconcile();
      reconciler = setInterval(reconcile, RECONCILE_EVERY_MS);
      reconciler.unref();
    });
  }
  app.addHook('onClose', async () => {
    if (sweeper) clearInterval(sweeper);
    if (reconciler) clearInterval(reconciler);
    await outbox.stop();
    if (housekeeper) clearInterval(housekeeper);
    await feed.close();
    await rateCounter.close();
    if (!options.db) await db.close();
  });

  return { app, deps, services, outbox };
}
