import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  ChangePasswordBody,
  CreateAdminBody,
  ForgotPasswordBody,
  ForgotPasswordResponse,
  LoginBody,
  LoginResponse,
  RefreshBody,
  RefreshResponse,
  RegisterBody,
  ResetPasswordBody,
  ResetPasswordResponse,
  SetupStatus,
  User,
} from '../../contract/auth.js';
import { AppError, ErrorBody } from '../../contract/errors.js';
import { presentUser } from '../../services/presenters.js';
import { authThrottles } from '../plugins/security.js';
import type { App, RouteContext } from '../types.js';

const tags = ['auth'];
const errors = { 401: ErrorBody, 403: ErrorBody, 409: ErrorBody, 422: ErrorBody, 429: ErrorBody };
const REFRESH_COOKIE = 'bmm_refresh';
const FORGOT_PASSWORD_ANSWER =
  'If an account uses this email address, we have sent it a link to choose a new password. The link works for 30 minutes.';

/** The browser keeps its refresh token where scripts cannot read it. */
function setRefreshCookie(reply: FastifyReply, token: string, maxAgeSeconds: number) {
  reply.setCookie(REFRESH_COOKIE, token, {
    httpOnly: true,
    secure: true,
    sameSite: 'strict',
    path: '/api/auth',
    maxAge: maxAgeSeconds,
  });
}

function refreshTokenOf(request: FastifyRequest, body: RefreshBody): string | undefined {
  return body.refresh_token ?? request.cookies[REFRESH_COOKIE];
}

export function authRoutes(app: App, { services, guards }: RouteContext) {
  app.post('/api/auth/register', {
    schema: { tags, summary: 'Create a customer account', body: RegisterBody, response: { 201: User, ...errors } },
    config: { rateLimit: authThrottles.registerByIp },
    handler: async (request, reply) => reply.status(201).send(await services.auth.register(request.body, request)),
  });

  app.post('/api/auth/login', {
    schema: { tags, summary: 'Sign in and get tokens', body: LoginBody, response: { 200: LoginResponse, ...errors } },
    config: { rateLimit: authThrottles.loginByIp },
    handler: async (request, reply) => {
      // The per-account throttle (failed sign-ins, shared by every instance) is the service's.
      const session = await services.auth.login(request.body.email, request.body.password, request);
      setRefreshCookie(reply, session.refresh_token, session.refresh_expires_in);
      return session;
    },
  });

  app.post('/api/auth/refresh', {
    schema: {
      tags,
      summary: 'Trade a refresh token for new tokens',
      description:
        'Send `{"refresh_token": ...}`, or `{}` and let the cookie speak (then the new refresh token comes back only in the cookie, not in the body). Each refresh token works once; reusing one signs out every session descended from it.',
      body: RefreshBody,
      response: { 200: RefreshResponse, ...errors },
    },
    config: { rateLimit: authThrottles.loginByIp },
    handler: async (request, reply) => {
      const token = refreshTokenOf(request, request.body);
      if (!token) throw new AppError('NOT_AUTHENTICATED', 'No refresh token: sign in again');
      const session = await services.auth.refresh(token, request);
      setRefreshCookie(reply, session.refresh_token, session.refresh_expires_in);
      if (request.body.refresh_token !== undefined) return session;
      // It came from the HttpOnly cookie: the new one goes back only there. In the body, any
      // script on the page could read a credential that lives 14 days.
      const { refresh_token: _inCookieOnly, ...withoutToken } = session;
      return withoutToken;
    },
  });

  app.post('/api/auth/logout', {
    schema: { tags, summary: 'End this session (revokes its refresh token)', body: RefreshBody, response: { 204: Type.Null() } },
    handler: async (request, reply) => {
      await services.auth.logout(refreshTokenOf(request, request.body), request);
      reply.clearCookie(REFRESH_COOKIE, { path: '/api/auth' });
      return reply.status(204).send(null);
    },
  });

  app.post('/api/auth/change-password', {
    schema: {
      tags,
      summary: 'Change my password; every other session is signed out',
      security: [{ bearer: [] }],
      body: ChangePasswordBody,
      response: { 200: LoginResponse, ...errors },
    },
    // Guessing the current password: per address here, per account (the sign-in budget) in the service.
    config: { rateLimit: authThrottles.loginByIp },
    onRequest: guards.requireUser,
    handler: async (request, reply) => {
      const user = request.user as NonNullable<typeof request.user>;
      const session = await services.auth.changePassword(user, request.body.current_password, request.body.new_password, request);
      setRefreshCookie(reply, session.refresh_token, session.refresh_expires_in);
      return session;
    },
  });

  app.post('/api/auth/forgot-password', {
    schema: {
      tags,
      summary: 'Email me a link to choose a new password',
      description:
        'Always 202 with the same body, whether or not an account has this address (and in about the same time), so it cannot be used to find out who has an account. With an account, a single-use link valid for 30 minutes is emailed. Limited per client address and per email address (429 with Retry-After).',
      body: ForgotPasswordBody,
      response: { 202: ForgotPasswordResponse, ...errors },
    },
    config: { rateLimit: authThrottles.forgotPasswordByIp },
    handler: async (request, reply) => {
      await services.passwordResets.requestReset(request.body.email, request);
      return reply.status(202).send({ detail: FORGOT_PASSWORD_ANSWER });
    },
  });

  app.post('/api/auth/reset-password', {
    schema: {
      tags,
      summary: 'Choose a new password with the token from the emailed link',
      description:
        'The password rules are those of registration. Every session of the account ends. A token works once (a second use is 400 RESET_TOKEN_USED) and for 30 minutes (then 400 RESET_TOKEN_EXPIRED); an unknown token is 400 RESET_TOKEN_INVALID.',
      body: ResetPasswordBody,
      response: { 200: ResetPasswordResponse, 400: ErrorBody, ...errors },
    },
    config: { rateLimit: authThrottles.loginByIp },
    handler: async (request) => {
      await services.passwordResets.resetPassword(request.body.token, request.body.password, request);
      return { detail: 'Your password has been changed, and every session signed out. Sign in with the new password.' };
    },
  });

  app.get('/api/auth/me', {
    schema: { tags, summary: 'The signed-in user', security: [{ bearer: [] }], response: { 200: User, ...errors } },
    onRequest: guards.requireUser,
    handler: async (request) => presentUser(request.user as NonNullable<typeof request.user>),
  });

  app.get('/api/auth/setup', {
    schema: { tags, summary: 'Whether first-time admin set-up is still open', response: { 200: SetupStatus } },
    handler: async (request) => services.auth.setupStatus(request),
  });

  app.post('/api/auth/create-admin', {
    schema: {
      tags,
      summary: 'Create an admin',
      description:
        "Open while no admin exists (first-time set-up) to the server's own machine (a loopback address with no X-Forwarded-For, Forwarded or X-Real-IP header), and to others with `setup_code`, the code printed in the server's log at start; afterwards only an admin may call it.",
      security: [{ bearer: [] }, {}],
      body: CreateAdminBody,
      response: { 201: User, ...errors },
    },
    config: { rateLimit: authThrottles.registerByIp },
    handler: async (request, reply) => {
      if (!(await services.auth.adminExists())) {
        return reply.status(201).send(await services.auth.createFirstAdmin(request.body, request));
      }
      await guards.requireAdmin(request, reply);
      return reply.status(201).send(await services.auth.createAdmin(request.body, request));
    },
  });
}
