/**
 * The emails bookmemovie sends, as data. A payload names the template, the recipient and the
 * records the message is about; the outbox stores it as JSON and the email handler loads what the
 * template shows at delivery time. Its Message-ID is decided here, once, from the booking (or the
 * reset) and the kind of message: a retried delivery sends the same message again, never a second
 * different one.
 */

export const EMAIL_TEMPLATES = [
  'booking_confirmed',
  'booking_cancelled',
  'late_payment_refunded',
  'show_cancelled',
  'waitlist_offer',
  'password_reset',
] as const;
export type EmailTemplate = (typeof EMAIL_TEMPLATES)[number];

/** The outbox `kind` of an email effect. */
export const EMAIL_KIND = 'email';

export type EmailPayload = {
  template: EmailTemplate;
  to: string;
  /** `<…@host>`, fixed when the email is decided. */
  message_id: string;
  /** When the email was decided (epoch ms): its Date header, the same on every retry. */
  date: number;
  booking_id?: number;
  /** Tells one cancellation of a booking from another (partial cancellations). */
  cancellation_id?: string;
  /** The seats this cancellation gave back; absent: every seat of the booking. */
  seat_ids?: number[];
  reset_id?: number;
  /** Minor units. */
  refund_amount?: number;
};

/** The outbox row for an email: one topic per booking (or per account), so they go out in order. */
export type EmailEffect = { topic: string; kind: typeof EMAIL_KIND; payload: EmailPayload };

/** The host of the public address: every Message-ID is made there. */
export function mailDomain(publicUrl: string): string {
  try {
    return new URL(publicUrl).hostname || 'localhost';
  } catch {
    return 'localhost';
  }
}

/** Only characters that are safe in a Message-ID's left part and in a file name. */
const idPart = (value: string | number) => String(value).replace(/[^A-Za-z0-9.-]/g, '-');

export function messageId(parts: (string | number)[], domain: string): string {
  return `<${parts.map(idPart).join('-')}@${domain}>`;
}

type BookingRef = { id: number; reference: string; userId: number };
type Base = { to: string; publicUrl: string; now: number };

const bookingTopic = (booking: BookingRef) => `booking:${booking.id}`;

function effect(topic: string, payload: EmailPayload): EmailEffect {
  return { topic, kind: EMAIL_KIND, payload };
}

export function bookingConfirmedEmail(booking: BookingRef, base: Base): EmailEffect {
  return effect(bookingTopic(booking), {
    template: 'booking_confirmed',
    to: base.to,
    message_id: messageId(['booking', booking.reference, 'confirmed'], mailDomain(base.publicUrl)),
    date: base.now,
    booking_id: booking.id,
  });
}

/**
 * A cancellation, whole or partial. `cancellationId` tells cancellations of one booking apart (a
 * partial cancellation, then the rest): each has its own message.
 */
export function bookingCancelledEmail(
  booking: BookingRef,
  cancellation: { id: string; refundAmount: number; seatIds?: number[] },
  base: Base,
): EmailEffect {
  return effect(bookingTopic(booking), {
    template: 'booking_cancelled',
    to: base.to,
    message_id: messageId(['booking', booking.reference, 'cancelled', cancellation.id], mailDomain(base.publicUrl)),
    date: base.now,
    booking_id: booking.id,
    cancellation_id: cancellation.id,
    refund_amount: cancellation.refundAmount,
    ...(cancellation.seatIds ? { seat_ids: [...cancellation.seatIds] } : {}),
  });
}

/** The money came after the hold had expired and the seats were sold again: it was refunded. */
export function latePaymentRefundedEmail(booking: BookingRef, refundAmount: number, base: Base): EmailEffect {
  return effect(bookingTopic(booking), {
    template: 'late_payment_refunded',
    to: base.to,
    message_id: messageId(['booking', booking.reference, 'late-payment-refunded'], mailDomain(base.publicUrl)),
    date: base.now,
    booking_id: booking.id,
    refund_amount: refundAmount,
  });
}

/** The cinema cancelled the showtime: the booking is cancelled and refunded in full (when it was paid). */
export function showCancelledEmail(booking: BookingRef, refundAmount: number, base: Base): EmailEffect {
  return effect(bookingTopic(booking), {
    template: 'show_cancelled',
    to: base.to,
    message_id: messageId(['booking', booking.reference, 'show-cancelled'], mailDomain(base.publicUrl)),
    date: base.now,
    booking_id: booking.id,
    refund_amount: refundAmount,
  });
}

/** Seats freed up for someone on the waitlist: they are held for them; the email links to paying. */
export function waitlistOfferEmail(booking: BookingRef, base: Base): EmailEffect {
  return effect(bookingTopic(booking), {
    template: 'waitlist_offer',
    to: base.to,
    message_id: messageId(['booking', booking.reference, 'waitlist-offer'], mailDomain(base.publicUrl)),
    date: base.now,
    booking_id: booking.id,
  });
}

/** The link's token is not in the payload: the handler derives it again from the reset row. */
export function passwordResetEmail(reset: { id: number; userId: number }, base: Base): EmailEffect {
  return effect(`user:${reset.userId}`, {
    template: 'password_reset',
    to: base.to,
    message_id: messageId(['password-reset', reset.id], mailDomain(base.publicUrl)),
    date: base.now,
    reset_id: reset.id,
  });
}

/** Reads a payload back from the outbox's JSON; null when it is not one this code can send. */
export function parseEmailPayload(value: unknown): EmailPayload | null {
  if (typeof value !== 'object' || value === null) return null;
  const p = value as Record<string, unknown>;
  if (!EMAIL_TEMPLATES.includes(p.template as EmailTemplate)) return null;
  if (typeof p.to !== 'string' || typeof p.message_id !== 'string' || typeof p.date !== 'number') return null;
  if (!/^<[^<>\s]+@[^<>\s]+>$/.test(p.message_id)) return null;
  const needs: Record<EmailTemplate, string> = {
    booking_confirmed: 'booking_id',
    booking_cancelled: 'booking_id',
    late_payment_refunded: 'booking_id',
    show_cancelled: 'booking_id',
    waitlist_offer: 'booking_id',
    password_reset: 'reset_id',
  };
  if (typeof p[needs[p.template as EmailTemplate]] !== 'number') return null;
  return value as EmailPayload;
}

/** The .eml file a message is kept in (no SMTP server): named after its Message-ID, so a retry overwrites it. */
export function emlFileName(id: string): string {
  return `${id.replace(/^<|>$/g, '').replace(/[^A-Za-z0-9.@-]/g, '_')}.eml`;
}

/** A stored message's id in the admin API: its file name without `.eml`; nothing that could leave the folder. */
export const STORED_MESSAGE_ID = /^[A-Za-z0-9@_-][A-Za-z0-9.@_-]{0,199}$/;

export function isStoredMessageId(id: string): boolean {
  return STORED_MESSAGE_ID.test(id) && !id.includes('..');
}
