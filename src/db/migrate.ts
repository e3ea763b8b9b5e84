import { type Migration, Migrator } from 'kysely';
import type { Db } from './database.js';
import { initialSchema } from './migrations/001-initial.js';
import { securitySchema } from './migrations/002-security.js';
import { rateCountersSchema } from './migrations/003-rate-counters.js';
import { moneyAndDeclinesSchema } from './migrations/004-money-and-declines.js';
import { idempotencyFingerprintsSchema } from './migrations/005-idempotency-fingerprints.js';
import { auditSecurityEventsSchema } from './migrations/006-audit-security-events.js';
import { setupCodesSchema } from './migrations/007-setup-codes.js';
import { outboxSchema } from './migrations/008-outbox.js';
import { passwordResetsSchema } from './migrations/009-password-resets.js';
import { prototypeImportSchema } from './migrations/010-prototype-import.js';
import { hallShapesSchema } from './migrations/012-hall-shapes.js';
import { ticketsAndRolesSchema } from './migrations/013-tickets-and-roles.js';
import { ticketTypesSchema } from './migrations/014-ticket-types.js';
import { cinemasSchema } from './migrations/015-cinemas.js';
import { boxOfficeSchema } from './migrations/016-box-office.js';
import { showCancellationsSchema } from './migrations/018-show-cancellations.js';
import { waitlistSchema } from './migrations/019-waitlist.js';
import { promoCodesSchema } from './migrations/020-promo-codes.js';
import { filmDetailsSchema } from './migrations/021-film-details.js';

/**
 * Brings the schema up to date; safe to run from several instances at once (Kysely takes a lock).
 * `upTo` stops after that migration (tests of a migration's conversion of older data).
 */
export async function migrateToLatest(db: Db, upTo?: string): Promise<string[]> {
  const migrations: Record<string, Migration> = {
    '001-initial': initialSchema(db.dialect),
    '002-security': securitySchema(db.dialect),
    '003-rate-counters': rateCountersSchema(db.dialect),
    '004-money-and-declines': moneyAndDeclinesSchema(db.dialect),
    '005-idempotency-fingerprints': idempotencyFingerprintsSchema(db.dialect),
    '006-audit-security-events': auditSecurityEventsSchema(db.dialect),
    '007-setup-codes': setupCodesSchema(db.dialect),
    '008-outbox': outboxSchema(db.dialect),
    '009-password-resets': passwordResetsSchema(db.dialect),
    '010-prototype-import': prototypeImportSchema(db.dialect),
    '012-hall-shapes': hallShapesSchema(db.dialect),
    '013-tickets-and-roles': ticketsAndRolesSchema(db.dialect),
    '014-ticket-types': ticketTypesSchema(db.dialect),
    '015-cinemas': cinemasSchema(db.dialect),
    '016-box-office': boxOfficeSchema(db.dialect),
    '018-show-cancellations': showCancellationsSchema(db.dialect),
    '019-waitlist': waitlistSchema(db.dialect),
    '020-promo-codes': promoCodesSchema(db.dialect),
    '021-film-details': filmDetailsSchema(db.dialect),
  };
  const migrator = new Migrator({
    db: db.kysely,
    provider: { getMigrations: async () => migrations },
    // Kysely looks for its own tables in every schema unless told which one: with a schema-confined
    // pool, another schema's kysely_migration tables would otherwise be taken for ours.
    ...(db.schema ? { migrationTableSchema: db.schema } : {}),
    // Numbers are names, not a strict order: a migration written beside another may land after
    // it. Each one touches only its own tables and columns, so a database that already has a
    // higher-numbered one still gets a lower-numbered one that arrives later.
    allowUnorderedMigrations: true,
  });
  const { error, results } = upTo === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(upTo);
  if (error) throw error;
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
