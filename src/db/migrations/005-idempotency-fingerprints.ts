import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * Idempotency fingerprints became keyed HMACs without the card (src/server/plugins/idempotency.ts).
 * The confirm-payment rows written before hold an unkeyed SHA-256 of a body with a card number,
 * CVC and expiry in it, which a copy of the database could brute-force: they go. A retry with
 * such a key runs afresh, which charges nothing twice (a confirmed booking answers with its
 * payment). Rows of the other routes hold no card data and expire within 24 hours; until then a
 * retry with one of those keys no longer matches and is refused (422), so nothing runs twice.
 */
export function idempotencyFingerprintsSchema(_dialect: DialectName) {
  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
  const up = async (db: Kysely<any>) => {
    await db.deleteFrom('idempotency_keys').where('route', '=', 'confirm-payment').execute();
  };
  return { up };
}
