import { type DatabaseIntrospector, type DatabaseMetadata, type Kysely, PostgresDialect, sql, type TableMetadata } from 'kysely';

// biome-ignore lint/suspicious/noExplicitAny: Kysely's dialect hands its introspector a Kysely of any database.
type AnyKysely = Kysely<any>;

const KYSELY_TABLES = new Set(['kysely_migration', 'kysely_migration_lock']);

/**
 * What the migrator asks PostgreSQL about: the tables of this connection's own search path, by
 * name only (no columns).
 *
 * Kysely's own introspector lists every table of every schema and resolves each one by name
 * (`pg_get_serial_sequence('schema.table', ...)`), so a schema dropped by another session during
 * that query fails our migration with `schema "..." does not exist`, and a `kysely_migration`
 * table in some other schema is taken for ours. Reading only `pg_class` and `pg_namespace` by
 * oid, limited to `current_schemas(false)`, has neither problem.
 */
export class SearchPathIntrospector implements DatabaseIntrospector {
  constructor(private readonly db: AnyKysely) {}

  async getSchemas() {
    const rows = await sql<{ name: string }>`select nspname as name from pg_catalog.pg_namespace`.execute(this.db);
    return rows.rows;
  }

  async getTables(options: { withInternalKyselyTables?: boolean } = {}): Promise<TableMetadata[]> {
    const rows = await sql<{ schema: string; name: string; kind: string }>`
      select n.nspname as schema, c.relname as name, c.relkind as kind
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p', 'v', 'm') and n.nspname = any (current_schemas(false))
      order by n.nspname, c.relname`.execute(this.db);
    return rows.rows
      .filter((row) => options.withInternalKyselyTables || !KYSELY_TABLES.has(row.name))
      .map((row) => ({ schema: row.schema, name: row.name, isView: row.kind === 'v' || row.kind === 'm', columns: [] }));
  }

  async getMetadata(options?: { withInternalKyselyTables?: boolean }): Promise<DatabaseMetadata> {
    return { tables: await this.getTables(options) };
  }
}

/** Kysely's PostgreSQL dialect with the search-path introspector above. */
export class SearchPathPostgresDialect extends PostgresDialect {
  override createIntrospector(db: AnyKysely): DatabaseIntrospector {
    return new SearchPathIntrospector(db);
  }
}
