import type { Static } from 'typebox';
import type { ErrorBody, ErrorCode, FieldProblem } from '../../contract/errors';
import { isTokenUsable, session } from './session';

type ErrorPayload = Static<typeof ErrorBody>;
export type ApiErrorCode = ErrorCode | 'NETWORK_ERROR' | 'UNEXPECTED_RESPONSE';

/** Every failed API call rejects with this, carrying the server's `{detail, code, errors}`. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly fieldErrors: FieldProblem[];
  readonly seatIds: number[];

  constructor(status: number, code: ApiErrorCode, detail: string, extra: { errors?: FieldProblem[]; seat_ids?: number[] } = {}) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fieldErrors = extra.errors ?? [];
    this.seatIds = extra.seat_ids ?? [];
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

type Options = { body?: unknown; query?: Query; signal?: AbortSignal; idempotencyKey?: string };

async function request<T>(method: Method, path: string, options: Options) {
  const token = session.get()?.token;
  if (token && !isTokenUsable(token)) {
    // Known dead before sending: spare the round trip and the confusing 401 in the console.
    session.requireSignIn('expired');
    throw new ApiError(401, 'NOT_AUTHENTICATED', 'Your session has expired; sign in again');
  }
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;

  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK_ERROR', 'Could not reach bookmemovie. Check your connection and try again.');
  }

  if (response.status === 204) return undefined as T;
  const payload: unknown = await response.json().catch(() => undefined);
  if (response.ok) return payload as T;

  const body = (payload ?? {}) as Partial<ErrorPayload>;
  const error = new ApiError(
    response.status,
    (body.code as ApiErrorCode | undefined) ?? 'UNEXPECTED_RESPONSE',
    body.detail ?? `The server answered ${response.status}`,
    { errors: body.errors, seat_ids: body.seat_ids },
  );
  // A wrong password is also a 401, but it belongs to the sign-in form, not to the session.
  if (response.status === 401 && error.code === 'NOT_AUTHENTICATED') {
    session.requireSignIn(token ? 'expired' : 'required');
  }
  throw error;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T, B = unknown>(path: string, body: B, extra: { idempotencyKey?: string } = {}) =>
    request<T>('POST', path, { body, ...extra }),
  put: <T, B = unknown>(path: string, body: B) => request<T>('PUT', path, { body }),
  delete: (path: string) => request<void>('DELETE', path, {}),
};

/** A fresh key for one user action, so a retried request cannot hold or charge twice. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // randomUUID needs a secure context; plain-http LAN testing still gets a random key.
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
