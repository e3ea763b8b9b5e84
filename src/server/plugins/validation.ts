import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { validationError } from '../../contract/errors.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.js';

/** The path of the first string (or key) holding a NUL character, or undefined. */
function nulPath(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (value === null || typeof value !== 'object' || depth > 32) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const childPath = `${path}/${key}`;
    if (key.includes('\u0000')) return childPath;
    const found = nulPath(child, childPath, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * Bodies are checked as sent (no type coercion: "5" is not a seat id), and every field the schema
 * does not name is dropped before a handler sees it: old clients' extra fields are harmless, and
 * `role`, `status`, `id` or `deleted_at` in a body can never reach a database write.
 * Query strings, path parameters and headers arrive as text, so they are coerced; headers keep
 * the fields no schema names (authorization, for one).
 */
export function registerValidation(app: FastifyInstance): void {
  const common = { allErrors: true, useDefaults: true, allowUnionTypes: true, strict: false };
  const bodyAjv = addFormats.default(new Ajv.default({ ...common, removeAdditional: 'all', coerceTypes: false }));
  const textAjv = addFormats.default(new Ajv.default({ ...common, coerceTypes: 'array' }));
  // Bodies are JSON only: without this, Fastify's built-in text/plain parser would hand a string
  // to the schema (422) instead of refusing the media type (415).
  app.removeContentTypeParser('text/plain');
  // JSON nests at most 32 levels, checked on the text before it is parsed: everything after the
  // parser (NUL scan, validation, the idempotency fingerprint) may then walk a body without
  // meeting a 20,000-level value that overflows the stack (a 500). The parse itself is Fastify's,
  // with its __proto__ and constructor handling.
  const parseJson = app.getDefaultJsonParser(
    app.initialConfig.onProtoPoisoning ?? 'error',
    app.initialConfig.onConstructorPoisoning ?? 'error',
  );
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (nestsDeeperThan(body as string, MAX_JSON_DEPTH)) {
      const problem = { field: 'body', message: `must not nest objects and arrays more than ${MAX_JSON_DEPTH} levels deep` };
      done(validationError([problem]), undefined);
      return;
    }
    parseJson(request, body as string, done);
  });
  // PostgreSQL cannot store U+0000 in text (the query fails: a 500), and no field has a use for
  // it: a NUL anywhere in the body, path or query string is refused on both databases alike.
  app.addHook('preValidation', async (request) => {
    const where = nulPath(request.body, 'body') ?? nulPath(request.params, 'params') ?? nulPath(request.query, 'querystring');
    if (where) throw validationError([{ field: where, message: 'must not contain NUL (U+0000) characters' }]);
  });
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv.compile(schema) : textAjv.compile(schema)));
}
