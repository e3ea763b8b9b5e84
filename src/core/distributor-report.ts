/**
 * The weekly return a cinema sends a film's distributor: admissions and box office per day and per
 * performance. The film week runs Friday to Thursday (the trade's release week), so `week_start`
 * must be a Friday. Days are the cinema's business days (src/core/sales-report.ts).
 */

import { isoWeekday, parseLocalDate } from './cinema-time.js';
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
const FRIDAY = 5;

export type WeekCheck = { ok: true; days: string[] } | { ok: false; message: string };

export function filmWeek(weekStart: string): WeekCheck {
  const d = parseLocalDate(weekStart);
  if (!d) return { ok: false, message: 'must be a date, YYYY-MM-DD' };
  if (isoWeekday(d) !== FRIDAY) return { ok: false, message: 'must be a Friday: the film week runs Friday to Thursday' };
  return { ok: true, days: Array.from({ length: FILM_WEEK_DAYS }, (_, i) => dateAfter(weekStart, i)) };
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
