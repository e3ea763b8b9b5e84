/**
 * Sales reports: what was sold for which showtime, and what was given back. Everything is counted
 * against the showtime's business day in its cinema's zone (a 00:30 show is the evening before),
 * as distributors settle film rentals by performance, not by when a card was charged or refunded:
 * a refund made next week for tonight's show lowers tonight's net.
 *
 * - admissions: seats of confirmed bookings, less seats cancelled out of them;
 * - gross: money taken (succeeded payments, including those refunded since);
 * - refunds: money given back (refunds paid or still on their way to the provider);
 * - net: gross − refunds, the money kept (cancellation fees included).
 *
 * Money is minor units here. A booking's payment and refunds are spread over its seats by price
 * (largest remainder, so the parts add up to the whole) so that a ticket-type split adds up to the
 * same totals as every other grouping.
 */

import { addDays, formatDate, parseLocalDate, wallTimeAt } from './cinema-time.js';
import { checkDateRange } from './week-planner.js';

export const SALES_GROUPINGS = ['film', 'showtime', 'day', 'ticket_type', 'promo_code', 'payment_method'] as const;
export type SalesGrouping = (typeof SALES_GROUPINGS)[number];

/** At most this many business days in one report. */
export const MAX_REPORT_DAYS = 366;

export const PAYMENT_METHODS = {
  cash: 'Cash (box office)',
  box_office_card: 'Card (box office)',
  online_card: 'Card (online)',
  imported: 'Imported',
  none: 'Not paid (free)',
} as const;
export type PaymentMethodKey = keyof typeof PAYMENT_METHODS;

/** How a booking was paid: the counter's method, or the online provider's card. */
export function paymentMethodKey(counterMethod: 'cash' | 'card' | null, provider: string | null): PaymentMethodKey {
  if (counterMethod === 'cash') return 'cash';
  if (counterMethod === 'card') return 'box_office_card';
  if (provider === null) return 'none';
  return provider === 'imported' ? 'imported' : 'online_card';
}

export type SaleShowtime = {
  id: number;
  start_time: number;
  movie_id: number;
  movie_title: string;
  hall: string | null;
  cinema_id: number | null;
  cinema: string | null;
  time_zone: string;
};

export type SaleBooking = {
  showtime: SaleShowtime;
  confirmed: boolean;
  payment_method: PaymentMethodKey;
  /** The promo code the booking was held with (upper case), if any. */
  promo_code: string | null;
  /** Money taken for the booking, minor units. */
  paid: number;
  /** Money given back, minor units. */
  refunded: number;
  seats: { ticket_type: string; price: number; cancelled: boolean }[];
};

export type SaleLine = {
  showtime: SaleShowtime;
  business_date: string;
  payment_method: PaymentMethodKey;
  promo_code: string | null;
  ticket_type: string | null;
  admissions: number;
  gross: number;
  refunds: number;
};

/** `total` split in proportion to `weights` (equal parts when they are all 0); the parts add up to `total`. */
export function allocate(total: number, weights: number[]): number[] {
  if (weights.length === 0) return [];
  const sum = weights.reduce((a, w) => a + w, 0);
  const ws = sum > 0 ? weights : weights.map(() => 1);
  const wsum = sum > 0 ? sum : weights.length;
  const exact = ws.map((w) => (total * w) / wsum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, p) => a + p, 0);
  const order = exact.map((e, i) => ({ i, frac: e - Math.floor(e) })).sort((a, b) => b.frac - a.frac || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i] = (parts[i] as number) + 1;
    left -= 1;
  }
  return parts;
}

/**
 * One line per seat of a booking. Refunds go to the seats given back (every seat of a booking no
 * longer confirmed, else the seats cancelled out of it); a refund with no seat given back (one
 * made in the provider's dashboard) is spread over all seats.
 */
export function saleLines(booking: SaleBooking, businessDate: string): SaleLine[] {
  const base = {
    showtime: booking.showtime,
    business_date: businessDate,
    payment_method: booking.payment_method,
    promo_code: booking.promo_code,
  };
  if (booking.seats.length === 0) {
    return [{ ...base, ticket_type: null, admissions: 0, gross: booking.paid, refunds: booking.refunded }];
  }
  const released = booking.seats.map((s) => !booking.confirmed || s.cancelled);
  const gross = allocate(
    booking.paid,
    booking.seats.map((s) => s.price),
  );
  const anyReleased = released.some(Boolean);
  const refundWeights = booking.seats.map((s, i) => (anyReleased ? (released[i] ? Math.max(s.price, 0) : 0) : s.price));
  // All released seats free: share the refund among them equally rather than over kept seats.
  const refunds =
    anyReleased && refundWeights.every((w) => w === 0)
      ? allocate(
          booking.refunded,
          released.map((r) => (r ? 1 : 0)),
        )
      : allocate(booking.refunded, refundWeights);
  return booking.seats.map((s, i) => ({
    ...base,
    ticket_type: s.ticket_type,
    admissions: released[i] ? 0 : 1,
    gross: gross[i] as number,
    refunds: refunds[i] as number,
  }));
}

