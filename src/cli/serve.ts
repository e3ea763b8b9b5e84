import { type Config, ConfigError, loadConfig } from '../config.js';
import { applyDotEnv } from '../dotenv.js';
import { buildApp } from '../server/app.js';
import { closeGracefully, type ShutdownSettings, trackRequests } from '../server/plugins/lifecycle.js';

/** Reads `.env` and the environment, or exits with a message naming the bad setting. */
export function configOrExit(): Config {
  try {
    applyDotEnv();
    return loadConfig();
  } catch (error) {
    console.error(`bookmemovie: configuration error: ${(error as Error).message}`);
    process.exit(1);
  }
}

function msSetting(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number of milliseconds from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/**
 * SHUTDOWN_DRAIN_MS (default 1000): after SIGTERM, how long /ready says 503 while the listener is
 * still open, so a load balancer stops sending traffic before connections are refused.
 * SHUTDOWN_TIMEOUT_MS (default 10000): the longest a shutdown may take before the process exits 1.
 */
export function shutdownSettings(env: NodeJS.ProcessEnv = process.env): ShutdownSettings {
  const timeoutMs = msSetting(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 1000, 600_000);
  const drainDelayMs = msSetting(env, 'SHUTDOWN_DRAIN_MS', 1000, 0, 600_000);
  if (drainDelayMs >= timeoutMs) throw new ConfigError('SHUTDOWN_DRAIN_MS must be shorter than SHUTDOWN_TIMEOUT_MS');
  return { drainDelayMs, timeoutMs };
}

/**
 * Runs one server process until SIGTERM/SIGINT, then shuts down gracefully: /ready and new
 * requests get 503 at once, in-flight requests finish, event streams end, the database closes
 * last, and the process exits 0 (or 1 if that takes longer than SHUTDOWN_TIMEOUT_MS).
 */
export async function serve(config: Config, options: { migrate: boolean; announce: boolean }) {
  let shutdown: ShutdownSettings;
  try {
    shutdown = shutdownSettings();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`bookmemovie: configuration error: ${error.message}`);
    process.exit(1);
  }
  const { app } = await buildApp({ config, migrate: options.migrate });
  if (config.secretGenerated && options.announce) {
    app.log.warn(
      `SECRET_KEY is not set: using a development secret generated in ${config.dataDir}/secret.key. ` +
        'Set SECRET_KEY for any real deployment (NODE_ENV=production refuses to start without it).',
    );
  }
  if (config.ticketSigningKeyGenerated && options.announce) {
    app.log.warn(
      `TICKET_SIGNING_KEY is not set: tickets are signed with a key generated in ${config.dataDir}/ticket-signing.key. ` +
        'Set TICKET_SIGNING_KEY for any real deployment (every instance must share it; NODE_ENV=production refuses to start without it).',
    );
  }
  if (config.secretKeyWarning && options.announce) app.log.warn(`${config.secretKeyWarning} (NODE_ENV=production refuses it)`);

  closeGracefully(app, trackRequests(app.server), shutdown);
  await app.listen({ port: config.port, host: config.host });
  return app;
}

export function readyMessage(config: Config, port: number): string {
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return `bookmemovie is ready: http://${shown}:${port} (API docs at /docs)`;
}
