import type { AuditEntry } from '../../../../contract/admin';

/** The actions the server records, grouped for the filter. */
export const AUDIT_ACTIONS = [
  { group: 'Movies', items: ['movie.create', 'movie.update', 'movie.delete'] },
  { group: 'Halls', items: ['hall.create', 'hall.update', 'hall.delete'] },
  { group: 'Showtimes', items: ['event.create', 'event.update', 'event.delete'] },
  { group: 'Bookings', items: ['booking.hold', 'booking.confirm', 'booking.cancel', 'booking.expire'] },
];

export const AUDIT_TARGET_TYPES = [
  { value: 'movie', label: 'Movie' },
  { value: 'hall', label: 'Hall' },
  { value: 'event', label: 'Showtime' },
  { value: 'booking', label: 'Booking' },
];

const TARGET_NAMES: Record<string, string> = { movie: 'Movie', hall: 'Hall', event: 'Showtime', booking: 'Booking' };

/** "Movie 12", "Booking K7QX2M"; the raw type for kinds this screen does not know yet. */
export function targetText(entry: Pick<AuditEntry, 'target_type' | 'target_id'>): string {
  const name = TARGET_NAMES[entry.target_type] ?? entry.target_type;
  return entry.target_id ? `${name} ${entry.target_id}` : name;
}

/** One short line of what else was recorded: the reason, or the request that did it. */
export function detailText(details: AuditEntry['details']): string | null {
  if (typeof details.reason === 'string') return details.reason;
  if (typeof details.method === 'string' && typeof details.path === 'string') return `${details.method} ${details.path}`;
  return null;
}

const timestamp = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** To the second: the order of events is the point of an audit log. */
export const formatAuditTime = (iso: string) => timestamp.format(new Date(iso));
