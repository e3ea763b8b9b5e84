/**
 * A cinema's local time. Showtimes are stored as instants (epoch milliseconds); people read and
 * write them as the wall time of the cinema's IANA zone, whatever zone the server, the admin's
 * browser or the customer is in. Offsets come from the runtime's time zone data (Intl), so
 * daylight-saving changes follow the zone's rules, and a wall time can fail to exist (the clocks
 * jump over it) or exist twice (the clocks go back over it).
 */

const MINUTE = 60_000;
const DAY = 86_400_000;

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    formats.set(timeZone, format);
  }
  return format;
}

const numericFormats = new Map<string, Intl.DateTimeFormat>();

function numericFormatFor(timeZone: string): Intl.DateTimeFormat {
  let format = numericFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    numericFormats.set(timeZone, format);
  }
  return format;
}

export function isTimeZone(zone: string): boolean {
  if (zone.trim() === '' || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A wall-clock reading: calendar date and time of day, with no zone. */
export type WallTime = { year: number; month: number; day: number; hour: number; minute: number; second: number };

/** The wall time in `timeZone` at an instant. */
export function wallTimeAt(epochMs: number, timeZone: string): WallTime {
  const parts: Record<string, string> = {};
  for (const p of numericFormatFor(timeZone).formatToParts(new Date(epochMs))) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

const wallAsUtc = (w: WallTime) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);

/** The zone's offset from UTC at an instant, in minutes (Tokyo +540, Los Angeles -480 or -420). */
export function offsetMinutesAt(epochMs: number, timeZone: string): number {
  const whole = Math.floor(epochMs / 1000) * 1000;
  return Math.round((wallAsUtc(wallTimeAt(whole, timeZone)) - whole) / MINUTE);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

export const formatDate = (w: Pick<WallTime, 'year' | 'month' | 'day'>) => `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;

/** ISO 8601 with the zone's offset at that instant: `2026-12-05T19:30:00+09:00`. */
export function toZonedIso(epochMs: number, timeZone: string): string {
  const w = wallTimeAt(epochMs, timeZone);
  return `${formatDate(w)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${formatOffset(offsetMinutesAt(epochMs, timeZone))}`;
}

export type Fold = 'earlier' | 'later';

export type LocalTimeResolution =
  | { ok: true; epochMs: number; ambiguous: boolean }
  | { ok: false; code: 'NONEXISTENT_LOCAL_TIME' }
  | { ok: false; code: 'AMBIGUOUS_LOCAL_TIME'; candidates: [number, number] };

/**
 * The instant a wall time in `timeZone` names. It may name none (the clocks skip it:
 * NONEXISTENT_LOCAL_TIME) or two (the clocks repeat it: AMBIGUOUS_LOCAL_TIME unless `fold` picks
 * the earlier or later one). Transitions are found by trying the offsets in force a day either
 * side, which covers every zone's changes (none happens twice within two days).
 */
export function resolveWallTime(wall: WallTime, timeZone: string, fold?: Fold): LocalTimeResolution {
  const asUtc = wallAsUtc(wall);
  const offsets = new Set([asUtc - DAY, asUtc, asUtc + DAY].map((t) => offsetMinutesAt(t, timeZone)));
  const instants = [...offsets]
    .map((offset) => asUtc - offset * MINUTE)
    .filter((t) => wallAsUtc(wallTimeAt(t, timeZone)) === asUtc)
    .sort((a, b) => a - b);
  const unique = [...new Set(instants)];
  if (unique.length === 0) return { ok: false, code: 'NONEXISTENT_LOCAL_TIME' };
  if (unique.length === 1) return { ok: true, epochMs: unique[0] as number, ambiguous: false };
  const earlier = unique[0] as number;
  const later = unique[unique.length - 1] as number;
  if (fold === undefined) return { ok: false, code: 'AMBIGUOUS_LOCAL_TIME', candidates: [earlier, later] };
  return { ok: true, epochMs: fold === 'earlier' ? earlier : later, ambiguous: true };
}

/**
 * Like resolveWallTime but never refuses: a skipped wall time moves forward by the gap (02:30 on
 * a spring-forward night is 03:30), a repeated one is the earlier. For range bounds (a day's
 * start), not for what an admin asked for.
 */
export function wallTimeToInstant(wall: WallTime, timeZone: string): number {
  const resolved = resolveWallTime(wall, timeZone, 'earlier');
  if (resolved.ok) return resolved.epochMs;
  const asUtc = wallAsUtc(wall);
  return asUtc - offsetMinutesAt(asUtc - DAY, timeZone) * MINUTE;
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2})$/;

function realDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** `2026-12-05` → its parts, or null when it is not a real calendar date. */
export function parseLocalDate(value: string): Pick<WallTime, 'year' | 'month' | 'day'> | null {
  const m = DATE.exec(value);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return realDate(year, month, day) ? { year, month, day } : null;
}

/** `19:30` → minutes since midnight, or null. */
export function parseClockTime(value: string): number | null {
  const m = TIME.exec(value);
  if (!m) return null;
  const [hour, minute] = [Number(m[1]), Number(m[2])];
  return hour < 24 && minute < 60 ? hour * 60 + minute : null;
}

/** A wall time without an offset (`2026-12-05T19:30` or with seconds), or null. */
export function parseWallTime(value: string): WallTime | null {
  const m = LOCAL_DATE_TIME.exec(value.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as number[];
  if (!realDate(year as number, month as number, day as number)) return null;
  if ((hour as number) > 23 || (minute as number) > 59 || (second as number) > 59) return null;
  return { year, month, day, hour, minute, second } as WallTime;
}

/** The calendar date `days` after a date (negative: before). */
export function addDays(date: Pick<WallTime, 'year' | 'month' | 'day'>, days: number) {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day) + days * DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** ISO weekday of a calendar date: 1 Monday … 7 Sunday. */
export function isoWeekday(date: Pick<WallTime, 'year' | 'month' | 'day'>): number {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return d === 0 ? 7 : d;
}

export const DEFAULT_BUSINESS_DAY_START_MINUTES = 4 * 60;

/** Minutes after midnight as a clock, `04:00` (the inverse of parseClockTime). */
export const clockText = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

/**
 * The cinema's business day of a showtime, `YYYY-MM-DD`: a show starting before the business day
 * starts (04:00 by default) belongs to the evening before, where the customer looks for it.
 */
export function businessDate(epochMs: number, timeZone: string, dayStartMinutes = DEFAULT_BUSINESS_DAY_START_MINUTES): string {
  const w = wallTimeAt(epochMs, timeZone);
  const minutes = w.hour * 60 + w.minute;
  return formatDate(minutes < dayStartMinutes ? addDays(w, -1) : w);
}

/** A business day as a half-open range of instants: from its start to the next day's start. */
export function businessDayRange(
  date: string,
  timeZone: string,
  dayStartMinutes = DEFAULT_BUSINESS_DAY_START_MINUTES,
): { start: number; end: number } | null {
  const d = parseLocalDate(date);
  if (!d) return null;
  const at = (day: Pick<WallTime, 'year' | 'month' | 'day'>) =>
    wallTimeToInstant({ ...day, hour: Math.floor(dayStartMinutes / 60), minute: dayStartMinutes % 60, second: 0 }, timeZone);
  return { start: at(d), end: at(addDays(d, 1)) };
}

/** A zone as people name it: `Asia/Tokyo` → "Tokyo", `America/Los_Angeles` → "Los Angeles". */
export function zoneLabel(timeZone: string): string {
  const last = timeZone.split('/').pop() ?? timeZone;
  return last.replace(/_/g, ' ');
}

/**
 * A showtime's time of day as its cinema shows it, "19:30"; with the zone named, "19:30 (Tokyo)",
 * when the reader's own zone would show another time then (so it cannot be misread).
 */
export function formatShowtimeClock(epochMs: number, cinemaZone: string, viewerZone?: string): string {
  const w = wallTimeAt(epochMs, cinemaZone);
  const clock = `${pad(w.hour)}:${pad(w.minute)}`;
  if (viewerZone === undefined || offsetMinutesAt(epochMs, viewerZone) === offsetMinutesAt(epochMs, cinemaZone)) return clock;
  return `${clock} (${zoneLabel(cinemaZone)})`;
}

/** "Friday 1 January 2100, 13:00 CET": for messages, read anywhere, so the zone is always named. */
export function formatCinemaTime(epochMs: number, timeZone: string): string {
  const parts = Object.fromEntries(
    formatFor(timeZone)
      .formatToParts(new Date(epochMs))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute} ${parts.timeZoneName}`;
}

const dayParts = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock date and time at `epochMs` in `timeZone`, as if it were UTC (for offset arithmetic). */
function wallClockAsUtc(epochMs: number, timeZone: string): number {
  let format = dayParts.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
    dayParts.set(timeZone, format);
  }
  const p = Object.fromEntries(
    format
      .formatToParts(new Date(epochMs))
      .filter((part) => part.type !== 'literal')
      .map((part) => [part.type, Number(part.value)]),
  ) as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) + (((epochMs % 1000) + 1000) % 1000);
}

/** The instant the wall clock of `timeZone` shows midnight starting the given (UTC-encoded) day. */
function midnight(dayAsUtc: number, timeZone: string): number {
  // Two rounds settle the zone's offset, also on a day whose offset changes (summer time).
  let guess = dayAsUtc;
  for (let i = 0; i < 2; i++) guess = dayAsUtc - (wallClockAsUtc(guess, timeZone) - guess);
  return guess;
}

/**
 * The cinema's calendar day around `now`: its date (YYYY-MM-DD) and the instants it starts and
 * ends in `timeZone` (23 or 25 hours on the days the clocks change).
 */
export function cinemaDay(now: number, timeZone: string): { date: string; start: number; end: number } {
  const wall = new Date(wallClockAsUtc(now, timeZone));
  const day = Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate());
  return {
    date: new Date(day).toISOString().slice(0, 10),
    start: midnight(day, timeZone),
    end: midnight(day + 86_400_000, timeZone),
  };
}
