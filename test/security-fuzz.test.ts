import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPROVED_CARD, createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * SECURITY.md, "Fuzzing": reads the service's own /openapi.json and throws malformed requests at
 * every operation in it (wrong types, missing and extra fields, huge strings, extreme numbers,
 * bad path parameters, nulls, arrays for objects, broken JSON, integer edge values on every numeric
 * parameter, 20,000-level nesting), each once with an admin token and once with no token or a user
 * token. No answer may be a 5xx, and every error is `{detail, code}`.
 */

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  format?: string;
  minimum?: number;
  $ref?: string;
};
const isNumeric = (schema: Schema | undefined): boolean => {
  const types = Array.isArray(schema?.type) ? schema.type : [schema?.type];
  return (
    types.includes('integer') ||
    types.includes('number') ||
    (schema?.anyOf ?? schema?.oneOf ?? []).some((option) => isNumeric(option))
  );
};
type Parameter = { in: 'path' | 'query' | 'header'; name: string; schema?: Schema };
type Operation = {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
};
type OpenApi = { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } };

type Case = {
  op: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  /** A JSON value to send, or raw text with its content type. */
  body?: { json: unknown } | { raw: string; type: string };
};

const BAD_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  2 ** 53 + 1,
  99_999_999_999,
  '',
  'abc',
  'x'.repeat(10_000),
  '☃💥\u0000\u202e𝕏',
  "' OR 1=1 --",
  [],
  [1, 'a', null],
  {},
  { $gt: '' },
];
const BAD_PATH_VALUES = [
  '0',
  '-1',
  '99999999999',
  'abc',
  encodeURIComponent('☃💥'),
  'null',
  '1.5',
  '%00',
  encodeURIComponent("' OR 1=1 --"),
  'x'.repeat(300),
  '2147483647',
  '2147483648',
  '1e3',
  '0x10',
  encodeURIComponent(' 1'),
  '%',
];
const BAD_QUERY_VALUES = [
  'abc',
  '-1',
  '0',
  '99999999999',
  '',
  'x'.repeat(5000),
  encodeURIComponent('☃'),
  'null',
  '1.5',
  "'%20OR%201=1--",
];
/**
 * Integer edge values for every numeric parameter (path, query and body): the int32 edge that a
 * PostgreSQL `integer` column overflows at, the int53 edge of a JS number, a bigint-overflowing
 * 10^20, fractions, exponents, and text that is not a number at all.
 */
const NUMERIC_EDGE_TEXT = [
  '0',
  '-1',
  '2147483647',
  '2147483648',
  String(2 ** 53),
  '99999999999999999999',
  '1e20',
  '1.5',
  '1e3',
  '-0',
  '1e-7',
  'NaN',
  'Infinity',
  '',
];
const NUMERIC_EDGE_JSON: unknown[] = [0, -1, 2_147_483_647, 2_147_483_648, 2 ** 53, 1e20, 1.5, -0.5, 1e-7, '1e3', 'NaN', ''];
const WHOLE_BODIES: unknown[] = [null, [], [{}], 'a string', 42, true, {}];
const RAW_BODIES = [
  { raw: '{"broken": ', type: 'application/json' },
  { raw: '{"a":1}}', type: 'application/json' },
  { raw: '', type: 'application/json' },
  { raw: 'a=1&b=2', type: 'application/x-www-form-urlencoded' },
  { raw: '{"a":1}', type: 'text/plain' },
  { raw: '<a/>', type: 'application/xml' },
  { raw: `{"pad":"${'y'.repeat(70 * 1024)}"}`, type: 'application/json' },
  { raw: '{"__proto__":{"admin":true},"constructor":{"prototype":{"admin":true}}}', type: 'application/json' },
];
const BAD_KEYS = ['', 'has space', 'x'.repeat(300), 'ok-key\t'];
/** 20,000 levels of arrays (40 KB): deeper than anything recursive can walk. */
const DEEP_JSON = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;

let t: TestApp;
let admin: Awaited<ReturnType<TestApp['makeUser']>>;
let user: Awaited<ReturnType<TestApp['makeUser']>>;
let known: { movieId: number; hallId: number; eventId: number; seatId: number; reference: string };

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.makeUser('admin');
  user = await t.makeUser();
  const show = await t.makeShowtime(admin, { rows: 5, perRow: 5, hoursAhead: 72 });
  const hold = await t.call('POST', '/api/book-seats', { token: user.token, body: { seat_ids: [show.seatIds[0]] } });
  expect(hold.status).toBe(201);
  known = {
    movieId: show.movie.id,
    hallId: show.event.hall_id,
    eventId: show.eventId,
    seatId: show.seatIds[1] as number,
    reference: hold.body.booking_reference,
  };
});
afterAll(async () => t.close());

