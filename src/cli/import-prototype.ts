import { randomBytes } from 'node:crypto';
import { existsSync, realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { currencyDigits, toMajorUnits } from '../core/money.js';
import { IMPORTED_CUSTOMER } from '../core/prototype-import.js';
import { makeBookingReference } from '../core/reference.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { NotAPrototypeDatabase, readPrototypeFile } from '../db/prototype-file.js';
import { type ImportReport, importPrototype } from '../db/stores/prototype-import-store.js';
import { applyDotEnv } from '../dotenv.js';

/**
 * `npm run import-prototype -- <prototype.db> [--dry-run]`: brings the Python prototype's users,
 * films, showtimes and bookings into the configured database, in one transaction. Exit codes:
 * 0 imported (or nothing new), 2 the file is refused or the command misused (nothing changed),
 * 1 anything else (nothing changed: the transaction rolled back).
 */
const USAGE = 'usage: npm run import-prototype -- <path to the prototype SQLite file> [--dry-run]';

class Refused extends Error {}

function sqliteFileOf(databaseUrl: string): string | null {
  return databaseUrl.startsWith('sqlite:') ? databaseUrl.slice('sqlite:'.length).replace(/^\/\//, '') : null;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function printReport(report: ImportReport, currency: string, dryRun: boolean) {
  const r = report.read;
  const i = report.imported;
  const a = report.alreadyThere;
  const lines: string[] = [];
  lines.push(
    `read: ${plural(r.users, 'user')}, ${plural(r.movies, 'movie')}, ${plural(r.showtimes, 'showtime')}, ${plural(r.seats, 'seat')}`,
  );
  const anything = Object.values(i).some((n) => n > 0);
  if (anything) {
    lines.push(
      `${dryRun ? 'would import' : 'imported'}: ${plural(i.users, 'user')} (${plural(i.admins, 'admin')}), ${plural(i.movies, 'movie')}, ` +
        `${plural(i.halls, 'hall')}, ${plural(i.showtimes, 'showtime')} with ${plural(i.seats, 'seat')}, ` +
        `${plural(i.bookings, 'confirmed booking')} (${plural(i.bookedSeats, 'seat')}, ${toMajorUnits(i.amount, currency).toFixed(currencyDigits(currency))} ${currency}, paid outside bookmemovie)`,
    );
  } else {
    lines.push(`nothing new${dryRun ? ' would be imported' : ' imported'}`);
  }
  if (a.users + a.movies + a.showtimes > 0) {
    lines.push(
      `already there: ${plural(a.users, 'user')}, ${plural(a.movies, 'movie')}, ${plural(a.showtimes, 'showtime')} (imported before, or the same film by title and description)`,
    );
  }
  if (report.placeholder !== 'not needed') {
    lines.push(
      `imported bookings belong to "${IMPORTED_CUSTOMER.full_name}" (${IMPORTED_CUSTOMER.email}, an inactive account, ${report.placeholder}); ` +
        'give each to its customer in Admin > Bookings (PUT /api/admin/bookings/{reference}/owner)',
    );
  }
  const list = (title: string, items: string[]) => {
    if (items.length === 0) return;
    lines.push(`${title} (${items.length}):`);
    for (const item of items) lines.push(`  - ${item}`);
  };
  list('skipped', report.skipped);
  list('could not import', report.notImported);
  list('notes', report.notes);
  if (dryRun) lines.push('dry run: nothing was written');
  for (const line of lines) console.log(`import-prototype: ${line}`);
}

async function main(): Promise<number> {
  let file: string;
  let dryRun: boolean;
  try {
    const { values, positionals } = parseArgs({
      args: process.argv.slice(2),
      options: { 'dry-run': { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1)
      throw new Refused(positionals.length === 0 ? 'name the prototype database file' : 'name one file');
    file = resolve(positionals[0] as string);
    dryRun = values['dry-run'] === true;
  } catch (error) {
    console.error(`import-prototype: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }

  applyDotEnv(process.env);
  const config = loadConfig(process.env);
  const target = sqliteFileOf(config.databaseUrl);
  if (target && existsSync(file) && existsSync(target) && realpathSync(resolve(target)) === realpathSync(file)) {
    console.error(
      `import-prototype: DATABASE_URL points at the prototype's own file (${file}). bookmemovie needs a database of its ` +
        'own: set DATABASE_URL to a new file (e.g. sqlite:./data/bookmemovie.db) or to PostgreSQL, and run this again.',
    );
    return 2;
  }

  let data: ReturnType<typeof readPrototypeFile>;
  try {
    data = readPrototypeFile(file);
  } catch (error) {
    if (!(error instanceof NotAPrototypeDatabase)) throw error;
    console.error(`import-prototype: refused, nothing changed: ${error.message}`);
    return 2;
  }
  console.log(`import-prototype: ${dryRun ? 'dry run of ' : ''}${file} (opened read-only) into ${target ?? 'PostgreSQL'}`);

  const db = openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(db);
    const report = await importPrototype(db, data, {
      now: Date.now(),
      currency: config.currency,
      currencyDigits: currencyDigits(config.currency),
      dryRun,
      newReference: () => makeBookingReference(randomBytes),
    });
    printReport(report, config.currency, dryRun);
    return 0;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`import-prototype: failed, nothing imported: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
