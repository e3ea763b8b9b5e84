import type { Config } from '../../config.js';
import { formatCinemaTime } from '../../core/cinema-time.js';
import { type EmailPayload, mailDomain, parseEmailPayload } from '../../core/mail.js';
import { RESET_TOKEN_TTL_MS, resetKey, resetToken } from '../../core/password-reset.js';
import { walkInKey, walkInToken } from '../../core/walk-in-link.js';
import type { Db } from '../../db/database.js';
import { mailStore } from '../../db/stores/mail-store.js';
import type { Deps } from '../deps.js';
import { qrPng } from '../ticket-documents.js';
import { ticketService } from '../ticket-service.js';
import { type Mailer, mailerFor } from './mailer.js';
import { bookingCancelled } from './templates/booking-cancelled.js';
import { bookingConfirmed } from './templates/booking-confirmed.js';
import { latePaymentRefunded } from './templates/late-payment-refunded.js';
import type { RenderedEmail } from './templates/layout.js';
import { passwordReset } from './templates/password-reset.js';
import { showCancelled } from './templates/show-cancelled.js';
import { waitlistOffer } from './templates/waitlist-offer.js';

type MailDeps = Pick<Deps, 'db' | 'config' | 'clock'> & { mailer?: Mailer };

/** A payload that can never be sent as it is: the outbox keeps it, with this as the reason. */
export class UndeliverableEmail extends Error {
  override name = 'UndeliverableEmail';
}

const bookingUrl = (config: Config, reference: string) => `${config.publicUrl}/bookings/${encodeURIComponent(reference)}`;

/** A box-office sale's tickets, for its walk-in customer who has no account (core/walk-in-link.ts). */
const walkInUrl = (config: Config, reference: string) =>
  `${config.publicUrl}/api/walk-in/${walkInToken(walkInKey(config.secretKey), reference)}/tickets.pdf`;

async function loadBooking(db: Db, payload: EmailPayload) {
  const booking = await mailStore(db).booking(payload.booking_id as number);
  if (!booking) throw new UndeliverableEmail(`booking ${payload.booking_id} does not exist`);
  // A counter sale's account is the staff member who sold it: its customer is not greeted by their name.
  return booking.shift_id === null ? booking : { ...booking, full_name: 'there' };
}

/**
 * The booking's usable tickets as inline QR codes (none for a booking without tickets). The
 * printable PDF is a download on the booking's page, not an attachment: rendering one per
 * confirmation took a fifth of the server's CPU in a premiere rush (bench profile).
 */
async function confirmationTickets(deps: Pick<Deps, 'db' | 'config' | 'clock'>, bookingId: number) {
  const printable = await ticketService(deps).printableBooking(bookingId);
  const usable = printable.tickets.filter((t) => t.status !== 'void');
  if (usable.length === 0) return {};
  return {
    tickets: await Promise.all(usable.map(async (t) => ({ seat: t.seat, qrPng: await qrPng(t.token) }))),
  };
}

/**
 * Renders a payload's message from what the database holds now, or null when it is no longer
 * worth sending (a reset link that has expired or been used while the email waited).
 */
