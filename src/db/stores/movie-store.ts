import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../database.js';
import type { MoviePostersTable, MoviesTable } from '../schema.js';
import { activeBookingCondition } from './seat-counts.js';

export type MovieRow = Selectable<MoviesTable> & {
  /** The uploaded large poster's hash, or null when none was uploaded. */
  poster_etag: string | null;
  /** Showtimes not yet started and not cancelled. */
  upcoming_showtimes: number;
};
export type MovieFields = Omit<Insertable<MoviesTable>, 'id' | 'created_at' | 'deleted_at'>;

export function movieStore(db: Db) {
  const k = db.kysely;
  const live = (now: number) =>
    k
      .selectFrom('movies')
      .leftJoin('movie_posters as p', (j) => j.onRef('p.movie_id', '=', 'movies.id').on('p.size', '=', 'large'))
      .selectAll('movies')
      .select('p.etag as poster_etag')
      .select((eb) =>
        eb
          .selectFrom('events as e')
          .select((c) => c.fn.countAll<number | string>().as('n'))
          .whereRef('e.movie_id', '=', 'movies.id')
          .where('e.deleted_at', 'is', null)
          .where('e.cancelled_at', 'is', null)
          .where('e.start_time', '>', now)
          .as('upcoming_showtimes'),
      )
      .where('movies.deleted_at', 'is', null);
  const withCount = <T extends { upcoming_showtimes: number | string | null }>(row: T) => ({
    ...row,
    // PostgreSQL's count() is a bigint, read as text.
    upcoming_showtimes: Number(row.upcoming_showtimes ?? 0),
  });
  return {
    list: async (now: number): Promise<MovieRow[]> =>
      (await live(now).orderBy('movies.title').orderBy('movies.id').execute()).map(withCount),
    find: async (id: number, now: number): Promise<MovieRow | undefined> => {
      const row = await live(now).where('movies.id', '=', id).executeTakeFirst();
      return row ? withCount(row) : undefined;
    },

    insert: (fields: MovieFields, now: number) =>
      k
        .insertInto('movies')
        .values({ ...fields, created_at: now })
        .returningAll()
        .executeTakeFirstOrThrow(),

    update: (id: number, fields: Updateable<MoviesTable>) =>
      k.updateTable('movies').set(fields).where('id', '=', id).where('deleted_at', 'is', null).returningAll().executeTakeFirst(),

    /** Both sizes of a poster replace the old ones together, or neither does. */
    async savePoster(id: number, sizes: Omit<Selectable<MoviePostersTable>, 'movie_id' | 'created_at'>[], now: number) {
      return db.transaction(async (trx) => {
        const movie = await trx
          .selectFrom('movies')
          .select('id')
          .where('id', '=', id)
          .where('deleted_at', 'is', null)
          .$if(db.dialect === 'postgres', (q) => q.forUpdate())
          .executeTakeFirst();
        if (!movie) return false;
        await trx.deleteFrom('movie_posters').where('movie_id', '=', id).execute();
        await trx
          .insertInto('movie_posters')
          .values(sizes.map((size) => ({ ...size, movie_id: id, created_at: now })))
          .execute();
        return true;
      });
    },

    /** Whether there was a poster to remove. */
    removePoster: async (id: number) =>
      Number((await k.deleteFrom('movie_posters').where('movie_id', '=', id).executeTakeFirst()).numDeletedRows) > 0,

    poster: (id: number, size: 'small' | 'large') =>
      k
        .selectFrom('movie_posters as p')
        .innerJoin('movies as m', 'm.id', 'p.movie_id')
        .select(['p.bytes', 'p.content_type', 'p.etag', 'p.width', 'p.height'])
        .where('p.movie_id', '=', id)
        .where('p.size', '=', size)
        .where('m.deleted_at', 'is', null)
        .executeTakeFirst(),

    /**
     * Soft-deletes a movie and its showtimes unless any showtime still has an active booking.
     * The check and the delete share one transaction, so a booking cannot slip in between.
     */
    async remove(id: number, now: number): Promise<'DELETED' | 'NOT_FOUND' | 'HAS_ACTIVE_BOOKINGS'> {
      return db.transaction(async (trx) => {
        const movie = await trx
          .selectFrom('movies')
          .select('id')
          .where('id', '=', id)
          .where('deleted_at', 'is', null)
          .executeTakeFirst();
        if (!movie) return 'NOT_FOUND';
        // Lock the showtimes first: a hold takes a share lock on its showtime, so either it
        // finished before this point (and is seen below) or it waits and then sees the delete.
        await trx
          .selectFrom('events')
          .select('id')
          .where('movie_id', '=', id)
          .$if(db.dialect === 'postgres', (q) => q.forUpdate())
          .execute();
        const active = await trx
          .selectFrom('bookings as b')
          .innerJoin('events as e', 'e.id', 'b.event_id')
          .select('b.id')
          .where('e.movie_id', '=', id)
          .where(activeBookingCondition('b', now))
          .executeTakeFirst();
        if (active) return 'HAS_ACTIVE_BOOKINGS';
        await trx
          .updateTable('events')
          .set({ deleted_at: now })
          .where('movie_id', '=', id)
          .where('deleted_at', 'is', null)
          .execute();
        await trx.updateTable('movies').set({ deleted_at: now }).where('id', '=', id).execute();
        return 'DELETED';
      });
    },
  };
}

export type MovieStore = ReturnType<typeof movieStore>;
