import type { AdminEvent, Hall } from '../contract/admin.js';
import type { User } from '../contract/auth.js';
import type { Booking } from '../contract/bookings.js';
import type { EventSummary, Movie } from '../contract/catalogue.js';
import { effectiveStatus, transition } from '../core/booking-lifecycle.js';
import { businessDate, toZonedIso } from '../core/cinema-time.js';
import { isComingSoon, isRatingSystem } from '../core/film-details.js';
import { formatShapeText, rowRangesOf, sellableCount, widthOf } from '../core/hall-shape.js';
import { toMajorUnits } from '../core/money.js';
import { cancellationDeadline, type RefundPolicy } from '../core/refund-policy.js';
import { toIso } from '../core/schedule.js';
import { type PriceCard, priceRanges, ticketLabel, ticketPrice } from '../core/ticket-pricing.js';
import type { BookingDetailRow } from '../db/stores/booking-read-store.js';
import type { EventSummaryRow } from '../db/stores/event-store.js';
import type { HallRow } from '../db/stores/hall-store.js';
import type { MovieRow } from '../db/stores/movie-store.js';
import { priceCardOf } from '../db/stores/pricing-store.js';
import type { UserRow } from '../db/stores/user-store.js';

/** Rows to API shapes: minor units become major-unit decimals, epoch milliseconds become ISO 8601. */

export const presentUser = (u: UserRow): User => ({
  id: u.id,
  email: u.email,
  full_name: u.full_name,
  role: u.role,
  is_active: u.is_active === 1,
  created_at: toIso(u.created_at),
});

/** Names stored as a JSON array; anything else reads as no cast. */
function castOf(text: string | null): string[] {
  if (!text) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((name): name is string => typeof name === 'string') : [];
  } catch {
    return [];
  }
}

/** Where the uploaded poster is served; the version changes the URL whenever the poster does. */
export const posterPath = (movieId: number, size: 'small' | 'large', etag: string) =>
  `/api/movies/${movieId}/poster?size=${size}&v=${encodeURIComponent(etag.replaceAll('"', '').slice(0, 16))}`;

/** `today` is the cinema's business day (YYYY-MM-DD): a film released after it is coming soon. */
export const presentMovie = (m: MovieRow, today: string): Movie => ({
  id: m.id,
  title: m.title,
  description: m.description,
  duration_minutes: m.duration_minutes,
  genre: m.genre,
  rating: m.rating,
  rating_system: isRatingSystem(m.rating_system) ? m.rating_system : null,
  poster_url: m.poster_etag ? posterPath(m.id, 'large', m.poster_etag) : m.poster_url,
  has_poster: m.poster_etag !== null,
  release_date: m.release_date,
  cast: castOf(m.cast_names),
  director: m.director,
  language: m.language,
  subtitles: m.subtitles,
  trailer_url: m.trailer_url,
  coming_soon: isComingSoon({ releaseDate: m.release_date, upcomingShowtimes: m.upcoming_showtimes }, today),
});

/** The business day at `now` in the default cinema zone: what "released yet" is measured against. */
export const cinemaToday = (now: number, local: LocalTimeSettings) =>
  businessDate(now, local.defaultZone, local.businessDayStartMinutes);

/** How showtimes read: the zone of a cinema that has none set, and when the business day starts. */
export type LocalTimeSettings = { defaultZone: string; businessDayStartMinutes: number };

export const localTimeSettings = (config: { cinemaTimeZone: string; businessDayStartMinutes: number }): LocalTimeSettings => ({
  defaultZone: config.cinemaTimeZone,
  businessDayStartMinutes: config.businessDayStartMinutes,
});

/** A showtime's times carry its cinema's offset (`2026-12-05T19:30:00+09:00`), with its zone and business day. */
export const presentEvent = (e: EventSummaryRow, local: LocalTimeSettings): EventSummary => {
  const zone = e.time_zone ?? local.defaultZone;
  return {
    event_id: e.id,
    movie_id: e.movie_id,
    movie_title: e.movie_title,
    movie_description: e.movie_description,
    start_time: toZonedIso(e.start_time, zone),
    end_time: toZonedIso(e.end_time, zone),
    time_zone: zone,
    business_date: businessDate(e.start_time, zone, local.businessDayStartMinutes),
    cinema_id: e.cinema_id ?? null,
    cinema: e.cinema ?? null,
    ...presentEventCounts(e),
  };
};

const presentEventCounts = (e: EventSummaryRow) => ({
  hall: e.hall,
  hall_id: e.hall_id,
  total_seats: e.total_seats,
  available_seats: Number(e.available_seats),
  price_from: toMajorUnits(Number(e.price_from ?? e.base_price) + Number(e.format_surcharge), e.currency),
  currency: e.currency,
  cancelled: e.cancelled_at !== null,
  cancel_note: e.cancel_note,
  format: e.format,
  format_surcharge: toMajorUnits(Number(e.format_surcharge), e.currency),
});

/**
 * A showtime's ticket types with their price in each seat category (a category's price falls back
 * to its cheapest seat's), and the range per category: what the seat map and the admin show.
 */
