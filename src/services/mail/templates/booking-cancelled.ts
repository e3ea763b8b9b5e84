import {
  button,
  detailRows,
  escapeHtml,
  formatAmount,
  htmlDocument,
  type RenderedEmail,
  TEXT_FOOTER,
  WALK_IN_TEXT_FOOTER,
} from './layout.js';

export type BookingCancelledData = {
  customerName: string;
  reference: string;
  movieTitle: string;
  showtimeText: string;
  /** The seats this cancellation gave back. */
  seats: string[];
  /** Whether seats of the booking remain confirmed (a partial cancellation). */
  partial: boolean;
  refundAmount: number;
  currency: string;
  /** Null for a box-office sale: its walk-in customer has no account to open the booking with. */
  bookingUrl: string | null;
  /** Paid in cash at the box office, and given back there in cash. */
  cashRefund?: boolean;
};

export function bookingCancelled(data: BookingCancelledData): RenderedEmail {
  const refund = formatAmount(data.refundAmount, data.currency);
  const seatWord = data.seats.length === 1 ? 'Seat' : 'Seats';
  const rows: [string, string][] = [
    ['Film', data.movieTitle],
    ['When', data.showtimeText],
    [`${seatWord} cancelled`, data.seats.join(', ')],
    ['Refund', refund],
    ['Booking reference', data.reference],
  ];
  const details = detailRows(rows);
  const what = data.partial ? `Seats cancelled from booking ${data.reference}` : `Booking ${data.reference} cancelled`;
  const subject = `${what}: ${data.movieTitle}`;
  const refundLine =
    data.refundAmount > 0 && data.cashRefund
      ? `${refund} was paid back to you in cash at the box office.`
      : data.refundAmount > 0
        ? `We are refunding ${refund} to the card you paid with; it usually shows within 5 to 10 working days.`
        : 'No refund is due for this cancellation.';
  const rest = data.partial ? 'The other seats of your booking stay booked.' : 'The seats are free again for others.';
  const text = `Hello ${data.customerName},

${data.partial ? 'some seats of your booking were cancelled' : 'your booking was cancelled'}. ${rest}

${details.text}

${refundLine}
${data.bookingUrl ? `Your booking: ${data.bookingUrl}\n` : ''}${data.bookingUrl === null ? WALK_IN_TEXT_FOOTER : TEXT_FOOTER}`;
  const html = htmlDocument(
    subject,
    `<h1 style="font-size:22px;margin:0 0 8px">${data.partial ? 'Seats cancelled' : 'Booking cancelled'}</h1>
<p>Hello ${escapeHtml(data.customerName)}, ${data.partial ? 'some seats of your booking were cancelled' : 'your booking was cancelled'}. ${escapeHtml(rest)}</p>
${details.html}
<p>${escapeHtml(refundLine)}</p>
${data.bookingUrl ? button(data.bookingUrl, 'View your booking') : ''}`,
    { walkIn: data.bookingUrl === null },
  );
  return { subject, text, html };
}
