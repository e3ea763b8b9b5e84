import { PDFDocument, type PDFFont, rgb, StandardFonts } from 'pdf-lib';
import QRCode from 'qrcode';

/** Error correction M (15%): a creased or smudged printout still scans, and the code stays small. */
const ERROR_CORRECTION = 'M';
/**
 * 6 px per module (a version-6 code is about 300 px with its quiet zone). The PNG is written
 * without row filters: a QR code is flat black and white, and trying pngjs's five filters per row
 * cost more CPU than the rest of a confirmation email (seen in the premiere-rush profile).
 */
const QR_OPTIONS = {
  errorCorrectionLevel: ERROR_CORRECTION,
  margin: 4,
  scale: 6,
  type: 'png',
  rendererOpts: { filterType: 0 },
} as const;

/** A ticket's QR code as a PNG (black on white, a quiet zone of 4 modules). */
export function qrPng(token: string): Promise<Buffer> {
  return QRCode.toBuffer(token, QR_OPTIONS as unknown as QRCode.QRCodeToBufferOptions);
}

/** Draws a QR code as vector squares (one rectangle per run of dark modules): sharp at any print size, no image to encode. */
function drawQr(page: ReturnType<PDFDocument['addPage']>, token: string, at: { x: number; y: number; side: number }) {
  const { modules } = QRCode.create(token, { errorCorrectionLevel: ERROR_CORRECTION });
  const quiet = 4;
  const cell = at.side / (modules.size + 2 * quiet);
  page.drawRectangle({ x: at.x, y: at.y, width: at.side, height: at.side, color: rgb(1, 1, 1) });
  for (let row = 0; row < modules.size; row++) {
    let col = 0;
    while (col < modules.size) {
      if (!modules.get(row, col)) {
        col += 1;
        continue;
      }
      const start = col;
      while (col < modules.size && modules.get(row, col)) col += 1;
      page.drawRectangle({
        x: at.x + (quiet + start) * cell,
        y: at.y + at.side - (quiet + row + 1) * cell,
        width: (col - start) * cell,
        height: cell,
        color: rgb(0, 0, 0),
      });
    }
  }
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
    const side = 200;
    drawQr(page, ticket.token, { x: (width - side) / 2, y: margin + 40, side });
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
