import type { AdminEvent } from '../../../../contract/admin';
import { type ApiError, isApiError } from '../../../api/client';
import { errorText } from '../../../lib/fieldErrors';
import { formatShowtime } from '../../../lib/format';

/**
 * The server's refusals in plain words. An overlap names the showtime it clashes with by id;
 * the admin knows showtimes by film and time, so say it that way.
 */
export function showtimeRefusal(error: unknown, showtimes: AdminEvent[]): string | null {
  if (!error) return null;
  if (isApiError(error, 'SHOWTIME_OVERLAP')) {
    const id = Number(/showtime (\d+)/.exec(error.message)?.[1]);
    const other = showtimes.find((s) => s.event_id === id);
    const clash = other ? `“${other.movie_title}” at ${formatShowtime(other)}` : 'another showtime';
    return `The hall is busy then: this would overlap ${clash}. Each showing needs the film's length plus the cleaning break. Pick another time or hall.`;
  }
  if (isApiError(error, 'HAS_ACTIVE_BOOKINGS')) {
    return `${(error as ApiError).message}. Customers hold tickets for it, so it is protected.`;
  }
  return errorText(error);
}
