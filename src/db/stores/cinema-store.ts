import type { Selectable } from 'kysely';
import type { Db } from '../database.js';
import type { CinemasTable } from '../schema.js';
import { isUniqueViolation } from './hall-store.js';

export type CinemaRow = Selectable<CinemasTable>;
export type CinemaWrite = { name: string; address: string; time_zone: string };
export type CinemaWriteResult = { ok: true; cinema: CinemaRow } | { ok: false; code: 'NOT_FOUND' | 'NAME_TAKEN' };

export function cinemaStore(db: Db) {
  const k = db.kysely;
  const live = () => k.selectFrom('cinemas').selectAll().where('deleted_at', 'is', null);

  async function nameTaken(name: string, exceptId: number | null) {
    const row = await live()
      .where('name', '=', name)
      .$if(exceptId !== null, (q) => q.where('id', '!=', exceptId as number))
      .executeTakeFirst();
    return row !== undefined;
  }

  return {
    list: () => live().orderBy('id').execute(),
    find: (id: number) => live().where('id', '=', id).executeTakeFirst(),
    /** The first cinema: where halls without one, and showtimes without a hall, belong. */
    first: () => live().orderBy('id').limit(1).executeTakeFirst(),

    async insert(input: CinemaWrite, now: number): Promise<CinemaWriteResult> {
      if (await nameTaken(input.name, null)) return { ok: false, code: 'NAME_TAKEN' };
      try {
        const row = await k
          .insertInto('cinemas')
          .values({ ...input, created_at: now })
          .returningAll()
          .executeTakeFirstOrThrow();
        return { ok: true, cinema: row };
      } catch (error) {
        if (isUniqueViolation(error)) return { ok: false, code: 'NAME_TAKEN' };
        throw error;
      }
    },

    async update(id: number, input: Partial<CinemaWrite>): Promise<CinemaWriteResult> {
      if (input.name !== undefined && (await nameTaken(input.name, id))) return { ok: false, code: 'NAME_TAKEN' };
      try {
        const row = await k
          .updateTable('cinemas')
          .set(input)
          .where('id', '=', id)
          .where('deleted_at', 'is', null)
          .returningAll()
          .executeTakeFirst();
        return row ? { ok: true, cinema: row } : { ok: false, code: 'NOT_FOUND' };
      } catch (error) {
        if (isUniqueViolation(error)) return { ok: false, code: 'NAME_TAKEN' };
        throw error;
      }
    },
  };
}

export type CinemaStore = ReturnType<typeof cinemaStore>;
