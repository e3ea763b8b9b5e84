import { createHmac, hkdfSync } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../contract/errors.js';
import { idempotencyStore } from '../../db/stores/idempotency-store.js';
import type { Deps } from '../../services/deps.js';

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyClaim?: { userId: number; route: string; key: string };
  }
}

const KEY_TTL_MS = 24 * 60 * 60 * 1000;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** Same JSON, same text, whatever order the client wrote the fields in. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function withoutCard(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const { payment: _card, ...rest } = body as Record<string, unknown>;
  return rest;
}

/**
 * The fingerprint a retry must match: an HMAC under a key derived from SECRET_KEY (not the JWT
 * key itself) over the request body without its `payment` card. An unkeyed SHA-256 of a body
 * holding the card could be brute-forced offline from a database copy (a known booking
 * reference, a 16-digit number with a check digit, a 3-digit CVC); a keyed one cannot, and with
 * the card left out nothing derived from it is stored at all.
 *
 * It is taken over the validated body in canonical form rather than the raw bytes: field order
 * and fields the schema drops must not make a retry a "different" request (a promise with its
 * test). The parser caps nesting at 32 levels, so the recursion here is shallow. A retry with
 * the same key and another card is the same action and gets the first answer; a new card is a
 * new attempt and takes a new key.
 */
export function requestFingerprinter(secretKey: string) {
  const key = Buffer.from(hkdfSync('sha256', secretKey, 'bookmemovie', 'idempotency-fingerprint-v1', 32));
  return (body: unknown): string => {
    const mac = createHmac('sha256', key).update(canonicalJson(withoutCard(body)));
    return `v1:${mac.digest('hex')}`;
  };
}

/**
 * `Idempotency-Key` for the money-moving routes, scoped per user and kept a day: a retry with the
 * same key and body gets the stored response and changes nothing; the same key with another body
 * is refused (422); a retry while the first is still running gets 409.
 */
export function idempotency(deps: Deps, route: string) {
  const store = idempotencyStore(deps.db);
  const fingerprint = requestFingerprinter(deps.config.secretKey);

  const preHandler = async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers['idempotency-key'];
    if (header === undefined) return;
    const key = Array.isArray(header) ? header[0] : header;
    if (!key || !KEY_PATTERN.test(key)) {
      throw new AppError('VALIDATION_FAILED', 'Idempotency-Key must be 1 to 255 visible ASCII characters', {
        errors: [{ field: 'headers/idempotency-key', message: 'must be 1 to 255 visible ASCII characters' }],
      });
    }
    const userId = request.user?.id;
    if (userId === undefined) return;
    const requestHash = fingerprint(request.body);
    const claim = await store.claim({ userId, route, key, requestHash, now: deps.clock.now(), ttlMs: KEY_TTL_MS });
    switch (claim.kind) {
      case 'claimed':
        request.idempotencyClaim = { userId, route, key };
        return;
      case 'replay':
        return reply
          .status(claim.statusCode)
          .header('idempotent-replayed', 'true')
          .type('application/json; charset=utf-8')
          .send(claim.body);
      case 'mismatch':
        throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used with a different request body');
      case 'in-progress':
        throw new AppError(
          'IDEMPOTENCY_IN_PROGRESS',
          'A request with this Idempotency-Key is still being processed; retry shortly',
        );
    }
  };

  const onSend = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const claim = request.idempotencyClaim;
    if (!claim) return payload;
    request.idempotencyClaim = undefined;
    // A 429 asks for the same request again later: stored, it would be replayed to that very retry.
    if (reply.statusCode >= 500 || reply.statusCode === 429) await store.release(claim);
    else await store.complete(claim, reply.statusCode, typeof payload === 'string' ? payload : String(payload ?? ''));
    return payload;
  };

  return { preHandler, onSend };
}
