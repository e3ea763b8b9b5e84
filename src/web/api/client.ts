import type { Static } from 'typebox';
import type { ErrorBody, ErrorCode, FieldProblem } from '../../contract/errors';
import { renewSession } from './renewal';
import { isTokenFresh, isTokenUsable, session } from './session';

type ErrorPayload = Static<typeof ErrorBody>;
export type ApiErrorCode = ErrorCode | 'NETWORK_ERROR' | 'UNEXPECTED_RESPONSE';

/** Every failed API call rejects with this, carrying the server's `{detail, code, errors}`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly fieldErrors: FieldProblem[];
  readonly seatIds: number[];
  /** AMBIGUOUS_LOCAL_TIME: the two instants a repeated wall time names, with their offsets. */
  readonly candidates: string[];

  constructor(
    status: number,
    code: ApiErrorCode,
    detail: string,
    extra: { errors?: FieldProblem[]; seat_ids?: number[]; candidates?: string[] } = {},
  ) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fieldErrors = extra.errors ?? [];
    this.seatIds = extra.seat_ids ?? [];
    this.candidates = extra.candidates ?? [];
  }
}

export const isApiError = (error: unknown, code?: ApiErrorCode): error is ApiError =>
  error instanceof ApiError && (code === undefined || error.code === code);

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
type Query = Record<string, string | number | boolean | undefined | null>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

type Options = {
  body?: unknown;
  /** Sent as it is, with its own type (an image upload), instead of a JSON body. */
  file?: Blob;
  query?: Query;
  signal?: AbortSignal;
  idempotencyKey?: string;
  /** Sent without the session (signing in, registering): a stale session must not get in the way. */
  anonymous?: boolean;
};

const sessionExpired = () => new ApiError(401, 'NOT_AUTHENTICATED', 'Your session has expired; sign in again');

/**
 * The access token to send: null when signed out; renewed first (through the refresh cookie) when
 * it is missing, dead or about to expire.
 */
async function tokenForRequest(): Promise<string | null> {
  const current = session.get();
  if (!current) return null;
  if (isTokenFresh(current.token)) return current.token;
  const renewal = await renewSession(current.token);
  if (renewal.ok) return renewal.token;
  if (renewal.reason === 'unreachable') {
    // The server could not renew it just now; a token with some life left still does.
    if (isTokenUsable(current.token)) return current.token;
    throw new ApiError(0, 'NETWORK_ERROR', 'Could not renew your session. Check your connection and try again.');
  }
  // renewSession has already sent the user to sign in.
  throw sessionExpired();
}

async function send(method: Method, path: string, options: Options, token: string | null): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.file) headers['content-type'] = options.file.type || 'application/octet-stream';
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  try {
    return await fetch(withQuery(path, options.query), {
      method,
      headers,
      body: options.file ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK_ERROR', 'Could not reach bookmemovie. Check your connection and try again.');
  }
}

async function errorOf(response: Response): Promise<ApiError> {
  const payload: unknown = await response.json().catch(() => undefined);
  const body = (payload ?? {}) as Partial<ErrorPayload>;
  return new ApiError(
    response.status,
    (body.code as ApiErrorCode | undefined) ?? 'UNEXPECTED_RESPONSE',
    body.detail ?? `The server answered ${response.status}`,
    { errors: body.errors, seat_ids: body.seat_ids, candidates: body.candidates },
  );
}

// A wrong password is also a 401, but it belongs to the form, not to the session.
const rejectsSession = (error: ApiError) => error.status === 401 && error.code === 'NOT_AUTHENTICATED';

/** The server's answer, with the session renewed once if the token died early. */
async function respond(method: Method, path: string, options: Options): Promise<Response> {
  const token = options.anonymous ? null : await tokenForRequest();
  let response = await send(method, path, options, token);

  if (response.status === 401) {
    const error = await errorOf(response.clone());
    if (!rejectsSession(error)) return response;
    if (options.anonymous) throw error;
    if (!token) {
      session.requireSignIn('required');
      throw error;
    }
    // The token died early (a password change elsewhere, a new server key): renew once, retry once.
    const renewal = await renewSession(token);
    if (!renewal.ok) {
      if (renewal.reason === 'unreachable') {
        throw new ApiError(0, 'NETWORK_ERROR', 'Could not renew your session. Check your connection and try again.');
      }
      throw error;
    }
    response = await send(method, path, options, renewal.token);
  }
  return response;
}

async function request<T>(method: Method, path: string, options: Options): Promise<T> {
  const response = await respond(method, path, options);
  if (response.status === 204) return undefined as T;
  if (response.ok) return (await response.json().catch(() => undefined)) as T;
  const error = await errorOf(response);
  if (rejectsSession(error)) session.requireSignIn('expired');
  throw error;
}

/**
 * For an operation whose refusals are answers too (a ticket scan: 409 already used, 422 not a
 * ticket): the body of any of the `expected` statuses; every other status rejects as usual.
 */
async function requestOutcome<T>(method: Method, path: string, options: Options, expected: number[]) {
  const response = await respond(method, path, options);
  if (expected.includes(response.status)) {
    return { status: response.status, body: (await response.json().catch(() => undefined)) as T };
  }
  const error = await errorOf(response);
  if (rejectsSession(error)) session.requireSignIn('expired');
  throw error;
}

/** A file the API serves behind the session (a QR image, a PDF), as a Blob. */
async function requestFile(path: string, signal?: AbortSignal): Promise<Blob> {
  const token = await tokenForRequest();
  let response = await send('GET', path, { signal }, token);
  if (response.status === 401 && token) {
    const renewal = await renewSession(token);
    if (renewal.ok) response = await send('GET', path, { signal }, renewal.token);
  }
  if (response.ok) return response.blob();
  const error = await errorOf(response);
  if (rejectsSession(error)) session.requireSignIn('expired');
  throw error;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  file: (path: string, signal?: AbortSignal) => requestFile(path, signal),
  post: <T, B = unknown>(path: string, body: B, extra: { idempotencyKey?: string; anonymous?: boolean } = {}) =>
    request<T>('POST', path, { body, ...extra }),
  /** POST whose `expected` statuses all answer with a body of type T (the others reject). */
  postOutcome: <T, B = unknown>(path: string, body: B, expected: number[]) => requestOutcome<T>('POST', path, { body }, expected),
  put: <T, B = unknown>(path: string, body: B) => request<T>('PUT', path, { body }),
  /** PUT of a file's bytes with the file's media type (a poster). */
  putFile: <T>(path: string, file: Blob) => request<T>('PUT', path, { file }),
  delete: (path: string) => request<void>('DELETE', path, {}),
};

/** A fresh key for one user action, so a retried request cannot hold or charge twice. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID needs a secure context; plain-http LAN testing still gets a random key.
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
