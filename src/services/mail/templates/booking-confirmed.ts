import { createEvent } from 'ics';
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

export type BookingConfirmedData = {
  customerName: string;
  reference: string;
  movieTitle: string;
  /** The showtime in the cinema's local time, written out ("Friday 1 January 2100, 13:00 CET"). */
  showtimeText: string;
  startTime: number;
  endTime: number;
  hall: string | null;
  seats: string[];
  totalAmount: number;
  currency: string;
  bookingUrl: string;
  /**
   * A box-office sale: the customer has no account, so `bookingUrl` is the signed link to the
   * tickets PDF (core/walk-in-link.ts), offered as a download rather than as a booking page.
   */
  walkIn?: boolean;
  /** The calendar entry's UID: the same booking is the same entry in the customer's calendar. */
  calendarUid: string;
  /** One per seat: its QR code as a PNG, shown inline; and all of them as a printable PDF. */
  tickets?: { seat: string; qrPng: Buffer }[];
};

/** The showtime as a calendar entry (times in UTC; calendars show them in the reader's zone). */
export function showtimeCalendar(
  data: Pick<
    BookingConfirmedData,
    'calendarUid' | 'reference' | 'movieTitle' | 'startTime' | 'endTime' | 'hall' | 'seats' | 'bookingUrl'
  >,
): string {
  const { error, value } = createEvent({
    uid: data.calendarUid,
    productId: 'bookmemovie',
    method: 'PUBLISH',
    title: data.movieTitle,
    description: `Booking ${data.reference}. Seats: ${data.seats.join(', ')}. ${data.bookingUrl}`,
    ...(data.hall ? { location: data.hall } : {}),
    url: data.bookingUrl,
    status: 'CONFIRMED',
    busyStatus: 'BUSY',
    start: data.startTime,
    startInputType: 'utc',
    startOutputType: 'utc',
    end: data.endTime,
    endInputType: 'utc',
    endOutputType: 'utc',
  });
  if (error || !value) throw error ?? new Error('the calendar entry could not be made');
  return value;
}

export function bookingConfirmed(data: BookingConfirmedData): RenderedEmail {
  const amount = formatAmount(data.totalAmount, data.currency);
  const rows: [string, string][] = [
    ['Film', data.movieTitle],
    ['When', data.showtimeText],
    ...(data.hall ? ([['Hall', data.hall]] as [string, string][]) : []),
    [data.seats.length === 1 ? 'Seat' : 'Seats', data.seats.join(', ')],
    ['Paid', amount],
    ['Booking reference', data.reference],
  ];
  const details = detailRows(rows);
  const subject = `Your tickets for ${data.movieTitle}: booking ${data.reference}`;
  const tickets = data.tickets ?? [];
  const cid = (index: number) => `ticket-${index + 1}-${data.reference}@bookmemovie`;
  const entrance = data.walkIn
    ? `Show the QR code of each ticket at the entrance (one per seat), or your booking reference. Your tickets to print or keep on your phone (PDF, no account needed): ${data.bookingUrl}`
    : tickets.length > 0
      ? `Show the QR code of each ticket at the entrance (one per seat), or your booking reference. To print them, use Download PDF on your booking: ${data.bookingUrl}`
      : `Show your booking reference at the entrance. Your booking: ${data.bookingUrl}`;
  const text = `Hello ${data.customerName},

your booking is confirmed. Enjoy the film!

${details.text}

${entrance}
The showtime is attached as a calendar entry (showtime.ics).
${data.walkIn === true ? WALK_IN_TEXT_FOOTER : TEXT_FOOTER}`;
  const qrHtml = tickets
    .map(
      (t, i) =>
        `<div style="display:inline-block;margin:8px 12px 8px 0;text-align:center"><img src="cid:${escapeHtml(cid(i))}" width="180" height="180" alt="${escapeHtml(`QR code of the ticket for seat ${t.seat}`)}" style="display:block"><strong>Seat ${escapeHtml(t.seat)}</strong></div>`,
    )
    .join('');
  const html = htmlDocument(
    subject,
    `<h1 style="font-size:22px;margin:0 0 8px">Your booking is confirmed</h1>
<p>Hello ${escapeHtml(data.customerName)}, enjoy the film!</p>
${details.html}
${
  tickets.length > 0
    ? `<h2 style="font-size:18px;margin:24px 0 4px">Your tickets</h2>
<p>Show each ticket's QR code at the entrance (${data.walkIn ? 'to print them, download the PDF below' : 'to print them, use <em>Download PDF</em> on your booking'}). Your booking reference <strong>${escapeHtml(data.reference)}</strong> works too.</p>
<div>${qrHtml}</div>`
    : `<p>Show your booking reference <strong>${escapeHtml(data.reference)}</strong> at the entrance.</p>`
}
<p>The showtime is attached as a calendar entry.</p>
${button(data.bookingUrl, data.walkIn ? 'Download your tickets (PDF)' : 'View your booking')}`,
    { walkIn: data.walkIn === true },
  );
  return {
    subject,
    text,
    html,
    attachments: [
      { filename: 'showtime.ics', content: showtimeCalendar(data), contentType: 'text/calendar; charset=utf-8; method=PUBLISH' },
      ...tickets.map((t, i) => ({ filename: `ticket-${t.seat}.png`, content: t.qrPng, contentType: 'image/png', cid: cid(i) })),
    ],
  };
}