export type SalesFigures = { admissions: number; gross: number; refunds: number; net: number };
export type SalesRow = SalesFigures & { key: string; label: string };

const pad = (n: number) => String(n).padStart(2, '0');

/** A showtime's local start, `19:30`, in its cinema's zone. */
export function localClock(showtime: Pick<SaleShowtime, 'start_time' | 'time_zone'>): string {
  const w = wallTimeAt(showtime.start_time, showtime.time_zone);
  return `${pad(w.hour)}:${pad(w.minute)}`;
}

function showtimeLabel(s: SaleShowtime, businessDate: string): string {
  const place = [s.cinema, s.hall].filter((p) => p !== null && p !== '').join(', ');
  const w = wallTimeAt(s.start_time, s.time_zone);
  const day = formatDate(w) === businessDate ? businessDate : `${businessDate} (${formatDate(w)})`;
  return `${day} ${localClock(s)} ${s.movie_title}${place ? ` — ${place}` : ''}`;
}

function keyOf(line: SaleLine, by: SalesGrouping): { key: string; label: string; order: string | number } {
  switch (by) {
    case 'film':
      return {
        key: String(line.showtime.movie_id),
        label: line.showtime.movie_title,
        order: line.showtime.movie_title.toLowerCase(),
      };
    case 'showtime':
      return {
        key: String(line.showtime.id),
        label: showtimeLabel(line.showtime, line.business_date),
        order: line.showtime.start_time,
      };
    case 'day':
      return { key: line.business_date, label: line.business_date, order: line.business_date };
    case 'ticket_type': {
      const key = line.ticket_type ?? 'none';
      return { key, label: key === 'none' ? 'No seat' : key.charAt(0).toUpperCase() + key.slice(1), order: key };
    }
    case 'promo_code':
      // Codes are stored upper case; "none" cannot clash with one (codes are upper case, it is not).
      return line.promo_code === null
        ? { key: 'none', label: 'No promo code', order: '' }
        : { key: line.promo_code, label: line.promo_code, order: line.promo_code };
    case 'payment_method':
      return { key: line.payment_method, label: PAYMENT_METHODS[line.payment_method], order: line.payment_method };
    default: {
      const never: never = by;
      throw new Error(`unknown grouping ${String(never)}`);
    }
  }
}

export function sumFigures(rows: Omit<SalesFigures, 'net'>[]): SalesFigures {
  const t = rows.reduce(
    (acc, r) => ({ admissions: acc.admissions + r.admissions, gross: acc.gross + r.gross, refunds: acc.refunds + r.refunds }),
    { admissions: 0, gross: 0, refunds: 0 },
  );
  return { ...t, net: t.gross - t.refunds };
}

/** Lines grouped into rows (in date, time or name order) and their totals; every grouping has the same totals. */
export function groupSales(lines: SaleLine[], by: SalesGrouping): { rows: SalesRow[]; totals: SalesFigures } {
  const groups = new Map<string, { label: string; order: string | number; lines: SaleLine[] }>();
  for (const line of lines) {
    const k = keyOf(line, by);
    const group = groups.get(k.key) ?? { label: k.label, order: k.order, lines: [] };
    group.lines.push(line);
    groups.set(k.key, group);
  }
  const rows = [...groups.entries()]
    .sort(([ka, a], [kb, b]) => (a.order < b.order ? -1 : a.order > b.order ? 1 : ka < kb ? -1 : ka > kb ? 1 : 0))
    .map(([key, g]) => ({ key, label: g.label, ...sumFigures(g.lines) }));
  return { rows, totals: sumFigures(lines) };
}

export type RangeCheck = { ok: true; days: number } | { ok: false; field: string; message: string };

/** A report's business days, `from` to `to` inclusive: real dates, in order, at most MAX_REPORT_DAYS. */
export function checkReportRange(from: string, to: string): RangeCheck {
  const range = checkDateRange(from, to, MAX_REPORT_DAYS);
  return range.ok ? { ok: true, days: range.days } : range;
}

/** The instants to read showtimes between: wide enough for any zone's business days from `from` to `to`. */
export function readWindow(from: string, to: string): { start: number; end: number } {
  const a = parseLocalDate(from);
  const b = parseLocalDate(to);
  if (!a || !b) throw new Error('readWindow needs checked dates');
  const day = 86_400_000;
  // UTC−12 to UTC+14, and a business day that may start as late as noon.
  return { start: Date.UTC(a.year, a.month - 1, a.day) - 2 * day, end: Date.UTC(b.year, b.month - 1, b.day) + 3 * day };
}

export function dateAfter(date: string, days: number): string {
  const d = parseLocalDate(date);
  if (!d) throw new Error(`not a date: ${date}`);
  return formatDate(addDays(d, days));
}
