/** Showtime scheduling rules: how long a showtime occupies its hall, and when two collide. */

export const CLEANING_BUFFER_MINUTES = 15;
export const DEFAULT_DURATION_MINUTES = 120;
const MINUTE = 60_000;

export type Slot = { start: number; end: number };

export function showtimeEnd(startMs: number, durationMinutes: number | null): number {
  return startMs + (durationMinutes ?? DEFAULT_DURATION_MINUTES) * MINUTE;
}

/**
 * The hall is busy from the start until the film ends plus the cleaning buffer
 * (CLEANING_BUFFER_MINUTES, 15 unless set).
 */
export function hallOccupancy(slot: Slot, bufferMinutes = CLEANING_BUFFER_MINUTES): Slot {
  return { start: slot.start, end: slot.end + bufferMinutes * MINUTE };
}

export function slotsCollide(a: Slot, b: Slot, bufferMinutes = CLEANING_BUFFER_MINUTES): boolean {
  const x = hallOccupancy(a, bufferMinutes);
  const y = hallOccupancy(b, bufferMinutes);
  return x.start < y.end && y.start < x.end;
}

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * Parses an ISO 8601 date-time. A value without an offset is taken as UTC, which is what the
 * prototype's clients sent. Returns epoch milliseconds, or null when the value is not a real time.
 */
export function parseDateTime(value: string): number | null {
  const m = ISO_DATE_TIME.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s = '00', frac = '', offset] = m;
  const normalized = `${y}-${mo}-${d}T${h}:${mi}:${s}${frac.slice(0, 4)}${offset ? normalizeOffset(offset) : 'Z'}`;
  const ms = Date.parse(normalized);
  if (Number.isNaN(ms)) return null;
  // Date.parse rolls 2025-02-30 over into March; refuse dates that do not exist.
  const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  if (check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d)) return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return null;
  return ms;
}

function normalizeOffset(offset: string): string {
  if (offset.toUpperCase() === 'Z') return 'Z';
  return offset.includes(':') ? offset : `${offset.slice(0, 3)}:${offset.slice(3)}`;
}

/** A calendar day (YYYY-MM-DD, UTC) as a half-open range of epoch milliseconds. */
export function dayRange(day: string): Slot | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const start = parseDateTime(`${day}T00:00:00Z`);
  if (start === null) return null;
  return { start, end: start + 24 * 60 * MINUTE };
}

export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}
