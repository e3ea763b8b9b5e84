import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;
type Tracked = { req: IncomingMessage; res: ServerResponse; stream: boolean };

/** Long-lived responses (the seat map's Server-Sent Events) that would otherwise hold a shutdown open. */
function isStream(req: IncomingMessage): boolean {
  const path = (req.url ?? '').split('?')[0] ?? '';
  return /\/stream$/.test(path) || /text\/event-stream/.test(req.headers.accept ?? '');
}

const isLiveness = (req: IncomingMessage) => (req.url ?? '').split('?')[0] === '/health';

const SHUTTING_DOWN = JSON.stringify({
  detail: 'The server is shutting down; please retry in a moment',
  code: 'SERVICE_UNAVAILABLE',
});

export type Lifecycle = ReturnType<typeof trackRequests>;

/**
 * Sits in front of Fastify's request handler and knows every request in flight. Once `drain()`
 * is called, new requests (and `/ready`) are answered 503 SERVICE_UNAVAILABLE with
 * `Connection: close` while the listener stays open, requests already in flight run to the end
 * (their responses close the connection behind them), and event streams are ended so browsers
 * reconnect elsewhere instead of holding the process open. `/health` (liveness) keeps answering.
 */
export function trackRequests(server: Server) {
  const handlers = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  const open = new Set<Tracked>();
  let draining = false;
  let rejected = 0;
  let sweep: NodeJS.Timeout | undefined;

  const endStreams = () => {
    for (const entry of open) {
      // A stream still reading its snapshot has not written its headers yet; the sweep gets it next time.
      if (entry.stream && entry.res.headersSent && !entry.res.writableEnded) entry.res.end();
    }
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (draining && !isLiveness(req)) {
      rejected += 1;
      req.resume();
      res.writeHead(503, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(SHUTTING_DOWN),
        'retry-after': '1',
        'cache-control': 'no-store',
        connection: 'close',
      });
      res.end(SHUTTING_DOWN);
      return;
    }
    const entry: Tracked = { req, res, stream: isStream(req) };
    open.add(entry);
    res.once('close', () => open.delete(entry));
    for (const handler of handlers) handler.call(server, req, res);
  });

  return {
    get draining() {
      return draining;
    },
    /** Starts refusing new work; in-flight requests continue, streams end. Safe to call twice. */
    drain() {
      if (draining) return;
      draining = true;
      for (const entry of open) {
        if (!entry.stream && !entry.res.headersSent) entry.res.setHeader('connection', 'close');
      }
      endStreams();
      sweep = setInterval(endStreams, 100);
      sweep.unref();
    },
    stopSweeping() {
      if (sweep) clearInterval(sweep);
    },
    stats: () => ({
      inFlight: [...open].filter((e) => !e.stream).length,
      streams: [...open].filter((e) => e.stream).length,
      rejected,
    }),
  };
}

export type ShutdownSettings = {
  /** After SIGTERM, how long /ready reports 503 (and new requests get 503) before the listener closes. */
  drainDelayMs: number;
  /** From the signal to a forced exit (code 1) if in-flight work has not finished. */
  timeoutMs: number;
};

/**
 * Graceful termination, in the manner of close-with-grace: SIGTERM/SIGINT, an uncaught exception
 * or an unhandled rejection start one orderly shutdown (drain, wait, close the listener, let
 * in-flight requests finish, close the database) and the process exits 0 (1 after an error). A
 * second signal, or the timeout, exits at once with 1.
 */
export function closeGracefully(app: FastifyInstance, lifecycle: Lifecycle, settings: ShutdownSettings) {
  const log: FastifyBaseLogger = app.log;
  let closing = false;

  const shutdown = async (reason: { signal?: NodeJS.Signals; error?: unknown }) => {
    if (closing) {
      if (reason.signal) {
        log.warn({ signal: reason.signal }, 'second signal during shutdown; exiting now');
        process.exit(1);
      }
      return;
    }
    closing = true;
    const exitCode = reason.error ? 1 : 0;
    const started = Date.now();
    const force = setTimeout(() => {
      log.error({ ...lifecycle.stats(), timeoutMs: settings.timeoutMs }, 'shutdown timed out; exiting with work unfinished');
      app.server.closeAllConnections();
      process.exit(1);
    }, settings.timeoutMs);
    force.unref();

    try {
      lifecycle.drain();
      log.info({ signal: reason.signal, ...lifecycle.stats() }, 'shutting down: draining');
      // Ctrl-C in a terminal has no load balancer to tell; SIGTERM gives it time to see /ready fail.
      const delay = reason.signal === 'SIGINT' ? 0 : settings.drainDelayMs;
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      // Stops listening, waits for in-flight requests, then runs onClose (sweeper, feed, database).
      await app.close();
      lifecycle.stopSweeping();
      log.info({ ...lifecycle.stats(), ms: Date.now() - started }, 'shut down cleanly');
    } catch (error) {
      log.error({ err: error }, 'error while shutting down');
      process.exit(1);
    }
    process.exit(exitCode);
  };

  process.on('SIGTERM', () => void shutdown({ signal: 'SIGTERM' }));
  process.on('SIGINT', () => void shutdown({ signal: 'SIGINT' }));
  process.on('uncaughtException', (error) => {
    log.fatal({ err: error }, 'uncaught exception; shutting down');
    void shutdown({ error });
  });
  process.on('unhandledRejection', (error) => {
    log.fatal({ err: error }, 'unhandled promise rejection; shutting down');
    void shutdown({ error });
  });
}
