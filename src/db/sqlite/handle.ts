import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { sqliteErrorCode } from './error-codes.js';

/**
 * The little of an SQLite driver the service uses. Two drivers stand behind it:
 *
 * - `node:sqlite`, built into Node from 22.13 on: nothing to compile or download, and it follows
 *   the runtime it ships with (better-sqlite3 12 aborts worker processes on Node 24, and 13 does
 *   not load on Node 20).
 * - better-sqlite3 on Node 20, which has no `node:sqlite`. It is an optional dependency, loaded
 *   only there.
 *
 * Both bind a JS number as REAL and read INTEGER columns as numbers, so queries behave the same;
 * errors from either carry better-sqlite3's string codes (`SQLITE_BUSY`, `SQLITE_CONSTRAINT_UNIQUE`).
 */
export type SqliteStatement = {
  /** True when the statement returns rows (a SELECT, or anything with RETURNING). */
  readonly reader: boolean;
  all(parameters: readonly unknown[]): unknown[];
  run(parameters: readonly unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  iterate(parameters: readonly unknown[]): IterableIterator<unknown>;
};

export type SqliteHandle = {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): void;
  close(): void;
};

export type SqliteDriverName = 'node:sqlite' | 'better-sqlite3';

/** Carries SQLite's result code the way the rest of the service reads it. */
export class SqliteError extends Error {
  constructor(
    message: string,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SqliteError';
  }
}

/** The part of `node:sqlite` used here (Node 20's type definitions have none of it). */
type NodeSqliteValue = null | number | bigint | string | Uint8Array;
type NodeSqlite = {
  DatabaseSync: new (
    file: string,
    options?: { readOnly?: boolean },
  ) => {
    prepare(sql: string): {
      columns?: () => unknown[];
      all(...parameters: NodeSqliteValue[]): unknown[];
      run(...parameters: NodeSqliteValue[]): { changes: number | bigint; lastInsertRowid: number | bigint };
      iterate(...parameters: NodeSqliteValue[]): IterableIterator<unknown>;
    };
    exec(sql: string): void;
    close(): void;
  };
};

/**
 * Loaded by name at run time: Node 20 has no such module, so a static import would not load
 * there. Node 22 calls the module experimental on every start; that one notice is left out.
 */
function loadNodeSqlite(): NodeSqlite | undefined {
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (String(warning).includes('SQLite is an experimental feature')) return;
    return (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return process.getBuiltinModule?.('node:sqlite') as NodeSqlite | undefined;
  } finally {
    process.emitWarning = emitWarning;
  }
}

const nodeSqlite = loadNodeSqlite();

/** Which driver this runtime uses; `SQLITE_DRIVER=better-sqlite3` forces the other where both exist. */
export function sqliteDriverName(env: NodeJS.ProcessEnv = process.env): SqliteDriverName {
  if (env.SQLITE_DRIVER === 'better-sqlite3' || !nodeSqlite) return 'better-sqlite3';
  return 'node:sqlite';
}

function rethrow(error: unknown): never {
  const errcode = (error as { errcode?: unknown })?.errcode;
  if (typeof errcode === 'number') throw new SqliteError((error as Error).message, sqliteErrorCode(errcode), { cause: error });
  throw error;
}

function guarded<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  return (...args) => {
    try {
      return fn(...args);
    } catch (error) {
      return rethrow(error);
    }
  };
}

// Statements that answer rows; used where the runtime's statement cannot say (columns() is newer).
const RETURNS_ROWS = /^\s*(select|with|values|pragma|explain)\b|\breturning\b/i;

function openWithNodeSqlite(sqlite: NodeSqlite, file: string, readOnly: boolean): SqliteHandle {
  const database = guarded(() => new sqlite.DatabaseSync(file, { readOnly }))();
  return {
    prepare: guarded((sql: string): SqliteStatement => {
      const statement = database.prepare(sql);
      const reader = typeof statement.columns === 'function' ? statement.columns().length > 0 : RETURNS_ROWS.test(sql);
      type Param = NodeSqliteValue;
      return {
        reader,
        all: guarded((parameters) => statement.all(...(parameters as Param[]))),
        run: guarded((parameters) => statement.run(...(parameters as Param[]))),
        iterate: guarded((parameters) => statement.iterate(...(parameters as Param[])) as IterableIterator<unknown>),
      };
    }),
    exec: guarded((sql: string) => database.exec(sql)),
    close: guarded(() => database.close()),
  };
}

type BetterSqlite3 = typeof import('better-sqlite3');

function openWithBetterSqlite3(file: string, fileMustExist: boolean, readonly: boolean): SqliteHandle {
  let Database: BetterSqlite3;
  try {
    Database = createRequire(import.meta.url)('better-sqlite3') as BetterSqlite3;
  } catch (error) {
    throw new Error(
      `This Node.js (${process.version}) has no built-in node:sqlite, and the better-sqlite3 package is not installed. ` +
        'Use Node.js 22.13 or newer, or run npm install on this Node.js.',
      { cause: error },
    );
  }
  const database = new Database(file, { fileMustExist, readonly });
  return {
    prepare: (sql) => database.prepare(sql) as unknown as SqliteStatement,
    exec: (sql) => void database.exec(sql),
    close: () => void database.close(),
  };
}

/**
 * Opens the file (or `:memory:`). With `fileMustExist`, a missing file is an error
 * (SQLITE_CANTOPEN), never a new empty database. With `readOnly`, every write is refused
 * (SQLITE_READONLY) and the file is never changed (another program's database, read for import).
 */
export function openSqliteHandle(file: string, options: { fileMustExist?: boolean; readOnly?: boolean } = {}): SqliteHandle {
  const fileMustExist = (options.fileMustExist === true || options.readOnly === true) && file !== ':memory:';
  const readOnly = options.readOnly === true;
  if (sqliteDriverName() === 'better-sqlite3') return openWithBetterSqlite3(file, fileMustExist, readOnly);
  if (fileMustExist && !existsSync(file)) throw new SqliteError(`unable to open database file ${file}`, 'SQLITE_CANTOPEN');
  return openWithNodeSqlite(nodeSqlite as NodeSqlite, file, readOnly);
}
