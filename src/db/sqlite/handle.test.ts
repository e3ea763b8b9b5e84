import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteHandle, SqliteError, sqliteDriverName } from './handle.js';

function scratchFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'bmm-handle-')), 'test.db');
}

describe(`SQLite handle (${sqliteDriverName()} on Node ${process.version})`, () => {
  it('uses node:sqlite wherever the runtime has it', () => {
    const hasBuiltin = Boolean(process.getBuiltinModule?.('node:sqlite'));
    expect(sqliteDriverName({})).toBe(hasBuiltin ? 'node:sqlite' : 'better-sqlite3');
  });

  it('tells statements that answer rows from those that do not, and binds positional parameters', () => {
    const db = openSqliteHandle(':memory:');
    db.exec('create table seats (id integer primary key, label text not null unique, price integer not null)');
    const insert = db.prepare('insert into seats (label, price) values (?, ?)');
    expect(insert.reader).toBe(false);
    expect(insert.run(['A1', 1200])).toMatchObject({ changes: 1, lastInsertRowid: 1 });
    expect(insert.run(['A2', 1500])).toMatchObject({ changes: 1, lastInsertRowid: 2 });
    const returning = db.prepare('update seats set price = price + ? where label = ? returning id, price');
    expect(returning.reader).toBe(true);
    expect(returning.all([100, 'A2'])).toEqual([{ id: 2, price: 1600 }]);
    const select = db.prepare('select label, price from seats where price > ? order by id');
    expect(select.reader).toBe(true);
    expect(select.all([0]).map((row) => ({ ...(row as object) }))).toEqual([
      { label: 'A1', price: 1200 },
      { label: 'A2', price: 1600 },
    ]);
    expect([...select.iterate([1300])].length).toBe(1);
    db.close();
  });

  it('names errors with SQLite result codes, as the error classification expects', () => {
    const db = openSqliteHandle(':memory:');
    db.exec('create table t (x integer primary key, y text unique, z integer check (z > 0))');
    db.exec("insert into t values (1, 'a', 1)");
    const codeOf = (sql: string) => {
      try {
        db.exec(sql);
      } catch (error) {
        return (error as { code?: string }).code;
      }
      return 'no error';
    };
    expect(codeOf("insert into t values (2, 'a', 1)")).toBe('SQLITE_CONSTRAINT_UNIQUE');
    expect(codeOf("insert into t values (1, 'b', 1)")).toBe('SQLITE_CONSTRAINT_PRIMARYKEY');
    expect(codeOf("insert into t values (3, 'c', 0)")).toBe('SQLITE_CONSTRAINT_CHECK');
    expect(codeOf('select * from missing')).toBe('SQLITE_ERROR');
    db.close();
  });

  it('reports SQLITE_BUSY when another handle holds the write lock', () => {
    const file = scratchFile();
    const first = openSqliteHandle(file);
    const second = openSqliteHandle(file);
    second.exec('pragma busy_timeout = 0');
    first.exec('create table t (x integer)');
    first.exec('begin immediate');
    try {
      expect(() => second.exec('begin immediate')).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
    } finally {
      first.exec('rollback');
      first.close();
      second.close();
    }
  });

  it('never creates an empty database where the file must exist', () => {
    const file = scratchFile();
    expect(() => openSqliteHandle(file, { fileMustExist: true })).toThrow(
      expect.objectContaining({ code: expect.stringMatching(/^SQLITE_CANTOPEN/) }),
    );
    openSqliteHandle(file).close();
    expect(() => openSqliteHandle(file, { fileMustExist: true }).close()).not.toThrow();
  });

  it('opens read-only: reads work, writes are refused, and a missing file is not created', () => {
    const file = scratchFile();
    const writer = openSqliteHandle(file);
    writer.exec('create table t (x integer); insert into t values (1)');
    writer.close();
    const reader = openSqliteHandle(file, { readOnly: true });
    expect(
      reader
        .prepare('select x from t')
        .all([])
        .map((r) => ({ ...(r as object) })),
    ).toEqual([{ x: 1 }]);
    expect(() => reader.exec('insert into t values (2)')).toThrow(
      expect.objectContaining({ code: expect.stringMatching(/^SQLITE_READONLY/) }),
    );
    reader.close();
    expect(() => openSqliteHandle(`${file}-missing`, { readOnly: true })).toThrow(
      expect.objectContaining({ code: expect.stringMatching(/^SQLITE_CANTOPEN/) }),
    );
  });

  it('wraps driver errors in SqliteError only when they carry a numeric code', () => {
    const db = openSqliteHandle(':memory:');
    let caught: unknown;
    try {
      db.prepare('not sql at all');
    } catch (error) {
      caught = error;
    }
    expect((caught as { code?: string }).code).toBe('SQLITE_ERROR');
    if (sqliteDriverName() === 'node:sqlite') expect(caught).toBeInstanceOf(SqliteError);
    db.close();
  });
});
