import type { ScheduleRunBody, ScheduleRunResult } from '../contract/cinemas.js';
import { AppError, validationError } from '../contract/errors.js';
import { toZonedIso } from '../core/cinema-time.js';
import { type HallShape, planShapeSeats } from '../core/hall-shape.js';
import { applyFactor, checkBasePrice, toMajorUnits } from '../core/money.js';
import { markRunConflicts, type PlannedShowtime, planRun, runSpan } from '../core/schedule-run.js';
import { cinemaStore } from '../db/stores/cinema-store.js';
import { movieStore } from '../db/stores/movie-store.js';
import { scheduleRunStore } from '../db/stores/schedule-run-store.js';
import type { Deps } from './deps.js';
import type { ReadCache } from './read-cache.js';

export type ScheduleRunAnswer = { status: 200 | 201 | 409; body: ScheduleRunResult };

/** Schedule runs: a film in some halls on chosen weekdays and wall times, created whole or not at all. */
export function scheduleRunService(deps: Deps, cache?: ReadCache) {
  const { config, clock } = deps;
  const runs = scheduleRunStore(deps.db);
  const cinemas = cinemaStore(deps.db);
  const movies = movieStore(deps.db);

  return {
    async run(body: ScheduleRunBody): Promise<ScheduleRunAnswer> {
      const movie = await movies.find(body.movie_id, clock.now());
      if (!movie) throw new AppError('MOVIE_NOT_FOUND', `Movie ${body.movie_id} not found`);
      const halls = await runs.halls(body.hall_ids);
      const missing = body.hall_ids.filter((id) => !halls.some((h) => h.id === id));
      if (missing.length > 0) throw new AppError('HALL_NOT_FOUND', `Hall ${missing.join(', ')} not found`);
      const price = checkBasePrice(body.price, config.currency);
      if (!price.ok) throw validationError([{ field: 'body/price', message: price.message }]);

      const zones = new Map<number | null, string>();
      const first = await cinemas.first();
      for (const cinema of await cinemas.list()) zones.set(cinema.id, cinema.time_zone ?? config.cinemaTimeZone);
      const zoneOf = (cinemaId: number | null) =>
        zones.get(cinemaId ?? first?.id ?? null) ?? zones.get(first?.id ?? null) ?? config.cinemaTimeZone;
      const ordered = body.hall_ids.map((id) => halls.find((h) => h.id === id) as (typeof halls)[number]);
      const layoutOf = new Map(ordered.map((h) => [h.id, h.layout]));

      const plan = planRun({
        fromDate: body.from_date,
        toDate: body.to_date,
        weekdays: body.weekdays,
        times: body.times,
        halls: ordered.map((h) => ({ id: h.id, name: h.name, timeZone: zoneOf(h.cinema_id), deleted: h.deleted })),
        durationMinutes: movie.duration_minutes,
        now: clock.now(),
        ...(body.fold ? { fold: body.fold } : {}),
      });
      if (!plan.ok) throw validationError(plan.problems);

      const dryRun = body.dry_run === true;
      const outcome = await runs.apply(
        {
          movie_id: movie.id,
          base_price: price.minor,
          currency: config.currency,
          mark: (existing) => markRunConflicts(plan.showtimes, existing, config.cleaningBufferMinutes),
          seatsFor: (hallId) => planShapeSeats(layoutOf.get(hallId) as HallShape, price.minor, applyFactor),
        },
        body.hall_ids,
        runSpan(plan.showtimes),
        dryRun,
        clock.now(),
      );
      if (outcome.ok && !dryRun) cache?.invalidateAll();
      const present = (p: PlannedShowtime & { eventId?: number | null }) => ({
        event_id: p.eventId ?? null,
        hall_id: p.hallId,
        hall: p.hallName,
        time_zone: p.timeZone,
        local_date: p.localDate,
        local_time: p.localTime,
        start_time: p.start === null ? null : toZonedIso(p.start, p.timeZone),
        end_time: p.end === null ? null : toZonedIso(p.end, p.timeZone),
        price: toMajorUnits(price.minor, config.currency),
        conflicts: p.conflicts,
      });
      const showtimes = outcome.showtimes.map(present);
      const conflictCount = outcome.showtimes.filter((p) => p.conflicts.length > 0).length;
      const result = { dry_run: dryRun, count: showtimes.length, conflict_count: conflictCount, showtimes };
      if (dryRun) return { status: 200, body: result };
      return { status: outcome.ok ? 201 : 409, body: result };
    },
  };
}

export type ScheduleRunService = ReturnType<typeof scheduleRunService>;
