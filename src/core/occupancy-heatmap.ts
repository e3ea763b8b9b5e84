import { businessDate, DEFAULT_BUSINESS_DAY_START_MINUTES, isoWeekday, parseLocalDate, wallTimeAt } from './cinema-time.js';

/** One showtime's seats, with the zone of its cinema. */
export type HeatmapShowtime = { start_time: number; time_zone: string; sold: number; capacity: number };

/**
 * Sold seats and capacity of the showtimes starting in one hour (0–23, cinema wall time) of one
 * weekday (1 Monday … 7 Sunday) taken as a business day: a show at 00:30 on Saturday is Friday's.
 */
export type HeatmapCell = { weekday: number; hour: number; showtimes: number; sold: number; capacity: number };

const MINUTES_PER_DAY = 24 * 60;

/** Where an hour falls in a business day starting `dayStartMinutes` after midnight: 0 for the first. */
export function hourOfBusinessDay(hour: number, dayStartMinutes = DEFAULT_BUSINESS_DAY_START_MINUTES): number {
  return Math.floor(((((hour * 60 - dayStartMinutes) % MINUTES_PER_DAY) + MINUTES_PER_DAY) % MINUTES_PER_DAY) / 60);
}

/**
 * Occupancy by weekday × hour of the cinema's wall clock: a 19:30 show in Tokyo and a 19:30 show in
 * Lisbon both count in the 19:00 column, whatever the server's zone. Weekdays are business days, as
 * in every listing and report (a 00:30 show belongs to the evening before). Only cells with
 * showtimes are listed, Monday first, then by hour from the start of the business day.
 */
export function occupancyHeatmap(
  showtimes: readonly HeatmapShowtime[],
  dayStartMinutes = DEFAULT_BUSINESS_DAY_START_MINUTES,
): HeatmapCell[] {
  const cells = new Map<number, HeatmapCell>();
  for (const s of showtimes) {
    const wall = wallTimeAt(s.start_time, s.time_zone);
    const day = parseLocalDate(businessDate(s.start_time, s.time_zone, dayStartMinutes));
    const weekday = day ? isoWeekday(day) : isoWeekday(wall);
    const key = weekday * 24 + hourOfBusinessDay(wall.hour, dayStartMinutes);
    const cell = cells.get(key) ?? { weekday, hour: wall.hour, showtimes: 0, sold: 0, capacity: 0 };
    cell.showtimes += 1;
    cell.sold += s.sold;
    cell.capacity += s.capacity;
    cells.set(key, cell);
  }
  return [...cells.entries()].sort(([a], [b]) => a - b).map(([, cell]) => cell);
}
