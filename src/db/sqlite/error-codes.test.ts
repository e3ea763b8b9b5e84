import { describe, expect, it } from 'vitest';
import { sqliteErrorCode } from './error-codes.js';

describe('sqliteErrorCode', () => {
  it.each([
    [5, 'SQLITE_BUSY'],
    [14, 'SQLITE_CANTOPEN'],
    [26, 'SQLITE_NOTADB'],
    [2067, 'SQLITE_CONSTRAINT_UNIQUE'],
    [1555, 'SQLITE_CONSTRAINT_PRIMARYKEY'],
    [275, 'SQLITE_CONSTRAINT_CHECK'],
    [1032, 'SQLITE_READONLY_DBMOVED'],
    [3338, 'SQLITE_IOERR_13'],
    [999, 'SQLITE_UNKNOWN_3'],
  ])('%i is %s', (errcode, name) => {
    expect(sqliteErrorCode(errcode)).toBe(name);
  });
});
