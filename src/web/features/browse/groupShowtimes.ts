import type { EventSummary } from '../../../contract/catalogue';
import { localDayKey, showtimeDayKey } from '../../lib/format';

export type DayGroup = { day: string; showtimes: EventSummary[] };

/** Showtimes by the cinema's business day (late shows after midnight with the evening before), in order. */
export function groupByDay(showtimes: EventSummary[]): DayGroup[] {
  const byDay = new Map<string, EventSummary[]>();
  const sorted = [...showtimes].sort((a, b) => Date.parse(a.start_time) - Date.parse(b.start_time));
  for (const showtime of sorted) {
    const day = showtimeDayKey(showtime);
    const list = byDay.get(day) ?? [];
    list.push(showtime);
    byDay.set(day, list);
  }
  return [...byDay.entries()].map(([day, list]) => ({ day, showtimes: list }));
}

/** "Today", "Tomorrow", or "Wed 26 Nov", relative to `now` in the viewer's time zone. */
export function dayLabel(day: string, now = new Date()): string {
  const today = localDayKey(now);
  const tomorrow = localDayKey(new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1));
  if (day === today) return 'Today';
  if (day === tomorrow) return 'Tomorrow';
  const [y, m, d] = day.split('-').map(Number);
  return new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short' }).format(
    new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1),
  );
}
