import { detailRows, escapeHtml, formatAmount, htmlDocument, type RenderedEmail, TEXT_FOOTER } from './layout.js';

export type LatePaymentRefundedData = {
  customerName: string;
  reference: string;
  movieTitle: string;
  showtimeText: string;
  seats: string[];
  refundAmount: number;
  currency: string;
  /** Where to pick seats again. */
  showtimeUrl: string;
};

/** The payment arrived after the hold had ended and the seats were sold: the money went back. */
export function latePaymentRefunded(data: LatePaymentRefundedData): RenderedEmail {
  const refund = formatAmount(data.refundAmount, data.currency);
  const details = detailRows([
    ['Film', data.movieTitle],
    ['When', data.showtimeText],
    [data.seats.length === 1 ? 'Seat' : 'Seats', data.seats.join(', ')],
    ['Refunded', refund],
    ['Booking reference', data.reference],
  ]);
  const subject = `We refunded your payment for ${data.movieTitle} (booking ${data.reference})`;
  const explanation =
    'Your payment reached us after the time to pay for your seats had run out, and by then the seats had been booked by someone else. So you have no booking, and we have refunded you in full.';
  const refundLine = `The refund of ${refund} goes back to the card you paid with; it usually shows within 5 to 10 working days.`;
  const text = `Hello ${data.customerName},

${explanation}

${details.text}

${refundLine}
You can pick other seats here: ${data.showtimeUrl}
${TEXT_FOOTER}`;
  const html = htmlDocument(
    subject,
    `<h1 style="font-size:22px;margin:0 0 8px">We refunded you</h1>
<p>Hello ${escapeHtml(data.customerName)},</p>
<p>${escapeHtml(explanation)}</p>
${details.html}
<p>${escapeHtml(refundLine)}</p>
<p><a href="${escapeHtml(data.showtimeUrl)}">Pick other seats for this showtime</a></p>`,
  );
  return { subject, text, html };
}
