import { CompiledQuery, Kysely, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';
import { SearchPathPostgresDialect } from './search-path-introspector.js';
import { DatabaseUnavailableError, openSqlite } from './sqlite/sqlite-database.js';

export { DatabaseUnavailableError };

export type DialectName = 'sqlite' | 'postgres';

export type Db = {
  kysely: Kysely<Database>;
  dialect: DialectName;
  url: string;
  /** PostgreSQL schema the pool is confined to (tests); undefined means the default search_path. */
  schema?: string;
  /** Runs `work` in one transaction; on SQLite it takes the write lock up front (BEGIN IMMEDIATE). */
  transaction<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T>;
  /** Resolves when the database answers a query; rejects (promptly) when it cannot be reached. */
  ping(): Promise<void>;
  /** PostgreSQL pool occupancy right now, for /metrics; undefined where there is no pool (SQLite). */
  poolStats?(): { total: number; idle: number; waiting: number } | undefined;
  close(): Promise<void>;
};

export type OpenOptions = {
  schema?: string;
  poolSize?: number;
  /** SQLite: how long a writer waits for another process's write lock before SQLITE_BUSY. */
  busyTimeoutMs?: number;
  /** PostgreSQL: how long opening a new connection may take. */
  connectTimeoutMs?: number;
  /** PostgreSQL: server-side limit on one statement (0 turns it off). */
  statementTimeoutMs?: number;
  /** PostgreSQL: client-side limit on waiting for a query's answer (a silent network). */
  queryTimeoutMs?: number;
};

/**
 * Failure budget: a request that cannot reach the database fails within a few seconds (and the
 * error handler turns it into 503) instead of hanging until the client gives up.
 */
export const DATABASE_TIMEOUTS = {
  sqliteBusyMs: 5000,
  pgConnectMs: 3000,
  pgPoolWaitMs: 10_000,
  pgStatementMs: 5000,
  pgQueryMs: 7000,
  pgIdleInTransactionMs: 30_000,
} as const;

// ---------------------------------------------------------------------------------------------
// PostgreSQL
// ---------------------------------------------------------------------------------------------

const INT8_OID = 20;
const NUMERIC_OID = 1700;

function openPostgres(url: string, options: OpenOptions): Db {
  const connectTimeout = options.connectTimeoutMs ?? DATABASE_TIMEOUTS.pgConnectMs;
  /** The pool hands its own options to each client; a client gives up connecting sooner. */
  class ConnectingClient extends pg.Client {
    constructor(config: pg.ClientConfig) {
      super({ ...config, connectionTimeoutMillis: connectTimeout });
    }
  }
  const statementTimeout = options.statementTimeoutMs ?? DATABASE_TIMEOUTS.pgStatementMs;
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    // Fail fast when the server is unreachable or silent: opening a connection, a statement on the
    // server, and an answer on the wire are all bounded. Waiting for a free pooled connection under
    // load is bounded more loosely: that is a busy database, not a missing one.
    Client: ConnectingClient as unknown as new () => pg.ClientBase,
    connectionTimeoutMillis: DATABASE_TIMEOUTS.pgPoolWaitMs,
    ...(statementTimeout > 0 ? { statement_timeout: statementTimeout } : {}),
    query_timeout: options.queryTimeoutMs ?? DATABASE_TIMEOUTS.pgQueryMs,
    // A session stuck inside a transaction (its process stalled or partitioned) must not keep
    // seat rows locked for ever.
    idle_in_transaction_session_timeout: DATABASE_TIMEOUTS.pgIdleInTransactionMs,
    keepAlive: true,
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

  // A client whose query timed out on a silent connection may still have that query on the wire;
  // it goes back to the pool as an error, so the pool drops it instead of handing it out again.
  const suspect = new WeakSet<pg.PoolClient>();
  const watched = new WeakSet<pg.PoolClient>();
  const guardedPool = {
    async connect() {
      const client = await pool.connect();
      if (!watched.has(client)) {
        watched.add(client);
        // A checked-out client whose connection drops between two queries emits 'error' with no
        // listener of the pool's attached, which would crash the process; the next query on it
        // fails (and the request gets a 503) instead.
        client.on('error', () => suspect.add(client));
        const query = client.query.bind(client) as (...args: unknown[]) => unknown;
        (client as { query: unknown }).query = (...args: unknown[]) => {
          const result = query(...args);
          if (result && typeof (result as Promise<unknown>).then === 'function') {
            (result as Promise<unknown>).then(undefined, (error: unknown) => {
              if (databaseFailureKind(error) === 'unavailable') suspect.add(client);
            });
          }
          return result;
        };
      }
      const release = client.release;
      client.release = (error?: Error | boolean) => {
        if (!error && suspect.has(client)) return release(new Error('discarded after a connection failure'));
        return release(error);
      };
      return client;
    },
    end: () => pool.end(),
  };

  const kysely = new Kysely<Database>({ dialect: new SearchPathPostgresDialect({ pool: guardedPool }) });
  return {
    kysely,
    dialect: 'postgres',
    url,
    schema: options.schema,
    transaction: (work) => kysely.transaction().execute(work),
    ping: async () => {
      await kysely.executeQuery(CompiledQuery.raw('select 1'));
    },
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => kysely.destroy(),
  };
}

export function openDatabase(url: string, options: OpenOptions = {}): Db {
  if (url.startsWith('sqlite:')) {
    return openSqlite(url, { ...options, busyTimeoutMs: options.busyTimeoutMs ?? DATABASE_TIMEOUTS.sqliteBusyMs });
  }
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url, options);
  throw new Error('DATABASE_URL must start with sqlite: or postgres://');
}