function resolve(doc: OpenApi, schema: Schema): Schema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.split('/').pop() as string;
  return doc.components?.schemas?.[name] ?? {};
}

/** A plausible value for a field, so one mutation at a time gets past the rest of the schema. */
function sample(doc: OpenApi, raw: Schema, name: string): unknown {
  const schema = resolve(doc, raw);
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return sample(doc, options.find((o) => resolve(doc, o).type !== 'null') ?? (options[0] as Schema), name);
  if (schema.enum) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((x) => x !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(schema.properties ?? {})) out[key] = sample(doc, value, key);
      return out;
    }
    case 'array':
      return name === 'seat_ids' ? [known.seatId] : [sample(doc, schema.items ?? {}, name)];
    case 'integer':
    case 'number': {
      const ids: Record<string, number> = { movie_id: known.movieId, hall_id: known.hallId, event_id: known.eventId };
      if (ids[name] !== undefined) return ids[name];
      if (name === 'exp_month') return 12;
      if (name === 'exp_year') return 2199;
      return Math.max(1, schema.minimum ?? 1);
    }
    case 'boolean':
      return false;
    case 'string': {
      if (schema.format === 'email') return `fuzz-${Math.random().toString(36).slice(2, 10)}@example.com`;
      if (schema.format === 'date') return '2100-01-05';
      if (schema.format === 'uri') return 'https://example.com/poster.png';
      if (name === 'start_time') return '2100-01-09T20:00:00Z';
      if (name === 'booking_reference') return known.reference;
      if (name === 'card_number') return APPROVED_CARD.card_number;
      if (name === 'cvc') return '123';
      if (name.includes('password')) return 'fuzz-passphrase-0192';
      return 'fuzz';
    }
    default:
      return 'fuzz';
  }
}

/** Every leaf path of an object schema: ['title'], ['payment', 'cvc'], ['categories', 0, 'name'] ... */
function fieldPaths(doc: OpenApi, raw: Schema, prefix: (string | number)[] = []): (string | number)[][] {
  const schema = resolve(doc, raw);
  const out: (string | number)[][] = [];
  for (const [key, child] of Object.entries(schema.properties ?? {})) {
    const c = resolve(doc, child);
    const path = [...prefix, key];
    out.push(path);
    if (c.type === 'object') out.push(...fieldPaths(doc, c, path));
    if (c.type === 'array' && c.items && resolve(doc, c.items).type === 'object') {
      out.push(...fieldPaths(doc, c.items, [...path, 0]));
    }
    // An array of numbers (seat_ids): its first item is a numeric field too.
    if (c.type === 'array' && c.items && isNumeric(resolve(doc, c.items))) out.push([...path, 0]);
  }
  return out;
}

/** The schema of the field at `path` (for `[..., 0]`, the array's items). */
function schemaAt(doc: OpenApi, raw: Schema, path: (string | number)[]): Schema | undefined {
  let schema: Schema | undefined = resolve(doc, raw);
  for (const key of path) {
    if (!schema) return undefined;
    schema = typeof key === 'number' ? schema.items : schema.properties?.[key];
    schema = schema ? resolve(doc, schema) : undefined;
  }
  return schema;
}

function withValue(base: unknown, path: (string | number)[], value: unknown, remove = false): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) {
    if (node[key] === null || typeof node[key] !== 'object') return copy;
    node = node[key] as Record<string | number, unknown>;
  }
  const last = path[path.length - 1] as string | number;
  if (remove) delete node[last];
  else node[last] = value;
  return copy;
}

