import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  PostgresDialect,
  type QueryResult,
  SelectQueryNode,
  SqliteDialect,
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
  /** Resolves when the database answers a query; rejects (promptly) when it cannot be reached. */
  ping(): Promise<void>;
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

/** The database file is missing, moved or replaced: nothing can be read or written until it is back. */
export class DatabaseUnavailableError extends Error {
  readonly code = 'SQLITE_CANTOPEN';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseUnavailableError';
  }
}

// ---------------------------------------------------------------------------------------------
// SQLite
// ---------------------------------------------------------------------------------------------

/** Errors after which the open handle is not trusted again: the next query reopens the file. */
const SQLITE_HANDLE_BROKEN = /^SQLITE_(IOERR|CANTOPEN|NOTADB|READONLY_DBMOVED|READONLY_CANTINIT|READONLY_CANTLOCK)/;

/** Distinct SQL texts kept prepared per handle; the service has a few dozen, `IN (...)` lists add some. */
const STATEMENT_CACHE_SIZE = 500;

class SqliteConnection implements DatabaseConnection {
  // Parsing SQL is a large share of a short query's cost, and the same texts repeat all day.
  readonly #statements = new Map<string, SQLite.Statement>();

  constructor(
    private readonly database: SQLite.Database,
    private readonly onError: (error: unknown) => void,
  ) {}

  #prepare(sql: string): SQLite.Statement {
    let stmt = this.#statements.get(sql);
    if (stmt) return stmt;
    stmt = this.database.prepare(sql);
    if (this.#statements.size >= STATEMENT_CACHE_SIZE) {
      const oldest = this.#statements.keys().next().value;
      if (oldest !== undefined) this.#statements.delete(oldest);
    }
    this.#statements.set(sql, stmt);
    return stmt;
  }

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    try {
      const { sql, parameters } = compiledQuery;
      const stmt = this.#prepare(sql);
      if (stmt.reader) return Promise.resolve({ rows: stmt.all(parameters) as R[] });
      const { changes, lastInsertRowid } = stmt.run(parameters);
      return Promise.resolve({
        numAffectedRows: changes !== undefined && changes !== null ? BigInt(changes) : undefined,
        insertId: lastInsertRowid !== undefined && lastInsertRowid !== null ? BigInt(lastInsertRowid) : undefined,
        rows: [],
      });
    } catch (error) {
      this.onError(error);
      return Promise.reject(error);
    }
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const { sql, parameters, query } = compiledQuery;
    if (!SelectQueryNode.is(query)) throw new Error('Sqlite driver only supports streaming of select queries');
    const stmt = this.database.prepare(sql);
    for (const row of stmt.iterate(parameters)) yield { rows: [row as R] };
  }
}

class Mutex {
  #tail: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;
  async lock(): Promise<void> {
    const previous = this.#tail;
    let release!: () => void;
    this.#tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    this.#release = release;
  }
  unlock(): void {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }
}

/**
 * One better-sqlite3 handle behind a mutex (as Kysely's own driver), with three additions:
 *
 * - transactions start with BEGIN IMMEDIATE. The default DEFERRED lets two writers both read and
 *   then deadlock upgrading to the write lock (SQLITE_BUSY); IMMEDIATE takes the write lock first,
 *   so writers queue on busy_timeout instead.
 * - before each use it checks that the file at the configured path is still the file it opened.
 *   A file that was moved or deleted would otherwise go on answering from the old inode (writes
 *   to a deleted file are lost); instead the database reads as unavailable until it is back.
 * - a handle that hit an I/O error, or whose file was replaced, is closed and the file reopened on
 *   the next use, so the service recovers by itself once the file is back. A missing file is never
 *   re-created empty.
 */
class ResilientSqliteDriver implements Driver {
  readonly #file: string;
  readonly #busyTimeoutMs: number;
  readonly #mutex = new Mutex();
  #database: SQLite.Database | undefined;
  #connection: SqliteConnection | undefined;
  #identity: { dev: number; ino: number } | undefined;
  #broken = false;
  #opened = false;
  #destroyed = false;

  constructor(file: string, busyTimeoutMs: number) {
    this.#file = file;
    this.#busyTimeoutMs = busyTimeoutMs;
  }