// ---------------------------------------------------------------------------------------------
// Which failures mean "the database is not there right now" (503, try again) rather than a bug.
// ---------------------------------------------------------------------------------------------

/**
 * `busy`: the database is up but could not take this request in time (lock wait, SQLITE_BUSY,
 * statement timeout, serialization failure). `unavailable`: it cannot be reached or read at all.
 */
export type DatabaseFailureKind = 'busy' | 'unavailable';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

const PG_BUSY_CODES = new Set(['57014', '55P03', '40001', '40P01']);
const PG_UNAVAILABLE_CODES = new Set(['57P01', '57P02', '57P03', '53300', '53100', '53200']);

const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/,
  /^timeout expired$/,
  /timeout exceeded when trying to connect/,
  /^Query read timeout$/,
  /is not queryable/,
  /^Cannot use a pool after calling end on the pool$/,
  /^driver has already been destroyed$/,
  /^The database connection is not open$/,
];

function classifyOne(error: unknown): DatabaseFailureKind | null {
  if (!error || typeof error !== 'object') return null;
  if (error instanceof DatabaseUnavailableError) return 'unavailable';
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (/^SQLITE_(BUSY|LOCKED)/.test(code)) return 'busy';
    if (/^SQLITE_(CANTOPEN|IOERR|NOTADB|FULL|READONLY)/.test(code)) return 'unavailable';
    if (NETWORK_CODES.has(code)) return 'unavailable';
    if (PG_BUSY_CODES.has(code)) return 'busy';
    if (PG_UNAVAILABLE_CODES.has(code) || /^08/.test(code)) return 'unavailable';
  }
  const message = (error as { message?: unknown }).message;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return 'unavailable';
  return null;
}

/** Looks through `cause` chains and AggregateErrors (a refused connection to several addresses). */
export function databaseFailureKind(error: unknown, depth = 0): DatabaseFailureKind | null {
  if (depth > 5 || !error || typeof error !== 'object') return null;
  const own = classifyOne(error);
  if (own) return own;
  if (error instanceof AggregateError) {
    for (const inner of error.errors) {
      const kind = databaseFailureKind(inner, depth + 1);
      if (kind) return kind;
    }
  }
  return databaseFailureKind((error as { cause?: unknown }).cause, depth + 1);
}
