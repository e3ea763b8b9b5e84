import { detailRows, escapeHtml, formatAmount, htmlDocument, type RenderedEmail, TEXT_FOOTER } from './layout.js';

export type WaitlistOfferData = {
  customerName: string;
  reference: string;
  movieTitle: string;
  showtimeText: string;
  seats: string[];
  totalAmount: number;
  currency: string;
  /** Until when the seats are held, as the customer reads it (the cinema's time). */
  heldUntilText: string;
  /** Where to pay. */
  payUrl: string;
};

/** Seats freed up for someone on the waitlist: held for them for a while, with a link to pay. */
export function waitlistOffer(data: WaitlistOfferData): RenderedEmail {
  const details = detailRows([
    ['Film', data.movieTitle],
    ['When', data.showtimeText],
    [data.seats.length === 1 ? 'Seat' : 'Seats', data.seats.join(', ')],
    ['Total', formatAmount(data.totalAmount, data.currency)],
    ['Held until', data.heldUntilText],
    ['Booking reference', data.reference],
  ]);
  const subject = `Seats for ${data.movieTitle} are waiting for you until ${data.heldUntilText}`;
  const explanation = `Good news: seats freed up for ${data.movieTitle}, and you were next on the waitlist. We are holding them for you.`;
  const deadline = `Pay before ${data.heldUntilText} to keep them; after that they go to the next person in line.`;
  const text = `Hello ${data.customerName},

${explanation}

${details.text}

${deadline}
Pay here: ${data.payUrl}
${TEXT_FOOTER}`;
  const html = htmlDocument(
    subject,
    `<h1 style="font-size:22px;margin:0 0 8px">Your seats are waiting</h1>
<p>Hello ${escapeHtml(data.customerName)},</p>
<p>${escapeHtml(explanation)}</p>
${details.html}
<p>${escapeHtml(deadline)}</p>
<p><a href="${escapeHtml(data.payUrl)}">Pay for your seats</a></p>`,
  );
  return { subject, text, html };
}
