import { formatDate, formatShowtimeClock, wallTimeAt, zoneLabel } from '../../core/cinema-time';
import { currencyDigits } from '../../core/money';

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** "$18.00" for display. */
export function formatMoney(amount: number, currency: string): string {
  let format = moneyFormats.get(currency);
  if (!format) {
    format = new Intl.NumberFormat(undefined, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' });
    moneyFormats.set(currency, format);
  }
  return format.format(amount);
}

/**
 * "$48.2K", "$1.2M": an amount that must fit a narrow card. Below `from` (in the currency's major
 * units) it is the full figure, as formatMoney writes it.
 */
export function formatMoneyCompact(
  amount: number,
  currency: string,
  { from = 10_000, locale }: { from?: number; locale?: string } = {},
): string {
  const options: Intl.NumberFormatOptions = { style: 'currency', currency, currencyDisplay: 'narrowSymbol' };
  if (Math.abs(amount) < from) return new Intl.NumberFormat(locale, options).format(amount);
  return new Intl.NumberFormat(locale, {
    ...options,
    notation: 'compact',
    minimumFractionDigits: 0,
    maximumFractionDigits: 1,
  }).format(amount);
}

/** "18.00 USD": unambiguous, used in accessible names. */
export function moneyText(amount: number, currency: string): string {
  return `${amount.toFixed(currencyDigits(currency))} ${currency}`;
}

const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short' });
const longDayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long' });
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

export const formatDay = (iso: string) => dayFormat.format(new Date(iso));
export const formatLongDay = (iso: string) => longDayFormat.format(new Date(iso));
export const formatTime = (iso: string) => timeFormat.format(new Date(iso));
export const formatDateTime = (iso: string) => `${formatDay(iso)} · ${formatTime(iso)}`;

/** The viewer's local calendar day, YYYY-MM-DD: showtimes are grouped by the day people go out. */
export function localDayKey(iso: string | Date): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** "9 min" / "1 h 58 min" */
export function formatDuration(minutes: number | null): string | null {
  if (!minutes) return null;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** "04:59" for a countdown. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
}

/** The value a datetime-local input shows for an ISO instant, in the viewer's time zone. */
export function toDateTimeLocal(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${localDayKey(date)}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A datetime-local value (local wall time) as an ISO instant with offset, or null when empty/invalid. */
export function fromDateTimeLocal(value: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** A showtime as the API gives it: the time with its cinema's offset, the zone and the business day. */
type Showtime = { start_time: string; time_zone?: string; business_date?: string };

const viewerZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * "19:30", or "19:30 (Tokyo)" when the viewer's own zone (this browser's unless given) would read
 * another time: the cinema's wall time.
 */
export const showtimeClock = (s: Showtime, viewer: string = viewerZone()): string =>
  s.time_zone ? formatShowtimeClock(Date.parse(s.start_time), s.time_zone, viewer) : formatTime(s.start_time);

/** The cinema's day the showtime is listed under (a show after midnight counts for the evening before). */
export const showtimeDayKey = (s: Showtime): string =>
  s.business_date ?? (s.time_zone ? formatDate(wallTimeAt(Date.parse(s.start_time), s.time_zone)) : localDayKey(s.start_time));

/** True for a late show: one after midnight that belongs to the day before. */
export function isLateShow(s: Showtime): boolean {
  if (!s.time_zone || !s.business_date) return false;
  return formatDate(wallTimeAt(Date.parse(s.start_time), s.time_zone)) !== s.business_date;
}

/** A YYYY-MM-DD day as "Fri 5 Dec" / "Friday 5 December". */
export function formatDayKey(day: string, long = false): string {
  const [y, m, d] = day.split('-').map(Number);
  return (long ? longDayFormat : dayFormat).format(new Date(y ?? 1970, (m ?? 1) - 1, d ?? 1, 12));
}

/** "Fri 5 Dec · 19:30", "Fri 5 Dec · late show 00:30 (Tokyo)": in the cinema's own wall time. */
export const formatShowtime = (s: Showtime): string =>
  `${formatDayKey(showtimeDayKey(s))} · ${isLateShow(s) ? 'late show ' : ''}${showtimeClock(s)}`;

/** The cinema's wall time of an instant, for a datetime-local input (admins type the cinema's time, not the browser's). */
export function toCinemaWallTime(iso: string, timeZone: string): string {
  const w = wallTimeAt(Date.parse(iso), timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${formatDate(w)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/**
 * One of the two instants a repeated wall time names, as the admin chooses between them:
 * "01:30 PDT (first)", "01:30 PST (second)". The zone's own abbreviation tells them apart.
 */
export function repeatedTimeChoice(iso: string, timeZone: string, which: 'first' | 'second'): string {
  const at = Date.parse(iso);
  const abbreviation =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'short' })
      .formatToParts(new Date(at))
      .find((p) => p.type === 'timeZoneName')?.value ?? zoneLabel(timeZone);
  return `${formatShowtimeClock(at, timeZone)} ${abbreviation} (${which})`;
}

/** Any instant about a showtime (a cancellation deadline, a seat's release) as its cinema's wall time: "Sat 6 Dec · 18:30 (Tokyo)". */
export const formatCinemaDateTime = (iso: string, timeZone: string): string =>
  formatShowtime({ start_time: iso, time_zone: timeZone });
