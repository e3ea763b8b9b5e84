import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  type Transaction,
} from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type DialectName = 'sqlite' | 'postgres';

export type Db = {
  kysely: Kysely<Database>;
  dialect: DialectName;
  url: string;
  /** PostgreSQL schema the pool is confined to (tests); undefined means the default search_path. */
  schema?: string;
  /** Runs `work` in one transaction; on SQLite it takes the write lock up front (BEGIN IMMEDIATE). */
  transaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
};

/**
 * SQLite's default BEGIN is DEFERRED: two writers can both read and then deadlock upgrading to a
 * write lock (SQLITE_BUSY). IMMEDIATE takes the write lock first, so writers queue on busy_timeout.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0];
  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
    this.#config = config;
  }
  override createDriver() {
    return new ImmediateSqliteDriver(this.#config);
  }
}

function sqlitePath(url: string): string {
  return url.slice('sqlite:'.length).replace(/^\/\//, '');
}

function openSqlite(url: string): Db {
  const file = sqlitePath(url);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  const kysely = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database }) });
  return {
    kysely,
    dialect: 'sqlite',
    url,
    transaction: (work) => kysely.transaction().execute(work),
    ping: async () => {
      database.prepare('select 1').get();
    },
    close: () => kysely.destroy(),
  };
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

function openPostgres(url: string, options: { schema?: string; poolSize?: number }): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    // Epoch-millisecond times and money sums are bigints in SQL but always fit a JS number.
    types: {
      getTypeParser: (oid: number, format?: string) => {
        if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
        return pg.types.getTypeParser(oid, format as 'text');
      },
    } as pg.CustomTypesConfig,
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    kysely,
    dialect: 'postgres',
    url,
    schema: options.schema,
    transaction: (work) => kysely.transaction().execute(work),
    ping: async () => {
      await kysely.executeQuery(CompiledQuery.raw('select 1'));
    },
    close: () => kysely.destroy(),
  };
}

export function openDatabase(url: string, options: { schema?: string; poolSize?: number } = {}): Db {
  if (url.startsWith('sqlite:')) return openSqlite(url);
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url, options);
  throw new Error('DATABASE_URL must start with sqlite: or postgres://');
}