export async function renderEmail(
  payload: EmailPayload,
  deps: Pick<Deps, 'db' | 'config' | 'clock'>,
): Promise<RenderedEmail | null> {
  const { config, db } = deps;
  switch (payload.template) {
    case 'booking_confirmed': {
      const b = await loadBooking(db, payload);
      const tickets = await confirmationTickets(deps, b.id);
      return bookingConfirmed({
        customerName: b.full_name,
        reference: b.reference,
        movieTitle: b.movie_title,
        showtimeText: formatCinemaTime(b.start_time, b.time_zone ?? config.cinemaTimeZone),
        startTime: b.start_time,
        endTime: b.end_time,
        hall: b.hall,
        seats: b.seats.map((s) => s.label),
        totalAmount: b.total_amount,
        currency: b.currency,
        ...(b.shift_id === null
          ? { bookingUrl: bookingUrl(config, b.reference) }
          : { bookingUrl: walkInUrl(config, b.reference), walkIn: true }),
        calendarUid: `booking-${b.reference}@${mailDomain(config.publicUrl)}`,
        ...tickets,
      });
    }
    case 'booking_cancelled': {
      const b = await loadBooking(db, payload);
      const seats = payload.seat_ids ? await mailStore(db).seatLabels(payload.seat_ids) : b.seats.map((s) => s.label);
      const cancelledIds = new Set(payload.seat_ids ?? b.seats.map((s) => s.seat_id));
      return bookingCancelled({
        customerName: b.full_name,
        reference: b.reference,
        movieTitle: b.movie_title,
        showtimeText: formatCinemaTime(b.start_time, b.time_zone ?? config.cinemaTimeZone),
        seats,
        partial: payload.seat_ids !== undefined && b.seats.some((s) => !cancelledIds.has(s.seat_id)),
        refundAmount: payload.refund_amount ?? b.refund_amount ?? 0,
        currency: b.currency,
        bookingUrl: b.shift_id === null ? bookingUrl(config, b.reference) : null,
        cashRefund: b.payment_method === 'cash',
      });
    }
    case 'late_payment_refunded': {
      const b = await loadBooking(db, payload);
      return latePaymentRefunded({
        customerName: b.full_name,
        reference: b.reference,
        movieTitle: b.movie_title,
        showtimeText: formatCinemaTime(b.start_time, b.time_zone ?? config.cinemaTimeZone),
        seats: b.seats.map((s) => s.label),
        refundAmount: payload.refund_amount ?? b.total_amount,
        currency: b.currency,
        showtimeUrl: `${config.publicUrl}/showtimes/${b.event_id}`,
      });
    }
    case 'show_cancelled': {
      const b = await loadBooking(db, payload);
      const note = await mailStore(db).showCancelNote(b.event_id);
      return showCancelled({
        customerName: b.full_name,
        reference: b.reference,
        movieTitle: b.movie_title,
        showtimeText: formatCinemaTime(b.start_time, b.time_zone ?? config.cinemaTimeZone),
        seats: b.seats.map((s) => s.label),
        refundAmount: payload.refund_amount ?? 0,
        currency: b.currency,
        note,
        listingsUrl: `${config.publicUrl}/`,
        refundAtCounter: b.payment_method === 'cash',
        walkIn: b.shift_id !== null,
      });
    }
    case 'waitlist_offer': {
      const b = await loadBooking(db, payload);
      // Not worth sending once the hold is over or paid for (the email waited too long).
      if (b.status !== 'pending' && b.status !== 'awaiting_payment') return null;
      if (b.expires_at <= deps.clock.now()) return null;
      return waitlistOffer({
        customerName: b.full_name,
        reference: b.reference,
        movieTitle: b.movie_title,
        showtimeText: formatCinemaTime(b.start_time, b.time_zone ?? config.cinemaTimeZone),
        seats: b.seats.map((s) => s.label),
        totalAmount: b.total_amount,
        currency: b.currency,
        heldUntilText: formatCinemaTime(b.expires_at, b.time_zone ?? config.cinemaTimeZone),
        payUrl: `${config.publicUrl}/checkout/${encodeURIComponent(b.reference)}`,
      });
    }
    case 'password_reset': {
      const reset = await mailStore(db).resetWithUser(payload.reset_id as number);
      // A link that can no longer be used is not worth sending (the email waited too long).
      if (!reset || reset.used_at !== null || reset.expires_at <= deps.clock.now()) return null;
      const token = resetToken(resetKey(config.secretKey), reset.id, reset.salt);
      return passwordReset({
        customerName: reset.full_name,
        resetUrl: `${config.publicUrl}/reset-password?token=${token}`,
        validMinutes: RESET_TOKEN_TTL_MS / 60_000,
      });
    }
    default: {
      const unknown: never = payload.template;
      throw new UndeliverableEmail(`unknown email template ${String(unknown)}`);
    }
  }
}

/**
 * The outbox's email handler: renders the message and sends it (SMTP_URL) or writes it as an .eml
 * file. Throws when it could not (SMTP down, timed out): the outbox keeps the email and retries.
 * The Message-ID and Date come from the payload, so every attempt sends the same message.
 */
export async function deliverEmail(payload: EmailPayload, deps: MailDeps): Promise<void> {
  const email = await renderEmail(payload, deps);
  if (!email) return;
  const mailer = deps.mailer ?? mailerFor(deps.config);
  await mailer.send({
    messageId: payload.message_id,
    date: new Date(payload.date),
    to: payload.to,
    subject: email.subject,
    text: email.text,
    html: email.html,
    ...(email.attachments ? { attachments: email.attachments } : {}),
  });
}

/** The handler to register with the outbox worker for kind `email` (EMAIL_KIND). */
export function emailHandler(deps: MailDeps): (payload: unknown) => Promise<void> {
  return async (payload) => {
    const email = parseEmailPayload(payload);
    if (!email) throw new UndeliverableEmail('the outbox row is not an email payload this version can send');
    await deliverEmail(email, deps);
  };
}
