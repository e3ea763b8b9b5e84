import { type Kysely, sql } from 'kysely';

/**
 * SQLite cannot alter a column's constraints, so a table is rebuilt from its own definition, as
 * SQLite documents: foreign keys off, create the changed copy, copy every row, drop the old table,
 * rename the copy, recreate the indexes, check the foreign keys, commit, foreign keys on. SQLite
 * migrations run outside a transaction (Kysely), so this opens its own; any failure rolls it back.
 * `change` gets the table's CREATE statement and answers the new one; `expect` must appear in it
 * (a definition the change did not match is refused rather than rebuilt unchanged).
 */
export async function rebuildSqliteTable(
  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
  db: Kysely<any>,
  table: string,
  change: (definition: string) => string,
  expect: string,
): Promise<void> {
  const current = await sql<{ sql: string }>`select sql from sqlite_schema where type = 'table' and name = ${table}`.execute(db);
  const indexes = await sql<{ sql: string }>`
    select sql from sqlite_schema where type = 'index' and tbl_name = ${table} and sql is not null`.execute(db);
  const definition = current.rows[0]?.sql;
  if (!definition) throw new Error(`${table} table not found`);
  const copy = `${table}_rebuilt`;
  const rebuilt = change(definition).replace(new RegExp(`^create table\\s+"?${table}"?`, 'i'), `create table "${copy}"`);
  if (!rebuilt.includes(expect)) throw new Error(`could not change the definition of ${table}: ${definition}`);
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql`begin immediate`.execute(db);
    try {
      await sql.raw(rebuilt).execute(db);
      await sql.raw(`insert into "${copy}" select * from "${table}"`).execute(db);
      await sql.raw(`drop table "${table}"`).execute(db);
      await sql.raw(`alter table "${copy}" rename to "${table}"`).execute(db);
      for (const index of indexes.rows) await sql.raw(index.sql).execute(db);
      const broken = await sql`pragma foreign_key_check`.execute(db);
      if (broken.rows.length > 0) throw new Error(`foreign keys broken by the ${table} rebuild: ${JSON.stringify(broken.rows)}`);
      await sql`commit`.execute(db);
    } catch (error) {
      await sql`rollback`.execute(db);
      throw error;
    }
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}
