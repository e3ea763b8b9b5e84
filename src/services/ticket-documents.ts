import { PDFDocument, type PDFFont, rgb, StandardFonts } from 'pdf-lib';
import QRCode from 'qrcode';

/** Error correction M (15%): a creased or smudged printout still scans, and the code stays small. */
const QR_OPTIONS = { errorCorrectionLevel: 'M', margin: 4, scale: 8, type: 'png' } as const;

/** A ticket's QR code as a PNG (black on white, a quiet zone of 4 modules). */
export function qrPng(token: string): Promise<Buffer> {
  return QRCode.toBuffer(token, QR_OPTIONS);
}

export type PrintableTicket = { ticketId: number; seat: string; token: string; status: 'valid' | 'used' | 'void' };

export type PrintableBooking = {
  reference: string;
  movieTitle: string;
  /** The showtime in the cinema's local time, written out. */
  showtimeText: string;
  hall: string | null;
  tickets: PrintableTicket[];
};

/**
 * The PDF's standard fonts cover Windows-1252 only: other characters are written without their
 * accents where that is possible, and as "?" otherwise, rather than failing the download.
 */
export function printable(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e\xa0-\xff]/g, '?');
}

function fitted(text: string, font: PDFFont, size: number, width: number): string {
  let out = printable(text);
  if (font.widthOfTextAtSize(out, size) <= width) return out;
  while (out.length > 1 && font.widthOfTextAtSize(`${out}…`, size) > width) out = out.slice(0, -1);
  return `${out}…`;
}

/** One A6 page per ticket that can still be used: film, showtime, hall, seat, reference and QR code. */
export async function ticketsPdf(booking: PrintableBooking): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`bookmemovie tickets ${booking.reference}`);
  pdf.setSubject(printable(`${booking.movieTitle}, ${booking.showtimeText}`));
  pdf.setKeywords([booking.reference, ...booking.tickets.map((t) => `ticket-${t.ticketId}`)]);
  pdf.setCreator('bookmemovie');
  pdf.setProducer('bookmemovie');
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const [width, height] = [297.64, 419.53]; // A6 portrait, in points
  const margin = 24;
  const text = (page: ReturnType<typeof pdf.addPage>, value: string, y: number, size: number, font = regular) =>
    page.drawText(fitted(value, font, size, width - 2 * margin), { x: margin, y, size, font, color: rgb(0.1, 0.1, 0.12) });

  const usable = booking.tickets.filter((t) => t.status !== 'void');
  for (const ticket of usable) {
    const page = pdf.addPage([width, height]);
    text(page, 'bookmemovie', height - margin - 12, 12, bold);
    text(page, booking.movieTitle, height - margin - 40, 16, bold);
    text(page, booking.showtimeText, height - margin - 60, 10);
    if (booking.hall) text(page, `Hall: ${booking.hall}`, height - margin - 76, 10);
    text(page, `Seat ${ticket.seat}`, height - margin - 104, 22, bold);
    const image = await pdf.embedPng(await qrPng(ticket.token));
    const side = 200;
    page.drawImage(image, { x: (width - side) / 2, y: margin + 40, width: side, height: side });
    text(page, `Booking ${booking.reference} · ticket ${ticket.ticketId}`, margin + 20, 9);
    text(page, 'Show this code at the entrance. One admission.', margin + 6, 8);
  }
  if (usable.length === 0) {
    const page = pdf.addPage([width, height]);
    text(page, `Booking ${booking.reference}`, height - margin - 20, 14, bold);
    text(page, 'This booking has no tickets that can be used.', height - margin - 44, 10);
  }
  return pdf.save();
}
