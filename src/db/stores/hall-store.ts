import type { Selectable } from 'kysely';
import { type HallShape, shapeFromRectangle } from '../../core/hall-shape.js';
import { capacityOf, type HallLayout, type SeatCategory, type SeatPlan } from '../../core/seat-layout.js';
import type { Db } from '../database.js';
import type { HallsTable } from '../schema.js';
import { activeBookingCondition } from './seat-counts.js';
import { insertSeats } from './seat-writes.js';

export type HallRow = Omit<Selectable<HallsTable>, 'categories' | 'layout' | 'single_seat_rule'> & {
  categories: SeatCategory[];
  layout: HallShape;
  single_seat_rule: boolean;
};

/** What a hall is written from: the shape, the rectangle columns older readers see, the switch. */
export type HallWrite = HallLayout & { name: string; layout: HallShape; single_seat_rule: boolean; cinema_id: number };

export function parseHall(row: Selectable<HallsTable>): HallRow {
  const categories = JSON.parse(row.categories) as SeatCategory[];
  // A hall written without a shape (before migration 012, or by the prototype import) is its rectangle.
  const layout = row.layout
    ? (JSON.parse(row.layout) as HallShape)
    : shapeFromRectangle({ rows: row.rows, seats_per_row: row.seats_per_row, categories });
  return { ...row, categories, layout, single_seat_rule: row.single_seat_rule !== 0 };
}

const hallValues = (input: HallWrite) => ({
  name: input.name,
  rows: input.rows,
  seats_per_row: input.seats_per_row,
  categories: JSON.stringify(input.categories),
  layout: JSON.stringify(input.layout),
  single_seat_rule: input.single_seat_rule ? 1 : 0,
  cinema_id: input.cinema_id,
});

export type HallWriteResult = { ok: true; hall: HallRow } | { ok: false; code: 'NOT_FOUND' | 'NAME_TAKEN' | 'IN_USE' };

export function hallStore(db: Db) {
  const k = db.kysely;
  const live = () => k.selectFrom('halls').selectAll().where('deleted_at', 'is', null);

  /** Hall names are unique within a cinema. */
  async function nameTaken(name: string, cinemaId: number, exceptId: number | null): Promise<boolean> {
    const row = await live()
      .where('name', '=', name)
      .where('cinema_id', '=', cinemaId)
      .$if(exceptId !== null, (q) => q.where('id', '!=', exceptId as number))
      .executeTakeFirst();
    return row !== undefined;
  }

  return {
    list: async () => (await live().orderBy('name').execute()).map(parseHall),
    find: async (id: number) => {
      const row = await live().where('id', '=', id).executeTakeFirst();
      return row ? parseHall(row) : undefined;
    },

    async insert(input: HallWrite, now: number): Promise<HallWriteResult> {
      if (await nameTaken(input.name, input.cinema_id, null)) return { ok: false, code: 'NAME_TAKEN' };
      try {
        const row = await k
          .insertInto('halls')
          .values({ ...hallValues(input), created_at: now })
          .returningAll()
          .executeTakeFirstOrThrow();
        return { ok: true, hall: parseHall(row) };
      } catch (error) {
        if (isUniqueViolation(error)) return { ok: false, code: 'NAME_TAKEN' };
        throw error;
      }
    },

    /**
     * Changes a hall. A new layout is refused while any showtime in the hall has or had a booking;
     * otherwise the seats of its upcoming showtimes are regenerated from the new layout.
     */
    async update(
      id: number,
      input: HallWrite,
      layoutChanged: boolean,
      planSeats: (basePrice: number) => SeatPlan[],
      now: number,
    ): Promise<HallWriteResult> {
      if (await nameTaken(input.name, input.cinema_id, id)) return { ok: false, code: 'NAME_TAKEN' };
      return db.transaction(async (trx) => {
        const hall = await trx
          .selectFrom('halls')
          .select('id')
          .where('id', '=', id)
          .where('deleted_at', 'is', null)
          .$if(db.dialect === 'postgres', (q) => q.forUpdate())
          .executeTakeFirst();
        if (!hall) return { ok: false, code: 'NOT_FOUND' } as const;
        if (layoutChanged) {
          const events = await trx
            .selectFrom('events')
            .select(['id', 'base_price'])
            .where('hall_id', '=', id)
            .where('deleted_at', 'is', null)
            .where('start_time', '>', now)
            .$if(db.dialect === 'postgres', (q) => q.forUpdate())
            .execute();
          const ids = events.map((e) => e.id);
          if (ids.length > 0) {
            const booked = await trx.selectFrom('bookings').select('id').where('event_id', 'in', ids).executeTakeFirst();
            if (booked) return { ok: false, code: 'IN_USE' } as const;
            await trx.deleteFrom('seats').where('event_id', 'in', ids).execute();
            for (const event of events) {
              const seats = planSeats(event.base_price);
              await insertSeats(trx, event.id, seats);
              await trx
                .updateTable('events')
                .set({ total_seats: capacityOf(seats) })
                .where('id', '=', event.id)
                .execute();
            }
          }
        }
        const row = await trx
          .updateTable('halls')
          .set(hallValues(input))
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        return { ok: true, hall: parseHall(row) } as const;
      });
    },

    /** Soft-deletes a hall and its showtimes, unless one of them still has an active booking. */
    async remove(id: number, now: number): Promise<'DELETED' | 'NOT_FOUND' | 'IN_USE'> {
      return db.transaction(async (trx) => {
        const hall = await trx
          .selectFrom('halls')
          .select('id')
          .where('id', '=', id)
          .where('deleted_at', 'is', null)
          .executeTakeFirst();
        if (!hall) return 'NOT_FOUND';
        await trx
          .selectFrom('events')
          .select('id')
          .where('hall_id', '=', id)
          .$if(db.dialect === 'postgres', (q) => q.forUpdate())
          .execute();
        const active = await trx
          .selectFrom('bookings as b')
          .innerJoin('events as e', 'e.id', 'b.event_id')
          .select('b.id')
          .where('e.hall_id', '=', id)
          .where('e.deleted_at', 'is', null)
          .where(activeBookingCondition('b', now))
          .executeTakeFirst();
        if (active) return 'IN_USE';
        await trx
          .updateTable('events')
          .set({ deleted_at: now })
          .where('hall_id', '=', id)
          .where('deleted_at', 'is', null)
          .execute();
        await trx.updateTable('halls').set({ deleted_at: now }).where('id', '=', id).execute();
        return 'DELETED';
      });
    },
  };
}

export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/.test(e?.message ?? '');
}

export type HallStore = ReturnType<typeof hallStore>;
