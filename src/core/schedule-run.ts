/**
 * A schedule run: one film in some halls on every chosen weekday between two dates, at the same
 * wall times of each hall's cinema. Planning turns the request into showtimes (instants), and
 * conflict detection marks each one that cannot be created, so a run is created whole or not at all.
 */

import {
  addDays,
  type Fold,
  formatDate,
  isoWeekday,
  parseClockTime,
  parseLocalDate,
  resolveWallTime,
  toZonedIso,
} from './cinema-time.js';
import { type Slot, showtimeEnd, slotsCollide } from './schedule.js';

export const MAX_RUN_SHOWTIMES = 500;
export const MAX_RUN_DAYS = 92;
export const MAX_RUN_TIMES_PER_DAY = 24;

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export type RunHall = { id: number; name: string; timeZone: string; deleted: boolean };

export type RunRequest = {
  fromDate: string;
  toDate: string;
  weekdays: Weekday[];
  /** Wall times `HH:MM` in each hall's cinema zone. */
  times: string[];
  halls: RunHall[];
  durationMinutes: number | null;
  /** For a wall time that happens twice (the clocks go back): which one. Without it, such a time is a conflict. */
  fold?: Fold;
  now: number;
};

export type RunConflict =
  | { type: 'overlap'; event_id: number; start_time: string }
  | { type: 'overlap_in_run'; start_time: string }
  | { type: 'hall_closed' }
  | { type: 'in_past' }
  | { type: 'nonexistent_local_time' }
  | { type: 'ambiguous_local_time' };

export type PlannedShowtime = {
  hallId: number;
  hallName: string;
  timeZone: string;
  localDate: string;
  localTime: string;
  /** Null when the wall time does not exist that day or is ambiguous (see conflicts). */
  start: number | null;
  end: number | null;
  conflicts: RunConflict[];
};

export type RunPlan = { ok: true; showtimes: PlannedShowtime[] } | { ok: false; problems: { field: string; message: string }[] };

export type ExistingShowtime = { id: number; hallId: number; start: number; end: number };

/** The showtimes a run asks for, in date, time and hall order; limits refused as field problems. */
export function planRun(request: RunRequest): RunPlan {
  const problems: { field: string; message: string }[] = [];
  const from = parseLocalDate(request.fromDate);
  const to = parseLocalDate(request.toDate);
  if (!from) problems.push({ field: 'body/from_date', message: 'must be a date like 2026-12-05' });
  if (!to) problems.push({ field: 'body/to_date', message: 'must be a date like 2026-12-05' });
  const times = request.times.map((t) => ({ text: t, minutes: parseClockTime(t) }));
  times.forEach((t, i) => {
    if (t.minutes === null) problems.push({ field: `body/times/${i}`, message: 'must be a wall time like 19:30' });
  });
  if (new Set(request.times).size !== request.times.length) problems.push({ field: 'body/times', message: 'lists a time twice' });
  if (times.length > MAX_RUN_TIMES_PER_DAY) {
    problems.push({ field: 'body/times', message: `at most ${MAX_RUN_TIMES_PER_DAY} times a day` });
  }
  if (new Set(request.weekdays).size !== request.weekdays.length) {
    problems.push({ field: 'body/weekdays', message: 'lists a day twice' });
  }
  let days = 0;
  if (from && to) {
    days = Math.round((Date.UTC(to.year, to.month - 1, to.day) - Date.UTC(from.year, from.month - 1, from.day)) / 86_400_000) + 1;
    if (days < 1) problems.push({ field: 'body/to_date', message: 'must not be before from_date' });
    else if (days > MAX_RUN_DAYS) problems.push({ field: 'body/to_date', message: `a run spans at most ${MAX_RUN_DAYS} days` });
  }
  if (problems.length > 0 || !from) return { ok: false, problems };

  const wanted = new Set(request.weekdays.map((d) => WEEKDAYS.indexOf(d) + 1));
  const dates = Array.from({ length: days }, (_, i) => addDays(from, i)).filter((d) => wanted.has(isoWeekday(d)));
  const count = dates.length * times.length * request.halls.length;
  if (count > MAX_RUN_SHOWTIMES) {
    return {
      ok: false,
      problems: [{ field: 'body', message: `the run would create ${count} showtimes; at most ${MAX_RUN_SHOWTIMES} at once` }],
    };
  }
  if (count === 0) {
    return { ok: false, problems: [{ field: 'body/weekdays', message: 'none of these weekdays falls between the dates' }] };
  }

  const sortedTimes = [...times].sort((a, b) => (a.minutes as number) - (b.minutes as number));
  const showtimes: PlannedShowtime[] = [];
  for (const date of dates) {
    for (const time of sortedTimes) {
      const minutes = time.minutes as number;
      for (const hall of request.halls) {
        const wall = { ...date, hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0 };
        const resolved = resolveWallTime(wall, hall.timeZone, request.fold);
        const conflicts: RunConflict[] = [];
        if (hall.deleted) conflicts.push({ type: 'hall_closed' });
        let start: number | null = null;
        if (resolved.ok) {
          start = resolved.epochMs;
          if (start <= request.now) conflicts.push({ type: 'in_past' });
        } else
          conflicts.push({
            type: resolved.code === 'NONEXISTENT_LOCAL_TIME' ? 'nonexistent_local_time' : 'ambiguous_local_time',
          });
        showtimes.push({
          hallId: hall.id,
          hallName: hall.name,
          timeZone: hall.timeZone,
          localDate: formatDate(date),
          localTime: time.text,
          start,
          end: start === null ? null : showtimeEnd(start, request.durationMinutes),
          conflicts,
        });
      }
    }
  }
  return { ok: true, showtimes };
}

/**
 * Marks each planned showtime that would share its hall (film plus cleaning buffer) with an
 * existing showtime, or with another showtime of the same run. Pure: the store passes the
 * existing showtimes of the halls over the run's span, read in the transaction that creates it.
 */
export function markRunConflicts(
  planned: PlannedShowtime[],
  existing: ExistingShowtime[],
  bufferMinutes: number,
): PlannedShowtime[] {
  const slotOf = (p: PlannedShowtime): Slot | null =>
    p.start === null || p.end === null ? null : { start: p.start, end: p.end };
  return planned.map((p, i) => {
    const slot = slotOf(p);
    if (!slot) return p;
    const conflicts = [...p.conflicts];
    for (const e of existing) {
      if (e.hallId === p.hallId && slotsCollide(slot, e, bufferMinutes)) {
        conflicts.push({ type: 'overlap', event_id: e.id, start_time: toZonedIso(e.start, p.timeZone) });
      }
    }
    planned.forEach((other, j) => {
      const otherSlot = slotOf(other);
      if (j !== i && otherSlot && other.hallId === p.hallId && slotsCollide(slot, otherSlot, bufferMinutes)) {
        conflicts.push({ type: 'overlap_in_run', start_time: toZonedIso(otherSlot.start, other.timeZone) });
      }
    });
    return { ...p, conflicts };
  });
}

/** The span of instants a run's showtimes can reach, for reading the existing ones around it. */
export function runSpan(planned: PlannedShowtime[]): Slot | null {
  const starts = planned.flatMap((p) => (p.start === null ? [] : [p.start]));
  const ends = planned.flatMap((p) => (p.end === null ? [] : [p.end]));
  if (starts.length === 0) return null;
  return { start: Math.min(...starts), end: Math.max(...ends) };
}
