import type { AuditEntry } from '../../../../contract/admin';
import { AUDIT_ACTION_GROUPS, type AuditOutcome, actorlessName, auditLabel, OUTCOME_LABELS } from '../../../../core/audit-labels';

/** The actions the server records, grouped and in plain words, for the filter. */
export const AUDIT_ACTIONS = AUDIT_ACTION_GROUPS.map(({ group, actions }) => ({
  group,
  items: actions.map((action) => ({ value: action, label: auditLabel(action) })),
}));

export const AUDIT_TARGET_TYPES = [
  { value: 'user', label: 'Account' },
  { value: 'movie', label: 'Movie' },
  { value: 'hall', label: 'Hall' },
  { value: 'event', label: 'Showtime' },
  { value: 'booking', label: 'Booking' },
];

export const AUDIT_OUTCOME_OPTIONS = Object.entries(OUTCOME_LABELS).map(([value, label]) => ({ value, label }));

const TARGET_NAMES: Record<string, string> = {
  user: 'Account',
  movie: 'Movie',
  hall: 'Hall',
  event: 'Showtime',
  booking: 'Booking',
};

/**
 * "Movie 12", "Booking K7QX2M", an account by its email; the raw type for kinds this screen does
 * not know yet. A sign-in attempt whose typed name was not an email address names no account.
 */
export function targetText(entry: Pick<AuditEntry, 'target_type' | 'target_id'> & { target_email?: string | null }): string {
  if (entry.target_type === 'user') {
    if (entry.target_email) return entry.target_email;
    return entry.target_id ? `Account ${entry.target_id}` : 'Account not recorded';
  }
  const name = TARGET_NAMES[entry.target_type] ?? entry.target_type;
  return entry.target_id ? `${name} ${entry.target_id}` : name;
}

/** Who did it: the actor's email, or who acts without an account (a visitor, or the system). */
export function actorText(entry: Pick<AuditEntry, 'actor_id' | 'actor_email' | 'action'>): string {
  if (entry.actor_id === null) return actorlessName(entry.action);
  return entry.actor_email ?? `Account ${entry.actor_id}`;
}

/** "Succeeded", "Failed", "Blocked"; older entries recorded no outcome. */
export const outcomeText = (outcome: AuditOutcome | null): string | null => (outcome ? OUTCOME_LABELS[outcome] : null);

/** One short line of why, when the entry says: the reason, or how long a locked account waits. */
export function detailText(details: AuditEntry['details']): string | null {
  if (typeof details.reason === 'string') return details.reason;
  if (typeof details.retry_after_seconds === 'number') {
    const minutes = Math.ceil(details.retry_after_seconds / 60);
    return `may try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
  }
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
