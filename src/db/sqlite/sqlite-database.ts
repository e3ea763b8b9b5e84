import { closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  type QueryResult,
  SelectQueryNode,
  SqliteDialect,
} from 'kysely';
import type { Db, OpenOptions } from '../database.js';
import type { Database } from '../schema.js';
import { openSqliteHandle, type SqliteHandle, type SqliteStatement } from './handle.js';

/** The database file is missing, moved or replaced: nothing can be read or written until it is back. */
export class DatabaseUnavailableError extends Error {
  readonly code = 'SQLITE_CANTOPEN';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseUnavailableError';
  }
}

/** Errors after which the open handle is not trusted again: the next query reopens the file. */
const SQLITE_HANDLE_BROKEN = /^SQLITE_(IOERR|CANTOPEN|NOTADB|READONLY_DBMOVED|READONLY_CANTINIT|READONLY_CANTLOCK)/;

/** Distinct SQL texts kept prepared per handle; the service has a few dozen, `IN (...)` lists add some. */
const STATEMENT_CACHE_SIZE = 500;

class SqliteConnection implements DatabaseConnection {
  // Parsing SQL is a large share of a short query's cost, and the same texts repeat all day.
  readonly #statements = new Map<string, SqliteStatement>();

  constructor(
    private readonly database: SqliteHandle,
    private readonly onError: (error: unknown) => void,
  ) {}

  #prepare(sql: string): SqliteStatement {
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

/**
 * The handle passes from one holder to the next in a promise reaction. Statements finish at once
 * (the driver is synchronous), so under load a queue of waiters ran back to back as one long
 * stretch of microtasks, and the event loop did not get to its sockets in between: a premiere
 * rush saw connections accepted up to 17 s after they were made. After this long without a turn
 * of the event loop, the next holder gets the handle from setImmediate instead, so accepting,
 * reading requests and writing answers interleave with the database work.
 */
export const SQLITE_YIELD_EVERY_MS = 5;

class Mutex {
  #tail: Promise<void> = Promise.resolve();
  #release: (() => void) | undefined;
  #lastTurn = performance.now();
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
    if (!release) return;
    const now = performance.now();
    if (now - this.#lastTurn < SQLITE_YIELD_EVERY_MS) {
      release();
      return;
    }
    setImmediate(() => {
      this.#lastTurn = performance.now();
      release();
    });
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
  #database: SqliteHandle | undefined;
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
    const database = openSqliteHandle(this.#file, { fileMustExist: this.#opened && !this.inMemory });
    try {
      database.exec('pragma journal_mode = WAL');
      database.exec('pragma synchronous = NORMAL');
      database.exec(`pragma busy_timeout = ${this.#busyTimeoutMs}`);
      database.exec('pragma foreign_keys = ON');
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

/**
 * A new database's folder is 0700 and its file 0600: SQLite would create the file 0644 (readable
 * by every local user), and it gives the -wal and -shm files the database file's own mode, so
 * creating the file first covers all three. An existing file or folder keeps the mode it has.
 */
function createPrivately(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

function sqlitePath(url: string): string {
  return url.slice('sqlite:'.length).replace(/^\/\//, '');
}

export function openSqlite(url: string, options: OpenOptions & { busyTimeoutMs: number }): Db {
  const file = sqlitePath(url);
  if (file !== ':memory:') createPrivately(file);
  const driver = new ResilientSqliteDriver(file, options.busyTimeoutMs);
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
