import type { Booking } from '../../../contract/bookings';

/**
 * Upcoming: a showtime still ahead that the booking still counts for (paid, or a hold not yet
 * run out). Everything else (shown, cancelled, expired) is past. Soonest first, then latest first.
 */
export function splitBookings(bookings: readonly Booking[], now: number): { upcoming: Booking[]; past: Booking[] } {
  const startOf = (b: Booking) => new Date(b.start_time).getTime();
  const held = (b: Booking) => b.status === 'pending' || b.status === 'awaiting_payment';
  const live = (b: Booking) => b.status === 'confirmed' || (held(b) && new Date(b.expires_at).getTime() > now);
  const upcoming = bookings.filter((b) => startOf(b) > now && live(b)).sort((a, b) => startOf(a) - startOf(b));
  const past = bookings.filter((b) => !upcoming.includes(b)).sort((a, b) => startOf(b) - startOf(a));
  return { upcoming, past };
}
