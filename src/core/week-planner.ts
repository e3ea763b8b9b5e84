/**
 * The admin week planner's layout: a business day of one cinema as a strip of real minutes (23 or
 * 25 hours when the clocks change), showtimes placed on it by their start and length, each with
 * the hall's cleaning buffer as a tail, and showtimes that share a hall at once (older data) put
 * in lanes so none hides another. Listing ranges of business days are bounded here too.
 */
import {
  addDays,
  businessDayRange,
  DEFAULT_BUSINESS_DAY_START_MINUTES,
  formatDate,
  isoWeekday,
  parseLocalDate,
  wallTimeAt,
} from './cinema-time.js';
import { CLEANING_BUFFER_MINUTES, hallOccupancy } from './schedule.js';

const MINUTE = 60_000;

/** Days the planner shows at once. */
export const PLANNER_DAYS = 7;
/** The longest range of business days one showtime listing (`from` … `to`) may ask for. */
export const MAX_LISTING_DAYS = 31;

const pad = (n: number) => String(n).padStart(2, '0');
const WEEKDAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `date` moved by `days` (YYYY-MM-DD), or null when it is not a real date. */
export function shiftDate(date: string, days: number): string | null {
  const d = parseLocalDate(date);
  return d ? formatDate(addDays(d, days)) : null;
}

/** The Monday starting the week that holds `date`, or null. */
export function weekStartOf(date: string): string | null {
  const d = parseLocalDate(date);
  return d ? formatDate(addDays(d, 1 - isoWeekday(d))) : null;
}

/** The planner's days from `weekStart`, or an empty list for a date that does not exist. */
export function weekDates(weekStart: string): string[] {
  const d = parseLocalDate(weekStart);
  if (!d) return [];
  return Array.from({ length: PLANNER_DAYS }, (_, i) => formatDate(addDays(d, i)));
}

/** "Fri 5 Dec" for a business date. */
export function dayLabel(date: string): string {
  const d = parseLocalDate(date);
  if (!d) return date;
  return `${WEEKDAY_NAMES[isoWeekday(d) - 1]} ${d.day} ${MONTH_NAMES[d.month - 1]}`;
}

export type DateRange =
  | { ok: true; from: string; to: string; days: number }
  | { ok: false; field: 'from' | 'to'; message: string };

/** `from` … `to` (both included) as business dates: both real, in order, at most `maxDays` long. */
export function checkDateRange(from: string, to: string, maxDays = MAX_LISTING_DAYS): DateRange {
  const a = parseLocalDate(from);
  if (!a) return { ok: false, field: 'from', message: 'must be a date like 2030-05-01' };
  const b = parseLocalDate(to);
  if (!b) return { ok: false, field: 'to', message: 'must be a date like 2030-05-01' };
  const days = Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000) + 1;
  if (days < 1) return { ok: false, field: 'to', message: 'must be on or after from' };
  if (days > maxDays) return { ok: false, field: 'to', message: `must be at most ${maxDays} days from from, both included` };
  return { ok: true, from, to, days };
}

export type PlannerHour = { offsetMinutes: number; label: string };
export type PlannerDay = { date: string; start: number; end: number; minutes: number; hours: PlannerHour[] };

/**
 * A business day of a cinema: its instants, its length in real minutes and the local clock at
 * each hour from its start (on the night the clocks go back "01:00" comes twice; on the night
 * they go forward "02:00" never comes).
 */
export function plannerDay(
  date: string,
  timeZone: string,
  dayStartMinutes = DEFAULT_BUSINESS_DAY_START_MINUTES,
): PlannerDay | null {
  const range = businessDayRange(date, timeZone, dayStartMinutes);
  if (!range) return null;
  const minutes = Math.round((range.end - range.start) / MINUTE);
  const hours: PlannerHour[] = [];
  for (let offset = 0; offset < minutes; offset += 60) {
    hours.push({ offsetMinutes: offset, label: clock(range.start + offset * MINUTE, timeZone) });
  }
  return { date, ...range, minutes, hours };
}

