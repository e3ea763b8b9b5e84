import { isoWeekday, wallTimeAt } from './cinema-time.js';

/** One showtime's seats, with the zone of its cinema. */
export type HeatmapShowtime = { start_time: number; time_zone: string; sold: number; capacity: number };

/** Sold seats and capacity of the showtimes starting in one weekday (1 Monday … 7 Sunday) and hour (0–23), cinema wall time. */
export type HeatmapCell = { weekday: number; hour: number; showtimes: number; sold: number; capacity: number };

/**
 * Occupancy by weekday × hour of the cinema's wall clock: a 19:30 show in Tokyo and a 19:30 show in
 * Lisbon both count in the 19:00 column, whatever the server's zone. Only cells with showtimes are
 * listed, Monday first, then by hour.
 */
export function occupancyHeatmap(showtimes: readonly HeatmapShowtime[]): HeatmapCell[] {
  const cells = new Map<number, HeatmapCell>();
  for (const s of showtimes) {
    const wall = wallTimeAt(s.start_time, s.time_zone);
    const weekday = isoWeekday(wall);
    const key = weekday * 24 + wall.hour;
    const cell = cells.get(key) ?? { weekday, hour: wall.hour, showtimes: 0, sold: 0, capacity: 0 };
    cell.showtimes += 1;
    cell.sold += s.sold;
    cell.capacity += s.capacity;
    cells.set(key, cell);
  }
  return [...cells.entries()].sort(([a], [b]) => a - b).map(([, cell]) => cell);
}
