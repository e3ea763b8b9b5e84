import type { FastifyError, FastifyInstance } from 'fastify';
import { AppError, type FieldProblem } from '../../contract/errors.js';
import { databaseFailureKind } from '../../db/database.js';

type AjvIssue = { instancePath: string; message?: string; keyword: string; params: Record<string, unknown> };

/** Turns schema failures into field problems such as `body/email: must match format "email"`. */
export function describeValidation(issues: AjvIssue[], context: string | undefined): FieldProblem[] {
  return issues.map((issue) => {
    let path = issue.instancePath.replace(/^\//, '');
    if (issue.keyword === 'required' && typeof issue.params.missingProperty === 'string') {
      path = path ? `${path}/${issue.params.missingProperty}` : issue.params.missingProperty;
    }
    if (issue.keyword === 'additionalProperties' && typeof issue.params.additionalProperty === 'string') {
      path = path ? `${path}/${issue.params.additionalProperty}` : issue.params.additionalProperty;
    }
    const field = [context ?? 'body', path].filter(Boolean).join('/');
    let message = issue.message ?? 'is not valid';
    if (issue.keyword === 'required') message = 'is required';
    if (issue.keyword === 'additionalProperties') message = 'is not an allowed field';
    return { field, message };
  });
}

const FRAMEWORK_ERRORS: Record<string, AppError> = {
  FST_ERR_CTP_BODY_TOO_LARGE: new AppError('PAYLOAD_TOO_LARGE', 'The request body is too large'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the request body as application/json'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: new AppError('BAD_REQUEST', 'Content-Length does not match the body'),
  FST_ERR_CTP_EMPTY_JSON_BODY: new AppError('VALIDATION_FAILED', 'body: a JSON body is required', {
    errors: [{ field: 'body', message: 'a JSON body is required' }],
  }),
  FST_ERR_CTP_INVALID_JSON_BODY: new AppError('BAD_REQUEST', 'The request body is not valid JSON'),
};

function toAppError(error: FastifyError): AppError | null {
  if (error instanceof AppError) return error;
  if (error.validation) {
    const problems = describeValidation(error.validation as AjvIssue[], error.validationContext);
    return new AppError('VALIDATION_FAILED', problems.map((p) => `${p.field}: ${p.message}`).join('; '), { errors: problems });
  }
  const known = error.code ? FRAMEWORK_ERRORS[error.code] : undefined;
  if (known) return known;
  if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY')
    return FRAMEWORK_ERRORS.FST_ERR_CTP_INVALID_JSON_BODY ?? null;
  const status = error.statusCode ?? 500;
  if (status === 415) return FRAMEWORK_ERRORS.FST_ERR_CTP_INVALID_MEDIA_TYPE ?? null;
  if (status === 413) return FRAMEWORK_ERRORS.FST_ERR_CTP_BODY_TOO_LARGE ?? null;
  if (status === 429) return new AppError('RATE_LIMITED', error.message || 'Too many requests; slow down');
  if (status >= 400 && status < 500) return new AppError('BAD_REQUEST', error.message || 'Bad request');
  return null;
}

/** Seconds a client should wait before retrying after a 503 caused by the database. */
const DATABASE_RETRY_AFTER_SECONDS = { busy: '1', unavailable: '2' } as const;

/** One place where every error becomes `{detail, code}`; 5xx bodies say nothing but the request id. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = toAppError(error);
    if (appError && appError.status < 500) {
      if (appError.extra.headers) reply.headers(appError.extra.headers);
      const { headers: _headers, ...extra } = appError.extra;
      return reply.status(appError.status).send({ detail: appError.message, code: appError.code, ...extra });
    }
    if (appError) {
      request.log.warn({ err: error }, 'request failed upstream');
      // A 503 for lack of room carries its Retry-After.
      if (appError.extra.headers) reply.headers(appError.extra.headers);
      return reply.status(appError.status).send({ detail: appError.message, code: appError.code, request_id: request.id });
    }
    // The database is down, unreachable or too busy right now: a retryable 503, never a 500 or a hang.
    const dbFailure = databaseFailureKind(error);
    if (dbFailure) {
      request.log.warn({ err: error, dbFailure }, 'database unavailable');
      return reply
        .status(503)
        .header('retry-after', DATABASE_RETRY_AFTER_SECONDS[dbFailure])
        .send({
          detail:
            dbFailure === 'busy'
              ? 'The service is busy; please try again in a moment'
              : 'The service is temporarily unavailable; please try again shortly',
          code: 'SERVICE_UNAVAILABLE',
          request_id: request.id,
        });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({
      detail: 'Something went wrong on our side. Quote the request id if you contact support.',
      code: 'INTERNAL_ERROR',
      request_id: request.id,
    });
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ detail: `No route for ${request.method} ${request.url.split('?')[0]}`, code: 'NOT_FOUND' });
  });
}
