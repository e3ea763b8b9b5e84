import { clockText, DEFAULT_BUSINESS_DAY_START_MINUTES } from './cinema-time.js';
import { occupancyHeatmap } from './occupancy-heatmap.js';

/** Dashboard figures from raw counts: occupancy, totals, and a gap-free series of the last 30 days. */

const DAY = 86_400_000;
export const ANALYTICS_DAYS = 30;

export type ShowtimeCounts = {
  id: number;
  movie_title: string;
  start_time: number;
  hall: string | null;
  /** The cinema's zone; null falls back to `defaultZone`. */
  time_zone?: string | null;
  cancelled_at?: number | null;
  total_seats: number;
  booked_seats: number | string;
  held_seats: number | string;
  available_seats: number | string;
  revenue: number | string;
};

export type BookingCounts = { confirmed: number; pending: number; cancelled: number; expired: number; revenue: number };
export type DayCounts = { day: number | string; bookings: number | string; revenue: number | string };
/** Seats sold (paid and not cancelled) per ticket type, and what they were sold at. */
export type TicketTypeCounts = { ticket_type: string; seats: number | string; revenue: number | string };
/** Paid bookings per promo code: how many, the discount given and what they brought in (refunds out). */
export type PromoCodeCounts = { code: string; bookings: number | string; discount: number | string; revenue: number | string };

export function occupancyRate(booked: number, total: number): number {
  if (total === 0) return 0;
  return Math.round((booked / total) * 10000) / 100;
}

export function summarizeAnalytics(input: {
  now: number;
  currency: string;
  showtimes: ShowtimeCounts[];
  counts: BookingCounts;
  days: DayCounts[];
  ticketTypes?: TicketTypeCounts[];
  /** The zone of showtimes whose cinema has none (CINEMA_TIME_ZONE). */
  defaultZone?: string;
  /** BUSINESS_DAY_START in minutes after midnight (04:00 when not given). */
  businessDayStartMinutes?: number;
  promoCodes?: PromoCodeCounts[];
  toMajor: (minor: number) => number;
  toIso: (ms: number) => string;
}) {
  const perShowtime = input.showtimes.map((s) => {
    const booked = Number(s.booked_seats);
    return {
      event_id: s.id,
      movie_title: s.movie_title,
      start_time: input.toIso(s.start_time),
      time_zone: s.time_zone ?? input.defaultZone ?? 'UTC',
      hall: s.hall,
      total_seats: s.total_seats,
      booked_seats: booked,
      held_seats: Number(s.held_seats),
      available_seats: Number(s.available_seats),
      occupancy_rate: occupancyRate(booked, s.total_seats),
      revenue: input.toMajor(Number(s.revenue)),
    };
  });
  const sum = (pick: (s: (typeof perShowtime)[number]) => number) => perShowtime.reduce((acc, s) => acc + pick(s), 0);
  const totalSeats = sum((s) => s.total_seats);
  const bookedSeats = sum((s) => s.booked_seats);

  const byDay = new Map(input.days.map((d) => [Number(d.day), d]));
  const today = Math.floor(input.now / DAY);
  const perDay = Array.from({ length: ANALYTICS_DAYS }, (_, i) => {
    const day = today - (ANALYTICS_DAYS - 1) + i;
    const row = byDay.get(day);
    return {
      date: input.toIso(day * DAY).slice(0, 10),
      bookings: Number(row?.bookings ?? 0),
      revenue: input.toMajor(Number(row?.revenue ?? 0)),
    };
  });

  return {
    currency: input.currency,
    totals: {
      showtimes: perShowtime.length,
      upcoming_showtimes: input.showtimes.filter((s) => s.start_time > input.now).length,
      total_seats: totalSeats,
      booked_seats: bookedSeats,
      held_seats: sum((s) => s.held_seats),
      available_seats: sum((s) => s.available_seats),
      occupancy_rate: occupancyRate(bookedSeats, totalSeats),
      confirmed_bookings: input.counts.confirmed,
      pending_bookings: input.counts.pending,
      cancelled_bookings: input.counts.cancelled,
      expired_bookings: input.counts.expired,
      revenue: input.toMajor(input.counts.revenue),
    },
    per_showtime: perShowtime.filter((s) => Date.parse(s.start_time) > input.now - DAY),
    per_day: perDay,
    by_ticket_type: (input.ticketTypes ?? [])
      .map((t) => ({ ticket_type: t.ticket_type, seats: Number(t.seats), revenue: input.toMajor(Number(t.revenue)) }))
      .sort((a, b) => b.seats - a.seats || a.ticket_type.localeCompare(b.ticket_type)),
    // Cancelled showtimes sold nothing that played; they would only pull their hour down.
    occupancy_heatmap: occupancyHeatmap(
      input.showtimes
        .filter((s) => s.cancelled_at == null)
        .map((s) => ({
          start_time: s.start_time,
          time_zone: s.time_zone ?? input.defaultZone ?? 'UTC',
          sold: Number(s.booked_seats),
          capacity: s.total_seats,
        })),
      input.businessDayStartMinutes,
    ),
    business_day_start: clockText(input.businessDayStartMinutes ?? DEFAULT_BUSINESS_DAY_START_MINUTES),
    by_promo_code: (input.promoCodes ?? [])
      .map((p) => ({
        code: p.code,
        bookings: Number(p.bookings),
        discount: input.toMajor(Number(p.discount)),
        revenue: input.toMajor(Number(p.revenue)),
      }))
      .sort((a, b) => b.bookings - a.bookings || a.code.localeCompare(b.code)),
  };
}
