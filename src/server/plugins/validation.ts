import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

/**
 * Bodies are checked as sent (no type coercion: "5" is not a seat id), with unknown fields
 * dropped so old clients' extra fields and attempts to set `role` or `status` have no effect.
 * Query strings and path parameters arrive as text, so they are coerced.
 */
export function registerValidation(app: FastifyInstance): void {
  const common = { allErrors: true, useDefaults: true, removeAdditional: true as const, allowUnionTypes: true, strict: false };
  const bodyAjv = addFormats.default(new Ajv.default({ ...common, coerceTypes: false }));
  const textAjv = addFormats.default(new Ajv.default({ ...common, coerceTypes: 'array' }));
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv.compile(schema) : textAjv.compile(schema)));
}
