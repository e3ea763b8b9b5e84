import { Type } from 'typebox';
import { ErrorBody } from '../../contract/errors.js';
import type { App, RouteContext } from '../types.js';

/** A readiness probe answers within this, whatever the database is doing. */
const READY_TIMEOUT_MS = 2000;

function withinTime<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`the database did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export function healthRoutes(app: App, { deps }: RouteContext) {
  app.get('/health', {
    schema: { tags: ['health'], summary: 'The process is up', response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
    handler: async () => ({ status: 'ok' as const }),
  });

  app.get('/ready', {
    schema: {
      tags: ['health'],
      summary: 'The database answers',
      response: { 200: Type.Object({ status: Type.Literal('ready'), database: Type.String() }), 503: ErrorBody },
    },
    handler: async (request, reply) => {
      try {
        await withinTime(deps.db.ping(), READY_TIMEOUT_MS);
        return { status: 'ready' as const, database: deps.db.dialect };
      } catch (error) {
        request.log.warn({ err: error }, 'readiness check failed');
        return reply.status(503).send({ detail: 'The database is not reachable', code: 'SERVICE_UNAVAILABLE' });
      }
    },
  });
}
