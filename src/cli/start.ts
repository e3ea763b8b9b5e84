import { configOrExit, readyMessage, serve } from './serve.js';

const config = configOrExit();
serve(config, { migrate: true, announce: true })
  .then((app) => {
    const address = app.server.address();
    app.log.info(readyMessage(config, typeof address === 'object' && address ? address.port : config.port));
  })
  .catch((error: unknown) => {
    console.error('bookmemovie failed to start:', error);
    process.exit(1);
  });
