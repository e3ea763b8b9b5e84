import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

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
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv.compile(schema) : textAjv.compile(schema)));
}
