import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * Cinemas: a hall belongs to one, and the cinema's IANA zone is the wall time its showtimes are
 * read and written in. Everything that exists moves into a first cinema whose `time_zone` is null,
 * which reads as CINEMA_TIME_ZONE (the setting that named the zone before there were cinemas) until
 * an admin sets one. Hall names are unique per cinema instead of overall.
 */
export function cinemasSchema(dialect: DialectName) {
  const pg = dialect === 'postgres';
  const millis = pg ? 'bigint' : 'integer';
  const id = pg ? 'serial' : 'integer';

  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
  const up = async (db: Kysely<any>) => {
    await db.schema
      .createTable('cinemas')
      .addColumn('id', id, (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('time_zone', 'text')
      .addColumn('created_at', millis, (c) => c.notNull())
      .addColumn('deleted_at', millis)
      .execute();
    await db.schema
      .createIndex('cinemas_name_live')
      .on('cinemas')
      .column('name')
      .unique()
      .where(sql.ref('deleted_at'), 'is', null)
      .execute();

    const first = await db
      .insertInto('cinemas')
      .values({ name: 'Our cinema', address: '', time_zone: null, created_at: Date.now() })
      .returning('id')
      .executeTakeFirstOrThrow();

    await db.schema
      .alterTable('halls')
      .addColumn('cinema_id', 'integer', (c) => c.references('cinemas.id'))
      .execute();
    await db.updateTable('halls').set({ cinema_id: first.id }).execute();
    await db.schema.dropIndex('halls_name_live').execute();
    await db.schema
      .createIndex('halls_cinema_name_live')
      .on('halls')
      .columns(['cinema_id', 'name'])
      .unique()
      .where(sql.ref('deleted_at'), 'is', null)
      .execute();
  };
  return { up };
}
