import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchPathIntrospector } from '../src/db/search-path-introspector.js';
import { freshDatabase, type TestDatabase, testDialect } from './helpers/database.js';

/**
 * The migrator's view of PostgreSQL: only this connection's search path, and no failure when
 * another session drops a schema meanwhile (CI saw `schema "t_..." does not exist` from Kysely's
 * own introspector while parallel test files dropped theirs).
 */
describe.skipIf(testDialect() !== 'postgres')('migrations beside other schemas (PostgreSQL)', () => {
  let database: TestDatabase;
  let other: pg.Client;
  const otherSchema = `other_${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    database = await freshDatabase();
    other = new pg.Client({ connectionString: database.url });
    await other.connect();
    await other.query(`create schema ${otherSchema}`);
    await other.query(`create table ${otherSchema}.kysely_migration (name text primary key)`);
    await other.query(`create table ${otherSchema}.bookings (id serial primary key)`);
  });
  afterAll(async () => {
    await other.query(`drop schema if exists ${otherSchema} cascade`);
    await other.end();
    await database.drop();
  });

  it('lists the tables of its own schema only, with Kysely’s tables only when asked', async () => {
    const introspector = new SearchPathIntrospector(database.db.kysely);
    const tables = await introspector.getTables();
    expect(new Set(tables.map((table) => table.schema))).toEqual(new Set([database.schema]));
    expect(tables.map((table) => table.name)).toEqual(expect.arrayContaining(['bookings', 'seats', 'outbox']));
    expect(tables.map((table) => table.name)).not.toContain('kysely_migration');
    const withKysely = await introspector.getTables({ withInternalKyselyTables: true });
    expect(withKysely.filter((table) => table.name === 'kysely_migration')).toEqual([
      { schema: database.schema, name: 'kysely_migration', isView: false, columns: [] },
    ]);
    expect((await introspector.getSchemas()).map((schema) => schema.name)).toContain(otherSchema);
  });

  it('answers every call while another session creates and drops schemas (300 calls, 0 errors)', async () => {
    const introspector = new SearchPathIntrospector(database.db.kysely);
    let stop = false;
    let cycles = 0;
    const churn = (async () => {
      while (!stop) {
        const schema = `churn_${randomBytes(4).toString('hex')}`;
        await other.query(`create schema ${schema}; create table ${schema}.t (id serial primary key)`);
        await other.query(`drop schema ${schema} cascade`);
        cycles++;
      }
    })();
    const errors: string[] = [];
    try {
      for (let call = 0; call < 300; call++) {
        await introspector.getTables({ withInternalKyselyTables: true }).catch((error) => errors.push(String(error)));
      }
    } finally {
      stop = true;
      await churn;
    }
    expect(cycles).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });
});