function buildCases(doc: OpenApi): { cases: Case[]; operations: string[]; numericFields: string[] } {
  const cases: Case[] = [];
  const operations: string[] = [];
  const numericFields: string[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [lowerMethod, operation] of Object.entries(methods)) {
      const method = lowerMethod.toUpperCase();
      const op = `${method} ${path}`;
      operations.push(op);
      const isStream = path.endsWith('/stream');
      const parameters = operation.parameters ?? [];
      const pathParams = parameters.filter((p) => p.in === 'path');
      const queryParams = parameters.filter((p) => p.in === 'query');
      const hasKeyHeader = parameters.some((p) => p.in === 'header' && p.name === 'idempotency-key');
      const bodySchema = operation.requestBody?.content?.['application/json']?.schema;

      // A path with plausible ids, and a path per bad value of each parameter.
      const fill = (bad?: { name: string; value: string }) =>
        path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
          if (bad?.name === name) return bad.value;
          if (name === 'booking_reference') return known.reference;
          // The stream is never opened with a real showtime: it would not end.
          if (isStream) return '2147483647';
          return String(name === 'movie_id' ? known.movieId : name === 'hall_id' ? known.hallId : known.eventId);
        });
      const goodUrl = fill();
      const urls = pathParams.length === 0 ? [goodUrl] : [];
      for (const param of pathParams) {
        if (isNumeric(param.schema)) numericFields.push(`${op} path ${param.name}`);
        const values = isNumeric(param.schema) ? [...BAD_PATH_VALUES, ...NUMERIC_EDGE_TEXT.filter(Boolean)] : BAD_PATH_VALUES;
        for (const value of values) {
          // ' 1' is read as showtime 1 (ids are coerced from text), which would open a live stream.
          if (isStream && Number(value.replace('%20', ' ')) === known.eventId) continue;
          urls.push(fill({ name: param.name, value }));
        }
      }
      const baseBody = bodySchema ? sample(doc, bodySchema, 'body') : undefined;
      const bodyOf = (json: unknown) => (bodySchema ? { body: { json } } : {});
      for (const url of urls) cases.push({ op, method, url, ...bodyOf(baseBody) });

      for (const param of queryParams) {
        if (isNumeric(param.schema)) numericFields.push(`${op} query ${param.name}`);
        const values = isNumeric(param.schema) ? [...BAD_QUERY_VALUES, ...NUMERIC_EDGE_TEXT] : BAD_QUERY_VALUES;
        for (const value of values) cases.push({ op, method, url: `${goodUrl}?${param.name}=${value}` });
        cases.push({ op, method, url: `${goodUrl}?${param.name}=1&${param.name}=abc` });
        cases.push({ op, method, url: `${goodUrl}?${param.name}[]=1&${param.name}[x]=2` });
      }
      if (!isStream) cases.push({ op, method, url: `${goodUrl}?unknown_param=${encodeURIComponent("'; DROP TABLE seats; --")}` });

      if (bodySchema) {
        const required = resolve(doc, bodySchema).required ?? [];
        for (const field of required)
          cases.push({ op, method, url: goodUrl, body: { json: withValue(baseBody, [field], null, true) } });
        cases.push({
          op,
          method,
          url: goodUrl,
          body: { json: { ...(baseBody as object), role: 'admin', is_active: false, id: 1, deleted_at: 1, status: 'confirmed' } },
        });
        for (const fieldPath of fieldPaths(doc, bodySchema)) {
          const numeric = isNumeric(schemaAt(doc, bodySchema, fieldPath));
          if (numeric) numericFields.push(`${op} body ${fieldPath.join('.')}`);
          for (const value of numeric ? [...BAD_VALUES, ...NUMERIC_EDGE_JSON] : BAD_VALUES)
            cases.push({ op, method, url: goodUrl, body: { json: withValue(baseBody, fieldPath, value) } });
        }
        for (const whole of WHOLE_BODIES) cases.push({ op, method, url: goodUrl, body: { json: whole } });
        for (const raw of RAW_BODIES) cases.push({ op, method, url: goodUrl, body: raw });
        cases.push({ op, method, url: goodUrl, body: { raw: DEEP_JSON, type: 'application/json' } });
      }
      if (hasKeyHeader) {
        for (const key of BAD_KEYS)
          cases.push({ op, method, url: goodUrl, headers: { 'idempotency-key': key }, ...bodyOf(baseBody) });
        // A good key and a deeply nested value in a field: the fingerprint must never see it.
        const deepField = JSON.stringify(baseBody).replace(/\}$/, `,"user_email":${DEEP_JSON}}`);
        const headers = { 'idempotency-key': 'fuzz-deep-key' };
        cases.push({ op, method, url: goodUrl, headers, body: { raw: deepField, type: 'application/json' } });
      }
    }
  }
  return { cases, operations, numericFields };
}