/** "19:30", the cinema's wall clock at an instant. */
export function clock(epochMs: number, timeZone: string): string {
  const w = wallTimeAt(epochMs, timeZone);
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

export type Show = { start: number; end: number };

export type PlannerBlock<T extends Show> = {
  show: T;
  /** Minutes from the business day's start to the film's start (0 when it began the day before). */
  offsetMinutes: number;
  /** Minutes of film drawn within the day. */
  filmMinutes: number;
  /** Minutes of cleaning drawn after the film within the day. */
  cleaningMinutes: number;
  /** When the hall is free again: the film's end plus the cleaning buffer. */
  cleaningEnd: number;
  /** The film or its cleaning runs on past the end of the business day. */
  continues: boolean;
  /** 0 for most; showtimes sharing the hall at once get lanes 1, 2, … so none hides another. */
  lane: number;
};

/**
 * Places one hall's showtimes on a business day. Each keeps its real length; the cleaning tail is
 * hallOccupancy's (the overlap rule's) buffer. Lanes are assigned first-fit by start time.
 */
export function layoutHallDay<T extends Show>(
  shows: readonly T[],
  day: Pick<PlannerDay, 'start' | 'end' | 'minutes'>,
  bufferMinutes = CLEANING_BUFFER_MINUTES,
): { blocks: PlannerBlock<T>[]; lanes: number } {
  const sorted = [...shows].sort((a, b) => a.start - b.start || a.end - b.end);
  const laneFreeAt: number[] = [];
  const blocks = sorted.map((show) => {
    const busy = hallOccupancy(show, bufferMinutes);
    let lane = laneFreeAt.findIndex((free) => free <= busy.start);
    if (lane === -1) lane = laneFreeAt.length;
    laneFreeAt[lane] = busy.end;
    const at = (t: number) => Math.min(day.minutes, Math.max(0, (t - day.start) / MINUTE));
    const offsetMinutes = at(show.start);
    const filmEnd = at(show.end);
    const cleaningEnd = at(busy.end);
    return {
      show,
      offsetMinutes,
      filmMinutes: filmEnd - offsetMinutes,
      cleaningMinutes: cleaningEnd - filmEnd,
      cleaningEnd: busy.end,
      continues: busy.end > day.end,
      lane,
    };
  });
  return { blocks, lanes: Math.max(1, laneFreeAt.length) };
}

/**
 * A block's text alternative: "Dune 19:30–22:16, Hall 1, Sat 5 Dec, cleaning until 22:31", the day
 * being the business day it is listed under. It starts with what the block shows ("Dune",
 * "19:30–22:16"), so someone who says what they see to a speech-input tool reaches it.
 */
export function blockLabel(
  block: {
    title: string;
    hall: string;
    businessDate: string;
    start: number;
    end: number;
    cleaningEnd: number;
    cancelled?: boolean;
  },
  timeZone: string,
): string {
  const times = `${clock(block.start, timeZone)}–${clock(block.end, timeZone)}`;
  return `${blockText(block.title, times, block.cancelled)}, ${block.hall}, ${dayLabel(block.businessDate)}, cleaning until ${clock(block.cleaningEnd, timeZone)}`;
}

/** What a block shows: "Dune 19:30–22:16", with "cancelled" after it for a cancelled show. */
export function blockText(title: string, times: string, cancelled = false): string {
  return `${title} ${times}${cancelled ? ' cancelled' : ''}`;
}

/** The local wall time (HH:MM) an offset into the business day names, rounded down to `step` minutes. */
export function slotTime(day: Pick<PlannerDay, 'start'>, offsetMinutes: number, timeZone: string, step = 15): string {
  const snapped = Math.floor(offsetMinutes / step) * step;
  return clock(day.start + snapped * MINUTE, timeZone);
}
