import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from '../database.js';
import type { MoviesTable } from '../schema.js';
import { activeBookingCondition } from './seat-counts.js';

export type MovieRow = Selectable<MoviesTable>;
export type MovieFields = Omit<Insertable<MoviesTable>, 'id' | 'created_at' | 'deleted_at'>;

export function movieStore(db: Db) {
  const k = db.kysely;
  const live = () => k.selectFrom('movies').selectAll().where('deleted_at', 'is', null);
  return {
    list: () => live().orderBy('title').orderBy('id').execute(),
    find: (id: number) => live().where('id', '=', id).executeTakeFirst(),

    insert: (fields: MovieFields, now: number) =>
      k
        .insertInto('movies')
        .values({ ...fields, created_at: now })
        .returningAll()
        .executeTakeFirstOrThrow(),

    update: (id: number, fields: Updateable<MoviesTable>) =>
      k.updateTable('movies').set(fields).where('id', '=', id).where('deleted_at', 'is', null).returningAll().executeTakeFirst(),

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
