import type { ExistingShowtime, PlannedShowtime } from '../../core/schedule-run.js';
import { capacityOf, type SeatPlan } from '../../core/seat-layout.js';
import type { Db } from '../database.js';
import { type HallRow, parseHall } from './hall-store.js';
import { insertSeats } from './seat-writes.js';

export type RunHallRow = HallRow & { deleted: boolean };

export type RunShowtime = {
  movie_id: number;
  base_price: number;
  currency: string;
  /** The run's showtimes, marked by core against what the transaction reads. */
  mark: (existing: ExistingShowtime[]) => PlannedShowtime[];
  seatsFor: (hallId: number) => SeatPlan[];
};

export type RunOutcome =
  | { ok: true; showtimes: (PlannedShowtime & { eventId: number | null })[] }
  | { ok: false; showtimes: PlannedShowtime[] };

const DAY = 86_400_000;

export function scheduleRunStore(db: Db) {
  const k = db.kysely;
  return {
    /** The halls asked for, deleted ones included (a run into one is a conflict, not a 404). */
    halls: async (ids: number[]): Promise<RunHallRow[]> =>
      (await k.selectFrom('halls').selectAll().where('id', 'in', ids).execute()).map((h) => ({
        ...parseHall(h),
        deleted: h.deleted_at !== null,
      })),

    /**
     * Creates every showtime of a run or none. The halls are locked (PostgreSQL; SQLite's
     * transaction holds the write lock from its start), their showtimes over the run's span are
     * read, core marks the conflicts, and any conflict, or a dry run, writes nothing.
     */
    async apply(
      run: RunShowtime,
      halls: number[],
      span: { start: number; end: number } | null,
      dryRun: boolean,
      now: number,
    ): Promise<RunOutcome> {
      return db.transaction(async (trx) => {
        const sorted = [...halls].sort((a, b) => a - b);
        if (db.dialect === 'postgres') {
          await trx.selectFrom('halls').select('id').where('id', 'in', sorted).orderBy('id').forUpdate().execute();
        }
        const existing = span
          ? (
              await trx
                .selectFrom('events')
                .select(['id', 'hall_id', 'start_time', 'end_time'])
                .where('hall_id', 'in', sorted)
                .where('deleted_at', 'is', null)
                .where('start_time', '<', span.end + DAY)
                .where('end_time', '>', span.start - DAY)
                .execute()
            ).map((e) => ({ id: e.id, hallId: e.hall_id as number, start: e.start_time, end: e.end_time }))
          : [];
        const marked = run.mark(existing);
        if (marked.some((p) => p.conflicts.length > 0)) return { ok: false, showtimes: marked };
        if (dryRun) return { ok: true, showtimes: marked.map((p) => ({ ...p, eventId: null })) };
        const created = [];
        for (const p of marked) {
          const seats = run.seatsFor(p.hallId);
          const row = await trx
            .insertInto('events')
            .values({
              movie_id: run.movie_id,
              hall_id: p.hallId,
              start_time: p.start as number,
              end_time: p.end as number,
              base_price: run.base_price,
              currency: run.currency,
              total_seats: capacityOf(seats),
              created_at: now,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await insertSeats(trx, row.id, seats);
          created.push({ ...p, eventId: row.id });
        }
        return { ok: true, showtimes: created };
      });
    },
  };
}
