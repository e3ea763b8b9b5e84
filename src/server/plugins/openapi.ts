import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

const REDOC_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>bookmemovie API (ReDoc)</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><redoc spec-url="/openapi.json"></redoc><script src="/redoc/redoc.standalone.js"></script></body>
</html>`;

/** The OpenAPI document is built from the route schemas; /docs (Swagger UI) and /redoc read it. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'bookmemovie API',
        version: '1.0.0',
        description:
          'Movie ticketing: browse showtimes, hold seats, pay, cancel; admin catalogue and analytics. ' +
          'Errors are `{detail, code}`; money is a decimal in major units of `currency`.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      tags: [
        { name: 'auth', description: 'Accounts and tokens' },
        { name: 'catalogue', description: 'Movies, showtimes and seat maps (no token needed)' },
        { name: 'bookings', description: 'Holds, payment and cancellation' },
        { name: 'admin', description: 'Catalogue management and analytics (admin token)' },
        { name: 'box office', description: 'Selling at the counter in shifts (box office or admin token)' },
        { name: 'health', description: 'Liveness and readiness' },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const require = createRequire(import.meta.url);
  let redocBundle: string | undefined;
  app.get('/redoc', { schema: { hide: true } }, async (_request, reply) => reply.type('text/html').send(REDOC_PAGE));
  app.get('/redoc/redoc.standalone.js', { schema: { hide: true } }, async (_request, reply) => {
    redocBundle ??= readFileSync(require.resolve('redoc/bundles/redoc.standalone.js'), 'utf8');
    return reply.type('application/javascript').header('cache-control', 'public, max-age=86400').send(redocBundle);
  });
}
