import type { IncomingMessage, ServerResponse } from 'node:http';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { Config } from '../../config.js';
import { AppError } from '../../contract/errors.js';
import { clientKey } from '../../core/client-key.js';
import { SIGN_IN_FAILURES_PER_ACCOUNT } from '../../core/rate-limit.js';
import type { RateCounter } from '../../services/rate-counter.js';
import { sharedRateLimitStore } from './rate-limit-store.js';

/**
 * Response headers, CORS and throttling. The Content-Security-Policy is the one the web app,
 * Swagger UI and ReDoc all work under: scripts only from this origin, inline styles allowed
 * (the component kit sets style attributes), posters from any https image host.
 */
const HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:', 'https:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      workerSrc: ["'self'", 'blob:'],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  },
  // The API answers other sites only through CORS, never by embedding.
  crossOriginResourcePolicy: { policy: 'same-origin' },
  strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
};

/**
 * helmet's headers, worked out once. They are the same for every response, and building them
 * (the CSP string above all) per request cost a tenth of a cached seat-map read in a profile.
 */
function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: () => {},
    getHeader: () => undefined,
  };
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, () => {});
  return headers;
}

/**
 * With PAYMENT_PROVIDER=stripe the checkout loads Stripe.js, which runs the Payment Element and
 * 3-D Secure in frames from Stripe and talks to Stripe's API: those origins, and only then.
 */
export const STRIPE_CSP = {
  scriptSrc: ['https://js.stripe.com', 'https://*.js.stripe.com'],
  frameSrc: ['https://js.stripe.com', 'https://*.js.stripe.com', 'https://hooks.stripe.com'],
  connectSrc: ['https://api.stripe.com'],
} as const;

export function helmetOptions(config: Pick<Config, 'payments'>): HelmetOptions {
  if (config.payments.provider !== 'stripe') return HELMET_OPTIONS;
  const csp = HELMET_OPTIONS.contentSecurityPolicy as { directives: Record<string, string[]> };
  const directives = csp.directives;
  return {
    ...HELMET_OPTIONS,
    contentSecurityPolicy: {
      ...csp,
      directives: {
        ...directives,
        scriptSrc: [...(directives.scriptSrc ?? []), ...STRIPE_CSP.scriptSrc],
        frameSrc: ["'self'", ...STRIPE_CSP.frameSrc],
        connectSrc: [...(directives.connectSrc ?? []), ...STRIPE_CSP.connectSrc],
      },
    },
  };
}

export async function registerSecurity(app: FastifyInstance, config: Config, counter: RateCounter): Promise<void> {
  const headers = Object.entries(securityHeaders(helmetOptions(config)));
  app.addHook('onRequest', async (_request, reply) => {
    // On the raw response, so hijacked answers (the live seat stream) carry them too.
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
  });
  // Closed by default: no Access-Control-Allow-Origin unless the origin is on the allow-list.
  await app.register(cors, {
    origin: config.corsOrigins.length > 0 ? config.corsOrigins : false,
    credentials: true,
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Last-Event-ID'],
    maxAge: 600,
  });
  await app.register(cookie);
  // Answers about a signed-in person (bookings, tokens, admin data) must not linger in browser
  // history or a shared cache once they sign out. Public reads set their own caching.
  app.addHook('onSend', async (request, reply, payload) => {
    if (!reply.hasHeader('cache-control') && (request.headers.authorization || request.url.startsWith('/api/auth/'))) {
      reply.header('cache-control', 'no-store');
    }
    return payload;
  });
  await app.register(rateLimit, {
    global: false,
    // Counted in the database or Redis, so the limits hold across every instance.
    store: sharedRateLimitStore(counter),
    // One IPv6 client picks any address in its /64, so the /64 is what is counted (core/client-key).
    keyGenerator: (request) => clientKey(request.ip),
    // The plugin throws what this returns: an AppError reaches the error handler with its message
    // (a plain object there would lose it to the generic 429 text), in the service's error shape.
    errorResponseBuilder: (_request, context) => {
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new AppError('RATE_LIMITED', `Too many attempts; try again in ${seconds} seconds`, {
        headers: { 'retry-after': String(seconds) },
      });
    },
  });
}

/**
 * Per-route throttles for the doors attackers knock on: per client address (the socket's peer, or
 * the X-Forwarded-For client when TRUST_PROXY names the proxy) and per account (counted in
 * services/auth-service.ts). All of them are shared by every instance.
 */
export const authThrottles = {
  loginByIp: { max: 100, timeWindow: '1 minute' },
  loginFailuresPerAccount: { max: SIGN_IN_FAILURES_PER_ACCOUNT.limit, windowMs: SIGN_IN_FAILURES_PER_ACCOUNT.windowMs },
  registerByIp: { max: 30, timeWindow: '10 minutes' },
  /** Asking for password-reset links; each address is also limited on its own (core/password-reset). */
  forgotPasswordByIp: { max: 20, timeWindow: '15 minutes' },
} as const;