describe('fuzzing every operation in /openapi.json', () => {
  it('sends 2,000+ malformed requests: no 5xx, every error is {detail, code}', async () => {
    const started = performance.now();
    const docRes = await t.call('GET', '/openapi.json');
    expect(docRes.status).toBe(200);
    const doc = docRes.body as OpenApi;
    const { cases, operations, numericFields } = buildCases(doc);
    expect(operations.length).toBeGreaterThanOrEqual(35);
    // Every id, paging and size parameter gets the integer edge values (the list is printed below).
    expect(numericFields.length).toBeGreaterThanOrEqual(25);

    const failures: string[] = [];
    const statuses: Record<number, number> = {};
    const perOperation = new Map<string, number>();
    let sent = 0;
    let withAdmin = 0;

    const send = async (c: Case, who: 'admin' | 'user' | 'none') => {
      const token = who === 'admin' ? admin.token : who === 'user' ? user.token : undefined;
      const headers: Record<string, string> = { ...(token ? { authorization: `Bearer ${token}` } : {}), ...c.headers };
      let payload: string | undefined;
      if (c.body && 'json' in c.body) {
        headers['content-type'] = 'application/json';
        payload = JSON.stringify(c.body.json) ?? 'null';
      } else if (c.body) {
        headers['content-type'] = c.body.type;
        payload = c.body.raw;
      }
      sent += 1;
      if (who === 'admin') withAdmin += 1;
      perOperation.set(c.op, (perOperation.get(c.op) ?? 0) + 1);
      // A spread of client addresses, so the per-address sign-in throttles do not answer everything.
      const remoteAddress = `10.${(sent >> 16) & 255}.${(sent >> 8) & 255}.${sent & 255}`;
      const res = await Promise.race([
        t.app.inject({
          method: c.method as 'GET',
          url: c.url,
          headers,
          remoteAddress,
          ...(payload !== undefined ? { payload } : {}),
        }),
        new Promise<never>((_resolve, reject) =>
          setTimeout(() => reject(new Error(`no answer in 10 s: ${c.method} ${c.url}`)), 10_000).unref(),
        ),
      ]);
      statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
      const label = `${who} ${c.method} ${c.url.slice(0, 120)} ${payload?.slice(0, 160) ?? ''} → ${res.statusCode}`;
      if (res.statusCode >= 500) {
        failures.push(`${label} ${res.body.slice(0, 300)}`);
        return;
      }
      if (res.statusCode >= 400) {
        let body: { detail?: unknown; code?: unknown } | undefined;
        try {
          body = JSON.parse(res.body);
        } catch {
          body = undefined;
        }
        if (typeof body?.detail !== 'string' || typeof body?.code !== 'string' || !body.detail) {
          failures.push(`${label}: error body is not {detail, code}: ${res.body.slice(0, 200)}`);
        }
        if (!String(res.headers['content-type']).startsWith('application/json')) {
          failures.push(`${label}: error content-type ${res.headers['content-type']}`);
        }
      }
    };

    // Every case goes out twice: once as an admin, once anonymously or as a user (alternating).
    const BATCH = 8;
    for (let i = 0; i < cases.length; i += BATCH) {
      const batch = cases.slice(i, i + BATCH);
      await Promise.all(batch.map((c) => send(c, 'admin')));
      await Promise.all(batch.map((c, j) => send(c, (i + j) % 2 === 0 ? 'none' : 'user')));
    }

    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `fuzz: ${sent} requests (${withAdmin} as admin) across ${operations.length} operations in ${seconds}s; statuses ${JSON.stringify(statuses)}`,
    );
    console.log(`fuzz: integer edge values on ${numericFields.length} numeric parameters: ${numericFields.join(', ')}`);
    expect(failures.slice(0, 25), `${failures.length} bad answers`).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(2000);
    expect(withAdmin * 2).toBe(sent);
    for (const op of operations) expect(perOperation.get(op) ?? 0, op).toBeGreaterThanOrEqual(2);

    // The service is still whole afterwards.
    expect((await t.call('GET', '/ready')).status).toBe(200);
    expect((await t.call('GET', `/api/events/${known.eventId}/seats`)).status).toBe(200);
    expect((await t.call('GET', '/api/auth/me', { token: admin.token })).status).toBe(200);
  }, 120_000);
});
