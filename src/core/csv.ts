/**
 * CSV as spreadsheets read it (RFC 4180, CRLF line ends). A cell starting with `=`, `+`, `-` or
 * `@` (or a tab or carriage return) is a formula to Excel and LibreOffice: such text cells get a
 * leading apostrophe so a film title like `=HYPERLINK(...)` is shown, never run. Numbers are
 * written as numbers (a refund of -5 stays a number).
 */

export type CsvCell = string | number | null;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvCell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: CsvCell[][]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
