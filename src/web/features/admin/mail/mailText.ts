import type { WaitingMail } from '../../../../contract/mail';

export const TEMPLATE_LABELS: Record<NonNullable<WaitingMail['template']>, string> = {
  booking_confirmed: 'Booking confirmation',
  booking_cancelled: 'Cancellation and refund',
  late_payment_refunded: 'Late payment refunded',
  show_cancelled: 'Showtime cancelled by the cinema',
  waitlist_offer: 'Waitlist: seats held for you',
  password_reset: 'Password reset link',
};

export const templateLabel = (template: WaitingMail['template']) => (template ? TEMPLATE_LABELS[template] : 'Unreadable email');

/** Why an email waits, in words: its last error, or that it has not been tried yet. */
export function waitingReason(mail: WaitingMail): string {
  if (mail.attempts === 0) return 'Not tried yet';
  const tries = mail.attempts === 1 ? '1 failed try' : `${mail.attempts} failed tries`;
  return mail.last_error ? `${tries}: ${mail.last_error}` : tries;
}
