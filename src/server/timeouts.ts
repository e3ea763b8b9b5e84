import type { FastifyServerOptions } from 'fastify';

/**
 * How long a connection may take over each part of its life. Without these a client can hold a
 * connection open for free: Fastify leaves the request and socket timeouts off, and Node cuts a
 * stalled body only at its 60 s header timeout, checked every 30 s.
 */
export type ServerTimeouts = {
  /** From the first byte of a request to the end of its headers (a slow-headers client). */
  headersMs: number;
  /** From the first byte to the end of the body (a body that stalls). Not the response: streams live on. */
  requestMs: number;
  /** How long a kept-alive connection may sit idle between requests. */
  keepAliveMs: number;
  /** A socket with no traffic either way for this long is closed (a client that stops reading). */
  idleSocketMs: number;
  /** How often Node looks for requests past those deadlines; a deadline can be overrun by this much. */
  checkEveryMs: number;
  /** A live seat stream writes a comment this often, so it is never idle for `idleSocketMs`. */
  streamHeartbeatMs: number;
};

export const SERVER_TIMEOUTS: ServerTimeouts = {
  headersMs: 10_000,
  requestMs: 30_000,
  // Above the 60 s idle timeout of common load balancers (nginx's upstream keepalive, AWS ALB), so
  // the balancer, not this server, closes an idle connection and never sends on a closing one.
  keepAliveMs: 72_000,
  idleSocketMs: 60_000,
  checkEveryMs: 1_000,
  streamHeartbeatMs: 15_000,
};

/** Fastify's options for these timeouts, refusing a set that would cut quiet seat streams. */
export function timeoutOptions(t: ServerTimeouts): Pick<
  FastifyServerOptions,
  'connectionTimeout' | 'keepAliveTimeout' | 'requestTimeout'
> & {
  http: { headersTimeout: number; requestTimeout: number; connectionsCheckingInterval: number };
} {
  if (t.streamHeartbeatMs >= t.idleSocketMs) {
    throw new Error('The seat stream heartbeat must be shorter than the idle socket timeout, or quiet streams are cut');
  }
  if (t.headersMs > t.requestMs) throw new Error('The header timeout cannot be longer than the request timeout');
  return {
    connectionTimeout: t.idleSocketMs,
    keepAliveTimeout: t.keepAliveMs,
    requestTimeout: t.requestMs,
    // Passed to http.createServer: the header deadline and the check interval exist only there.
    http: { headersTimeout: t.headersMs, requestTimeout: t.requestMs, connectionsCheckingInterval: t.checkEveryMs },
  };
}
