import {
  detailRows,
  escapeHtml,
  formatAmount,
  htmlDocument,
  type RenderedEmail,
  TEXT_FOOTER,
  WALK_IN_TEXT_FOOTER,
} from './layout.js';

export type ShowCancelledData = {
  customerName: string;
  reference: string;
  movieTitle: string;
  showtimeText: string;
  seats: string[];
  /** Minor units; 0 when nothing had been paid. */
  refundAmount: number;
  currency: string;
  /** The cinema's reason, when it gave one. */
  note: string | null;
  /** Where to find other showtimes. */
  listingsUrl: string;
  /** Paid in cash at the box office: the money waits there for the customer (no card to refund). */
  refundAtCounter?: boolean;
  /** A box-office sale: the customer gave this address at the counter and has no account. */
  walkIn?: boolean;
};

/** The cinema cancelled the showtime: the booking is cancelled, and what was paid comes back in full. */
export function showCancelled(data: ShowCancelledData): RenderedEmail {
  const refund = formatAmount(data.refundAmount, data.currency);
  const details = detailRows([
    ['Film', data.movieTitle],
    ['When', data.showtimeText],
    [data.seats.length === 1 ? 'Seat' : 'Seats', data.seats.join(', ')],
    ...(data.refundAmount > 0 ? ([[data.refundAtCounter ? 'Cash refund due' : 'Refunded', refund]] as [string, string][]) : []),
    ['Booking reference', data.reference],
  ]);
  const subject = `Cancelled by the cinema: ${data.movieTitle}, ${data.showtimeText} (booking ${data.reference})`;
  const explanation = `We are sorry: the cinema has cancelled this showtime of ${data.movieTitle}, so your booking is cancelled.`;
  const reason = data.note ? `The cinema says: ${data.note}` : '';
  const refundLine =
    data.refundAmount > 0 && data.refundAtCounter
      ? `You paid in cash at the box office: your ${refund} is waiting for you there. Show this email or your booking reference ${data.reference} at the box office and we pay it back in full. Your tickets are no longer valid.`
      : data.refundAmount > 0
        ? `We have refunded ${refund} in full to the card you paid with; it usually shows within 5 to 10 working days. Your tickets are no longer valid.`
        : 'You had not paid for these seats, so there is nothing to refund.';
  const text = `Hello ${data.customerName},

${explanation}
${reason ? `${reason}\n` : ''}
${details.text}

${refundLine}
Other showtimes: ${data.listingsUrl}
${data.walkIn === true ? WALK_IN_TEXT_FOOTER : TEXT_FOOTER}`;
  const html = htmlDocument(
    subject,
    `<h1 style="font-size:22px;margin:0 0 8px">Your showtime was cancelled</h1>
<p>Hello ${escapeHtml(data.customerName)},</p>
<p>${escapeHtml(explanation)}</p>
${reason ? `<p>${escapeHtml(reason)}</p>` : ''}
${details.html}
<p>${escapeHtml(refundLine)}</p>
<p><a href="${escapeHtml(data.listingsUrl)}">See other showtimes</a></p>`,
    { walkIn: data.walkIn === true },
  );
  return { subject, text, html };
}
