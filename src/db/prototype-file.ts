import { existsSync, statSync } from 'node:fs';
import {
  findPrototypeSchemaProblems,
  OPTIONAL_PROTOTYPE_COLUMNS,
  PROTOTYPE_COLUMNS,
  type PrototypeSeat,
  type PrototypeTable,
} from '../core/prototype-import.js';
import { openSqliteHandle, type SqliteHandle } from './sqlite/handle.js';

export type PrototypeUser = {
  id: number;
  email: unknown;
  hashed_password: unknown;
  full_name: unknown;
  role: unknown;
  is_active: unknown;
  created_at: unknown;
};
export type PrototypeMovie = { id: number; title: unknown; description: unknown };
export type PrototypeEvent = { id: number; movie_id: unknown; start_time: unknown; created_at?: unknown };
export type PrototypeSeatRow = PrototypeSeat & { event_id: unknown };

export type PrototypeData = {
  users: PrototypeUser[];
  movies: PrototypeMovie[];
  events: PrototypeEvent[];
  seats: PrototypeSeatRow[];
};

/** The file is not the prototype's database; nothing was read from it. */
export class NotAPrototypeDatabase extends Error {}

/**
 * Reads the Python prototype's SQLite database, opened read-only (the file is never changed,
 * not even a journal), with the same SQLite driver the service uses.
 */
export function readPrototypeFile(path: string): PrototypeData {
  if (!existsSync(path) || !statSync(path).isFile()) throw new NotAPrototypeDatabase(`${path}: no such file`);
  let handle: SqliteHandle;
  try {
    handle = openSqliteHandle(path, { readOnly: true });
  } catch (error) {
    throw new NotAPrototypeDatabase(`${path}: cannot be opened as an SQLite database (${(error as Error).message})`);
  }
  try {
    const tables = new Map<string, string[]>();
    let names: string[];
    try {
      names = handle
        .prepare("select name from sqlite_master where type = 'table'")
        .all([])
        .map((r) => String((r as { name: unknown }).name));
    } catch (error) {
      throw new NotAPrototypeDatabase(`${path}: not an SQLite database (${(error as Error).message})`);
    }
    for (const name of names) {
      if (!Object.hasOwn(PROTOTYPE_COLUMNS, name)) continue;
      const columns = handle
        .prepare(`pragma table_info("${name}")`)
        .all([])
        .map((r) => String((r as { name: unknown }).name));
      tables.set(name, columns);
    }
    const problems = findPrototypeSchemaProblems(tables);
    if (problems.length > 0) {
      throw new NotAPrototypeDatabase(`${path}: not a prototype database: ${problems.join('; ')}`);
    }
    const read = <T>(table: PrototypeTable): T[] => {
      const optional = (OPTIONAL_PROTOTYPE_COLUMNS as Record<string, readonly string[]>)[table] ?? [];
      const present = tables.get(table) ?? [];
      const columns = [...PROTOTYPE_COLUMNS[table], ...optional.filter((c) => present.includes(c))];
      const rows = handle.prepare(`select ${columns.map((c) => `"${c}"`).join(', ')} from "${table}" order by "id"`).all([]);
      return rows.map((r) => {
        const row = { ...(r as Record<string, unknown>) };
        row.id = Number(row.id);
        return row as T;
      });
    };
    return {
      users: read<PrototypeUser>('users'),
      movies: read<PrototypeMovie>('movies'),
      events: read<PrototypeEvent>('events'),
      seats: read<PrototypeSeatRow>('seats'),
    };
  } finally {
    handle.close();
  }
}
