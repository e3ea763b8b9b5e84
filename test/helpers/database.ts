import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Db, type DialectName, openDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';

/**
 * Which database the suite runs on: PostgreSQL when DATABASE_URL says postgres://, SQLite
 * otherwise. EXPECT_DIALECT (set by CI) makes a run on the wrong one fail instead of passing.
 */
export function testDialect(): DialectName {
  const url = process.env.DATABASE_URL ?? '';
  return /^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'sqlite';
}

export type TestDatabase = { db: Db; url: string; schema?: string; drop(): Promise<void> };

/**
 * A fresh, migrated database for one test file: a temp SQLite file, or a new PostgreSQL schema.
 * `upTo` stops the migrations after that one (to test how a later one converts older rows).
 */
export async function freshDatabase(upTo?: string): Promise<TestDatabase> {
  if (testDialect() === 'postgres') {
    const url = process.env.DATABASE_URL as string;
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const db = openDatabase(url, { schema, poolSize: 20 });
    await migrateToLatest(db, upTo);
    return {
      db,
      url,
      schema,
      drop: async () => {
        await db.close();
        const cleanup = new pg.Client({ connectionString: url });
        await cleanup.connect();
        await cleanup.query(`drop schema ${schema} cascade`);
        await cleanup.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'bmm-test-'));
  const url = `sqlite:${join(dir, 'test.db')}`;
  const db = openDatabase(url);
  await migrateToLatest(db, upTo);
  return {
    db,
    url,
    drop: async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
