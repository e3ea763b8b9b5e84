/**
 * The weekly return a cinema sends a film's distributor: admissions and box office per day and per
 * performance. The film week runs Friday to Thursday by default (the trade's release week; a
 * cinema may start it on another weekday, FILM_WEEK_START), so `week_start` must be that weekday.
 * Days are the cinema's business days (src/core/sales-report.ts).
 */

import { addDays, formatDate, isoWeekday, parseLocalDate } from './cinema-time.js';
import {
  dateAfter,
  groupSales,
  localClock,
  type SaleLine,
  type SaleShowtime,
  type SalesFigures,
  sumFigures,
} from './sales-report.js';

export const FILM_WEEK_DAYS = 7;
/** ISO weekdays, Monday 1 to Sunday 7. */
export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
export const FRIDAY = 5;

const nameOf = (isoDay: number) => WEEKDAY_NAMES[(((isoDay - 1) % 7) + 7) % 7] as string;

export type WeekCheck = { ok: true; days: string[] } | { ok: false; message: string };

/** The seven business days of the film week starting `weekStart`, which must be a `startDay` (ISO weekday). */
export function filmWeek(weekStart: string, startDay: number = FRIDAY): WeekCheck {
  const d = parseLocalDate(weekStart);
  if (!d) return { ok: false, message: 'must be a date, YYYY-MM-DD' };
  if (isoWeekday(d) !== startDay) {
    return {
      ok: false,
      message: `must be a ${nameOf(startDay)}: the film week runs ${nameOf(startDay)} to ${nameOf(startDay + 6)}`,
    };
  }
  return { ok: true, days: Array.from({ length: FILM_WEEK_DAYS }, (_, i) => dateAfter(weekStart, i)) };
}

/** The first day of the film week that holds business day `date` (a week starting on `startDay`). */
export function filmWeekStartOf(date: string, startDay: number = FRIDAY): string {
  const d = parseLocalDate(date);
  if (!d) throw new Error(`not a date: ${date}`);
  return formatDate(addDays(d, -((isoWeekday(d) - startDay + 7) % 7)));
}

/** FILM_WEEK_START: a weekday's English name, any case; the ISO weekday, or null when it is none. */
export function parseWeekday(text: string): number | null {
  const i = WEEKDAY_NAMES.findIndex((n) => n.toLowerCase() === text.trim().toLowerCase());
  return i < 0 ? null : i + 1;
}

export type DistributorDay = SalesFigures & { date: string; showtimes: number };
export type DistributorShowtime = SalesFigures & {
  showtime_id: number;
  date: string;
  time: string;
  cinema: string | null;
  hall: string | null;
};

/** Every day of the week and every performance of the film in it, empty ones too. */
export function distributorWeek(
  lines: SaleLine[],
  days: string[],
  performances: { showtime: SaleShowtime; business_date: string }[] = [],
): { days: DistributorDay[]; showtimes: DistributorShowtime[]; totals: SalesFigures } {
  const inWeek = lines.filter((l) => days.includes(l.business_date));
  const perShowtime = new Map<number, { showtime: SaleShowtime; business_date: string; lines: SaleLine[] }>();
  for (const p of performances) {
    if (days.includes(p.business_date)) perShowtime.set(p.showtime.id, { ...p, lines: [] });
  }
  for (const l of inWeek) {
    const entry = perShowtime.get(l.showtime.id) ?? { showtime: l.showtime, business_date: l.business_date, lines: [] };
    entry.lines.push(l);
    perShowtime.set(l.showtime.id, entry);
  }
  const showtimes = [...perShowtime.values()]
    .map(({ showtime, business_date, lines: ls }) => ({
      showtime_id: showtime.id,
      date: business_date,
      time: localClock(showtime),
      cinema: showtime.cinema,
      hall: showtime.hall,
      start: showtime.start_time,
      ...sumFigures(ls),
    }))
    .sort((a, b) => a.start - b.start || a.showtime_id - b.showtime_id)
    .map(({ start: _start, ...row }) => row);
  const byDay = new Map(groupSales(inWeek, 'day').rows.map((r) => [r.key, r]));
  return {
    days: days.map((date) => {
      const row = byDay.get(date);
      return {
        date,
        showtimes: showtimes.filter((s) => s.date === date).length,
        admissions: row?.admissions ?? 0,
        gross: row?.gross ?? 0,
        refunds: row?.refunds ?? 0,
        net: row?.net ?? 0,
      };
    }),
    showtimes,
    totals: sumFigures(inWeek),
  };
}
