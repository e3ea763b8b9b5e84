import { LoginBody, LoginResponse, RegisterBody, SetupStatus, User } from '../../contract/auth.js';
import { ErrorBody } from '../../contract/errors.js';
import { presentUser } from '../../services/presenters.js';
import type { App, RouteContext } from '../types.js';

const tags = ['auth'];
const errors = { 401: ErrorBody, 403: ErrorBody, 409: ErrorBody, 422: ErrorBody };

export function authRoutes(app: App, { services, guards }: RouteContext) {
  app.post('/api/auth/register', {
    schema: { tags, summary: 'Create a customer account', body: RegisterBody, response: { 201: User, ...errors } },
    handler: async (request, reply) => reply.status(201).send(await services.auth.register(request.body)),
  });

  app.post('/api/auth/login', {
    schema: { tags, summary: 'Sign in and get an access token', body: LoginBody, response: { 200: LoginResponse, ...errors } },
    handler: async (request) => services.auth.login(request.body.email, request.body.password),
  });

  app.get('/api/auth/me', {
    schema: { tags, summary: 'The signed-in user', security: [{ bearer: [] }], response: { 200: User, ...errors } },
    onRequest: guards.requireUser,
    handler: async (request) => presentUser(request.user as NonNullable<typeof request.user>),
  });

  app.get('/api/auth/setup', {
    schema: { tags, summary: 'Whether first-time admin set-up is still open', response: { 200: SetupStatus } },
    handler: async () => ({ admin_exists: await services.auth.adminExists() }),
  });

  app.post('/api/auth/create-admin', {
    schema: {
      tags,
      summary: 'Create an admin',
      description: 'Open while no admin exists (first-time set-up); afterwards only an admin may call it.',
      security: [{ bearer: [] }, {}],
      body: RegisterBody,
      response: { 201: User, ...errors },
    },
    handler: async (request, reply) => {
      if (!(await services.auth.adminExists())) {
        return reply.status(201).send(await services.auth.createFirstAdmin(request.body));
      }
      await guards.requireAdmin(request, reply);
      return reply.status(201).send(await services.auth.createAdmin(request.body));
    },
  });
}
