/**
 * What each audit-log action means, in the words an admin would use. One table for the server
 * (the `label` of GET /api/admin/audit) and the web app (the audit screen and its filter), so an
 * action can never be recorded without a plain name, or named two ways.
 */
export const AUDIT_LABELS = {
  'auth.register': 'Account registered',
  'auth.login': 'Signed in',
  'auth.login_failed': 'Sign-in failed',
  'auth.lockout': 'Account locked after too many failed sign-ins',
  'auth.logout': 'Signed out',
  'auth.password_change': 'Password changed',
  'auth.password_reset_request': 'Password reset link requested',
  'auth.password_reset': 'Password reset with an emailed link',
  'auth.refresh_reuse': 'Refresh token reused: all sessions from that sign-in ended',
  'admin.create': 'Admin created',
  'user.role_change': 'Role changed',
  'movie.create': 'Movie added',
  'movie.update': 'Movie changed',
  'movie.delete': 'Movie deleted',
  'movie.poster_upload': 'Movie poster uploaded',
  'movie.poster_delete': 'Movie poster removed',
  'hall.create': 'Hall added',
  'hall.update': 'Hall changed',
  'hall.delete': 'Hall deleted',
  'event.create': 'Showtime scheduled',
  'event.update': 'Showtime changed',
  'event.delete': 'Showtime deleted',
  'showtime.cancel': 'Showtime cancelled (bookings refunded)',
  'waitlist.offer': 'Seats held for the waitlist',
  'event.price_card': 'Showtime ticket prices or format changed',
  'settings.child_restricted_ratings': 'Ratings without child tickets changed',
  'booking.hold': 'Seats held',
  'booking.checkout': 'Payment started with the card provider (hold extended once)',
  'booking.confirm': 'Booking paid',
  'booking.cancel': 'Booking cancelled',
  'booking.expire': 'Hold expired',
  'payment.decline': 'Payment declined',
  'payment.refund': 'Payment refunded (arrived after the hold or a cancellation)',
  'payment.dispute': 'Payment disputed by the bank',
  'booking.reassign': 'Imported booking given to its customer',
  'prototype.import': 'Imported from the prototype',
  'box_office.shift_open': 'Box office shift opened',
  'box_office.shift_close': 'Box office shift closed with the cash counted',
} as const satisfies Record<string, string>;

export type AuditAction = keyof typeof AUDIT_LABELS;

/** The actions grouped as the audit screen's filter offers them; every action is in one group. */
export const AUDIT_ACTION_GROUPS: { group: string; actions: AuditAction[] }[] = [
  {
    group: 'Sign-in and accounts',
    actions: [
      'auth.login',
      'auth.login_failed',
      'auth.lockout',
      'auth.logout',
      'auth.password_change',
      'auth.password_reset_request',
      'auth.password_reset',
      'auth.refresh_reuse',
      'auth.register',
      'admin.create',
      'user.role_change',
    ],
  },
  { group: 'Movies', actions: ['movie.create', 'movie.update', 'movie.delete', 'movie.poster_upload', 'movie.poster_delete'] },
  { group: 'Halls', actions: ['hall.create', 'hall.update', 'hall.delete'] },
  {
    group: 'Showtimes',
    actions: [
      'event.create',
      'event.update',
      'event.delete',
      'event.price_card',
      'settings.child_restricted_ratings',
      'showtime.cancel',
      'waitlist.offer',
    ],
  },
  {
    group: 'Bookings and payments',
    actions: [
      'booking.hold',
      'booking.checkout',
      'booking.confirm',
      'booking.cancel',
      'booking.expire',
      'payment.decline',
      'payment.refund',
      'payment.dispute',
      'booking.reassign',
      'prototype.import',
    ],
  },
  { group: 'Box office', actions: ['box_office.shift_open', 'box_office.shift_close'] },
];

/** How the attempt ended: refused by a rule (`blocked`) is not the same as a wrong guess (`failure`). */
export const AUDIT_OUTCOMES = ['success', 'failure', 'blocked'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export const OUTCOME_LABELS: Record<AuditOutcome, string> = {
  success: 'Succeeded',
  failure: 'Failed',
  blocked: 'Blocked',
};

const isKnown = (action: string): action is AuditAction => Object.hasOwn(AUDIT_LABELS, action);

/** The plain name of an action; an action this table does not know yet shows as recorded. */
export function auditLabel(action: string): string {
  return isKnown(action) ? AUDIT_LABELS[action] : action;
}

/** Sign-in and account events with no actor were anonymous requests; other actor-less ones the system did. */
export function actorlessName(action: string): 'anonymous' | 'system' {
  return action.startsWith('auth.') || action.startsWith('admin.') ? 'anonymous' : 'system';
}

const EMAIL_SHAPE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * What a failed sign-in may record as the account tried. People type passwords into the email
 * box; anything that is not shaped like an email address is therefore left out of the log.
 */
export function auditableSignInName(typed: string): string | null {
  const name = typed.trim().toLowerCase();
  return name.length <= 254 && EMAIL_SHAPE.test(name) ? name : null;
}
