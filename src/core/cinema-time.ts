/**
 * How a person reads a showtime in a message: in the cinema's own time zone (CINEMA_TIME_ZONE),
 * whatever zone the server or the reader is in. There is one cinema today.
 */

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

/** "Friday 1 January 2100, 13:00 CET". */
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
