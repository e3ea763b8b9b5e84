import { type Config, ConfigError, loadConfig } from '../config.js';
import { buildApp } from '../server/app.js';

/** Reads the configuration or exits with a message naming the bad setting. */
export function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`bookmemovie: configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}

/** Runs one server process until SIGTERM/SIGINT, then closes it (in-flight requests finish). */
export async function serve(config: Config, options: { migrate: boolean; announce: boolean }) {
  const { app } = await buildApp({ config, migrate: options.migrate });
  if (config.secretGenerated && options.announce) {
    app.log.warn(
      `SECRET_KEY is not set: using a development secret generated in ${config.dataDir}/secret.key. ` +
        'Set SECRET_KEY for any real deployment (NODE_ENV=production refuses to start without it).',
    );
  }

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  return app;
}

export function readyMessage(config: Config, port: number): string {
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  return `bookmemovie is ready: http://${shown}:${port} (API docs at /docs)`;
}
