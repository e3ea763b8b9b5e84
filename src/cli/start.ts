import { type Config, ConfigError, loadConfig } from '../config.js';
import { buildApp } from '../server/app.js';

async function start() {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`bookmemovie: configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const { app } = await buildApp({ config });
  if (config.secretGenerated) {
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
  const shown = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  app.log.info(
    `bookmemovie is ready: http://${shown}:${app.server.address() && typeof app.server.address() === 'object' ? (app.server.address() as { port: number }).port : config.port} (API docs at /docs)`,
  );
}

start().catch((error: unknown) => {
  console.error('bookmemovie failed to start:', error);
  process.exit(1);
});
