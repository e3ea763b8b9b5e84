import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * Film pages: the film's cast (a JSON array of names), director, rating system, language,
 * subtitles and trailer link, and its uploaded poster. A poster is stored in the database (every
 * instance serves it) as one row per size, each with the hash of its bytes (its ETag). Existing
 * films have no rating system: their rating stays free text.
 */
export function filmDetailsSchema(dialect: DialectName) {
  const millis = dialect === 'postgres' ? 'bigint' : 'integer';
  const bytes = dialect === 'postgres' ? 'bytea' : 'blob';
  // biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on the current schema type
  const up = async (db: Kysely<any>) => {
    for (const column of ['cast_names', 'director', 'rating_system', 'language', 'subtitles', 'trailer_url']) {
      await db.schema.alterTable('movies').addColumn(column, 'text').execute();
    }
    await db.schema
      .createTable('movie_posters')
      .addColumn('movie_id', 'integer', (c) => c.notNull().references('movies.id'))
      .addColumn('size', 'text', (c) => c.notNull().check(sql`size in ('small', 'large')`))
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('bytes', bytes, (c) => c.notNull())
      .addColumn('etag', 'text', (c) => c.notNull())
      .addColumn('width', 'integer', (c) => c.notNull())
      .addColumn('height', 'integer', (c) => c.notNull())
      .addColumn('created_at', millis, (c) => c.notNull())
      .addPrimaryKeyConstraint('movie_posters_pk', ['movie_id', 'size'])
      .execute();
  };
  return { up };
}