export function presentPricing(card: PriceCard, seats: { category: string; price: number }[], currency: string) {
  const cheapest = new Map<string, number>();
  for (const seat of seats) cheapest.set(seat.category, Math.min(cheapest.get(seat.category) ?? seat.price, seat.price));
  const major = (minor: number) => toMajorUnits(minor, currency);
  return {
    format: card.format,
    format_surcharge: major(card.surcharge),
    ticket_types: card.types.map((t) => ({
      code: t.code,
      label: t.label,
      prices: Object.fromEntries(
        [...cheapest].map(([category, price]) => [category, major(ticketPrice(card, t.code, category, price))]),
      ),
    })),
    price_ranges: priceRanges(card, seats).map((r) => ({ category: r.category, min: major(r.min), max: major(r.max) })),
  };
}

export const presentAdminEvent = (e: EventSummaryRow, local: LocalTimeSettings): AdminEvent => ({
  ...presentEvent(e, local),
  id: e.id,
  price: toMajorUnits(e.base_price, e.currency),
  booked_seats: Number(e.booked_seats),
  locked_seats: Number(e.locked_seats),
  has_active_bookings: Number(e.has_active_bookings) === 1,
  admitted_seats: Number(e.admitted_seats ?? 0),
  waitlist_waiting: Number(e.waitlist_waiting ?? 0),
});

export const presentHall = (h: HallRow): Hall => ({
  id: h.id,
  name: h.name,
  rows: h.layout.rows.length,
  seats_per_row: widthOf(h.layout),
  total_seats: sellableCount(h.layout),
  categories: rowRangesOf(h.layout),
  layout: { rows: h.layout.rows, text: formatShapeText(h.layout.rows), categories: h.layout.categories },
  single_seat_rule: h.single_seat_rule,
  cinema_id: h.cinema_id,
  created_at: toIso(h.created_at),
});

/**
 * A booking as its owner and staff see it, with what cancelling it now would give back under the
 * refund policy (core decides; the web shows it before the customer confirms).
 */
export const presentBooking = (b: BookingDetailRow, now: number, policy: RefundPolicy, defaultZone: string): Booking => ({
  booking_reference: b.reference,
  status: effectiveStatus({ status: b.status, expiresAt: b.expires_at }, now),
  event_id: b.event_id,
  movie_id: b.movie_id,
  movie_title: b.movie_title,
  start_time: toZonedIso(b.start_time, b.time_zone ?? defaultZone),
  time_zone: b.time_zone ?? defaultZone,
  hall: b.hall,
  seat_ids: b.seats.map((s) => s.seat_id),
  seats: b.seats.map((s) => s.label),
  breakdown: breakdownOf(b),
  total_amount: toMajorUnits(b.total_amount, b.currency),
  discount_amount: toMajorUnits(b.discount_amount, b.currency),
  promo_code: b.promo_code,
  refund_amount: b.refund_amount === null ? null : toMajorUnits(b.refund_amount, b.currency),
  cash_refund_due: toMajorUnits(b.cash_refund_due, b.currency),
  currency: b.currency,
  expires_at: toIso(b.expires_at),
  created_at: toIso(b.created_at),
  paid_at: b.paid_at === null ? null : toIso(b.paid_at),
  cancelled_at: b.cancelled_at === null ? null : toIso(b.cancelled_at),
  cancel_reason: b.cancel_reason,
  payment_id: b.payment_id,
  user_id: b.user_id,
  user_email: b.user_email,
  disputed: b.disputed_at !== null,
  cancellation: cancellationTerms(b, now, policy),
  refund_policy: {
    cancel_until: toIso(cancellationDeadline(b.start_time, policy)),
    fee: toMajorUnits(policy.feeMinor, b.currency),
    fee_percent: policy.feePercent,
  },
});

function breakdownOf(b: BookingDetailRow): Booking['breakdown'] {
  const card = priceCardOf(b);
  return b.seats.map((s) => ({
    seat_id: s.seat_id,
    seat: s.label,
    ticket_type: s.ticket_type,
    ticket_label: ticketLabel(card, s.ticket_type),
    surcharge: toMajorUnits(s.surcharge, b.currency),
    price: toMajorUnits(s.price, b.currency),
    ...(b.promo_code === null ? {} : { discount: toMajorUnits(s.discount, b.currency) }),
  }));
}

function cancellationTerms(b: BookingDetailRow, now: number, policy: RefundPolicy): Booking['cancellation'] {
  // Core decides, exactly as the cancel itself would (whole booking, as the customer).
  const decision = transition(
    {
      status: b.status,
      expiresAt: b.expires_at,
      seats: b.seats.map((s) => ({ seatId: s.seat_id, price: s.price - s.discount })),
      holdExtendedAt: null,
      showtimeStart: b.start_time,
    },
    { type: 'cancel', now, by: 'customer', policy },
  );
  const held = b.status === 'pending' || b.status === 'awaiting_payment';
  const until = held ? b.expires_at : cancellationDeadline(b.start_time, policy);
  if (!decision.ok) return { allowed: false, until: b.status === 'confirmed' ? toIso(until) : null, refund_amount: 0, fee: 0 };
  return {
    allowed: true,
    until: toIso(until),
    refund_amount: toMajorUnits(decision.refund, b.currency),
    fee: toMajorUnits(decision.fee, b.currency),
  };
}