  get inMemory(): boolean {
    return this.#file === ':memory:';
  }

  async init(): Promise<void> {
    this.#ensureOpen();
  }

  /** Opens the file straight away, so a bad path fails at start-up rather than on the first request. */
  openNow(): void {
    this.#ensureOpen();
  }

  #open(): void {
    // The first open creates the file; later ones must find it (an empty new file would hide the data).
    const database = new SQLite(this.#file, { fileMustExist: this.#opened && !this.inMemory });
    try {
      database.pragma('journal_mode = WAL');
      database.pragma('synchronous = NORMAL');
      database.pragma(`busy_timeout = ${this.#busyTimeoutMs}`);
      database.pragma('foreign_keys = ON');
    } catch (error) {
      database.close();
      throw error;
    }
    this.#database = database;
    this.#connection = new SqliteConnection(database, (error) => {
      const code = (error as { code?: unknown })?.code;
      if (typeof code === 'string' && SQLITE_HANDLE_BROKEN.test(code)) this.#broken = true;
    });
    this.#opened = true;
    this.#broken = false;
    if (!this.inMemory) {
      const stat = statSync(this.#file);
      this.#identity = { dev: stat.dev, ino: stat.ino };
    }
  }

  #closeHandle(): void {
    try {
      this.#database?.close();
    } catch {
      // A broken handle may refuse to close cleanly; it is dropped either way.
    }
    this.#database = undefined;
    this.#connection = undefined;
  }

  #ensureOpen(): SqliteConnection {
    if (this.#destroyed) throw new DatabaseUnavailableError('The database has been closed');
    if (!this.inMemory && this.#opened) {
      const stat = statSync(this.#file, { throwIfNoEntry: false });
      if (!stat?.isFile()) {
        throw new DatabaseUnavailableError(`The database file ${this.#file} is missing or not a file`);
      }
      if (this.#database && (this.#broken || stat.ino !== this.#identity?.ino || stat.dev !== this.#identity?.dev)) {
        this.#closeHandle();
      }
    }
    if (!this.#database || !this.#connection) {
      try {
        this.#open();
      } catch (error) {
        this.#closeHandle();
        if (error instanceof Error && 'code' in error) throw error;
        throw new DatabaseUnavailableError(`The database file ${this.#file} cannot be opened`, { cause: error });
      }
    }
    return this.#connection as SqliteConnection;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#mutex.lock();
    try {
      return this.#ensureOpen();
    } catch (error) {
      this.#mutex.unlock();
      throw error;
    }
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(): Promise<void> {
    this.#mutex.unlock();
  }

  async destroy(): Promise<void> {
    this.#destroyed = true;
    this.#closeHandle();
  }
}

class ResilientSqliteDialect extends SqliteDialect {
  readonly #driver: ResilientSqliteDriver;
  constructor(driver: ResilientSqliteDriver) {
    // The base class only needs `database` for its own driver, which is never created.
    super({ database: {} as never });
    this.#driver = driver;
  }
  override createDriver(): Driver {
    return this.#driver;
  }
}

function sqlitePath(url: string): string {
  return url.slice('sqlite:'.length).replace(/^\/\//, '');
}

function openSqlite(url: string, options: OpenOptions): Db {
  const file = sqlitePath(url);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const driver = new ResilientSqliteDriver(file, options.busyTimeoutMs ?? DATABASE_TIMEOUTS.sqliteBusyMs);
  driver.openNow();
  const kysely = new Kysely<Database>({ dialect: new ResilientSqliteDialect(driver) });
  return {
    kysely,
    dialect: 'sqlite',
    url,
    transaction: (work) => kysely.transaction().execute(work),
    // Reads the schema page, through the same checks a request goes through.
    ping: async () => {
      await kysely.executeQuery(CompiledQuery.raw('select count(*) as n from sqlite_master'));
    },
    close: () => kysely.destroy(),
  };
}

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

  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool: guardedPool }) });
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

export function openDatabase(url: string, options: OpenOptions = {}): Db {
  if (url.startsWith('sqlite:')) return openSqlite(url, options);
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
