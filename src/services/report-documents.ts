import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import type { DistributorReport } from '../contract/reports.js';
import { printable } from './ticket-documents.js';

/** A4 portrait, in points. */
const [WIDTH, HEIGHT] = [595.28, 841.89];
const MARGIN = 40;
/** Rows get smaller down to this height to keep the return on one page; more showtimes are summarised. */
const MIN_ROW = 9;
const INK = rgb(0.1, 0.1, 0.12);
const RULE = rgb(0.75, 0.75, 0.78);

const COLUMNS = [
  { title: 'Day', x: 0, align: 'left' },
  { title: 'Time', x: 70, align: 'left' },
  { title: 'Cinema / hall', x: 110, align: 'left' },
  { title: 'Admissions', x: 330, align: 'right' },
  { title: 'Gross', x: 385, align: 'right' },
  { title: 'Refunds', x: 445, align: 'right' },
  { title: 'Net', x: 515, align: 'right' },
] as const;

function fitted(text: string, font: PDFFont, size: number, width: number): string {
  let out = printable(text);
  if (font.widthOfTextAtSize(out, size) <= width) return out;
  while (out.length > 1 && font.widthOfTextAtSize(`${out}…`, size) > width) out = out.slice(0, -1);
  return `${out}…`;
}

const money = (n: number) => n.toFixed(2);
const weekday = (date: string) =>
  new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });

/** The week's return on one A4 page: header, a row per day with its showtimes under it, and totals. */
export async function distributorPdf(report: DistributorReport): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(printable(`Distributor return: ${report.film}, week of ${report.week_start}`));
  pdf.setCreator('bookmemovie');
  pdf.setProducer('bookmemovie');
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const page: PDFPage = pdf.addPage([WIDTH, HEIGHT]);
  const tableWidth = WIDTH - 2 * MARGIN;

  let y = HEIGHT - MARGIN - 16;
  const line = (value: string, size: number, font = regular) => {
    page.drawText(fitted(value, font, size, tableWidth), { x: MARGIN, y, size, font, color: INK });
    y -= size + 6;
  };
  line(`Distributor return: ${report.film}`, 16, bold);
  line(`${report.cinema}  ·  week ${report.week_start} (Fri) to ${report.week_end} (Thu)`, 11);
  line(`Business days; times are each cinema's local time. Amounts in ${report.currency}.`, 9);
  y -= 6;

  const totalRows = report.days.length + report.showtimes.length + 2;
  const room = y - MARGIN - 20;
  const rowHeight = Math.max(MIN_ROW, Math.min(16, room / totalRows));
  const size = Math.min(10, rowHeight - 3);
  const fits = Math.floor(room / rowHeight) - report.days.length - 2;
  const shown = new Set(report.showtimes.slice(0, Math.max(0, fits)).map((s) => s.showtime_id));

  const row = (cells: string[], font: PDFFont) => {
    COLUMNS.forEach((col, i) => {
      const value = cells[i] ?? '';
      const width = (COLUMNS[i + 1]?.x ?? tableWidth) - col.x - 6;
      const text = fitted(value, font, size, col.align === 'right' ? 80 : width);
      const x = col.align === 'right' ? MARGIN + col.x - font.widthOfTextAtSize(text, size) + 40 : MARGIN + col.x;
      page.drawText(text, { x, y, size, font, color: INK });
    });
    y -= rowHeight;
  };
  const rule = () =>
    page.drawLine({
      start: { x: MARGIN, y: y + rowHeight - 3 },
      end: { x: WIDTH - MARGIN, y: y + rowHeight - 3 },
      thickness: 0.5,
      color: RULE,
    });

  row(
    COLUMNS.map((c) => c.title),
    bold,
  );
  rule();
  for (const day of report.days) {
    row(
      [
        weekday(day.date),
        '',
        `${day.showtimes} showtime(s)`,
        String(day.admissions),
        money(day.gross),
        money(day.refunds),
        money(day.net),
      ],
      bold,
    );
    for (const s of report.showtimes.filter((x) => x.date === day.date && shown.has(x.showtime_id))) {
      const place = [s.cinema, s.hall].filter(Boolean).join(' / ');
      row(['', s.time, place, String(s.admissions), money(s.gross), money(s.refunds), money(s.net)], regular);
    }
  }
  rule();
  const t = report.totals;
  row(['Week total', '', '', String(t.admissions), money(t.gross), money(t.refunds), money(t.net)], bold);
  const hidden = report.showtimes.length - shown.size;
  if (hidden > 0) line(`${hidden} more showtime(s) are in the day totals; the CSV lists every one.`, 8);
  return pdf.save();
}
