import { factorToBasisPoints, MAX_PRICE_FACTOR } from './money.js';
import {
  findLayoutProblems,
  type HallLayout,
  type LayoutProblem,
  MAX_ROWS,
  MAX_SEATS_PER_ROW,
  rowLabel,
  type SeatPlan,
  STANDARD_CATEGORY,
} from './seat-layout.js';

/**
 * A hall's shape: rows of positions, each a seat or a gap (an aisle, a missing seat, stairs).
 * Seats keep a category by name, so whatever prices a category (a factor today, a price card
 * later) can price them.
 */
export const SEAT_KINDS = ['standard', 'wheelchair', 'companion', 'restricted_view', 'couple', 'blocked'] as const;
export type SeatKind = (typeof SEAT_KINDS)[number];

export type ShapeSeat = { kind: SeatKind; category: string; number: number };
export type ShapePosition = ShapeSeat | null;
export type ShapeRow = { label: string; positions: ShapePosition[] };
export type PriceCategory = { name: string; price_factor: number };
export type HallShape = { rows: ShapeRow[]; categories: PriceCategory[] };

/** Letters of the text form, one per kind; `_` is a gap. */
export const KIND_LETTERS: Record<SeatKind, string> = {
  standard: 'S',
  wheelchair: 'W',
  companion: 'C',
  restricted_view: 'R',
  couple: 'P',
  blocked: 'X',
};
const LETTER_KINDS = new Map(Object.entries(KIND_LETTERS).map(([kind, letter]) => [letter, kind as SeatKind]));
const GAP_LETTER = '_';

const ROW_LABEL = /^[A-Z0-9]{1,4}$/;
const CATEGORY_NAME = /^[\w -]{1,40}$/;

/** Today's rectangle with categories by row range, as a shape. */
export function shapeFromRectangle(layout: HallLayout): HallShape {
  const rows: ShapeRow[] = [];
  for (let r = 1; r <= layout.rows; r++) {
    const category = layout.categories.find((c) => r >= c.from_row && r <= c.to_row)?.name ?? STANDARD_CATEGORY;
    rows.push({
      label: rowLabel(r),
      positions: Array.from({ length: layout.seats_per_row }, (_, i) => ({ kind: 'standard' as const, category, number: i + 1 })),
    });
  }
  const categories = layout.categories.map((c) => ({ name: c.name, price_factor: c.price_factor }));
  return { rows, categories };
}

/** The prototype's `total_seats` grid (see planGridSeats) as a shape: same rows, tiers and prices. */
export function shapeFromGrid(totalSeats: number): HallShape {
  const rowCount = Math.ceil(Math.sqrt(totalSeats));
  const perRow = Math.ceil(totalSeats / rowCount);
  const usedRows = Math.ceil(totalSeats / perRow);
  const tiers = ['premium', STANDARD_CATEGORY, 'economy'];
  const rows: ShapeRow[] = [];
  for (let r = 1; r <= usedRows; r++) {
    const length = Math.min(perRow, totalSeats - (r - 1) * perRow);
    const category = tiers[Math.min(Math.floor(((r - 1) * 3) / usedRows), 2)] ?? STANDARD_CATEGORY;
    rows.push({
      label: rowLabel(r),
      positions: Array.from({ length }, (_, i) => ({ kind: 'standard' as const, category, number: i + 1 })),
    });
  }
  return {
    rows,
    categories: [
      { name: 'premium', price_factor: 1.2 },
      { name: 'economy', price_factor: 0.8 },
    ],
  };
}

/** Seat numbers in a row: given ones kept, missing ones one more than the seat before (1 first). */
export function numberSeats(
  positions: ((Omit<ShapeSeat, 'number'> & { number?: number | undefined }) | null)[],
): ShapePosition[] {
  let last = 0;
  return positions.map((p) => {
    if (p === null) return null;
    const number = p.number ?? last + 1;
    last = number;
    return { kind: p.kind, category: p.category, number };
  });
}

export type ShapeTextResult = { ok: true; rows: ShapeRow[] } | { ok: false; problems: LayoutProblem[] };

/**
 * Reads the compact text form: one line per row, `A: SSSS__SSSS`, a letter per seat kind
 * (S standard, W wheelchair, C companion, R restricted view, P couple, X blocked) and `_` for a
 * gap. `[name]` switches the category of the seats after it (until the next switch; each row
 * starts as `standard`), and digits after a letter set that seat's number (the next ones count on
 * from it): `B: [vip]SS__S7SS`. Blank lines and lines starting with `#` are ignored.
 */
export function parseShapeText(text: string): ShapeTextResult {
  const rows: ShapeRow[] = [];
  const problems: LayoutProblem[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const field = `text/line ${i + 1}`;
    const colon = line.indexOf(':');
    if (colon < 0) {
      problems.push({ field, message: 'write a row as its label, a colon and its seats, e.g. A: SSSS__SSSS' });
      return;
    }
    const label = line.slice(0, colon).trim().toUpperCase();
    const body = line.slice(colon + 1).replace(/\s+/g, '');
    const positions: ((Omit<ShapeSeat, 'number'> & { number?: number }) | null)[] = [];
    let category = STANDARD_CATEGORY;
    let at = 0;
    while (at < body.length) {
      const ch = body[at] as string;
      if (ch === '[') {
        const end = body.indexOf(']', at);
        const name = end < 0 ? '' : body.slice(at + 1, end);
        if (end < 0 || !CATEGORY_NAME.test(name)) {
          problems.push({ field, message: 'a category is written [name], e.g. [premium]' });
          return;
        }
        category = name;
        at = end + 1;
        continue;
      }
      if (ch === GAP_LETTER) {
        positions.push(null);
        at += 1;
        continue;
      }
      const kind = LETTER_KINDS.get(ch.toUpperCase());
      if (!kind) {
        problems.push({ field, message: `"${ch}" is not a seat letter (S, W, C, R, P, X) or _ for a gap` });
        return;
      }
      const digits = /^\d+/.exec(body.slice(at + 1))?.[0] ?? '';
      const seat: Omit<ShapeSeat, 'number'> & { number?: number } = { kind, category };
      if (digits !== '') seat.number = Number(digits);
      positions.push(seat);
      at += 1 + digits.length;
    }
    rows.push({ label, positions: numberSeats(positions) });
  });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, rows };
}

/** Writes rows in the text form; parseShapeText gives them back unchanged. */
export function formatShapeText(rows: ShapeRow[]): string {
  return rows
    .map((row) => {
      let category = STANDARD_CATEGORY;
      let expected = 1;
      let out = '';
      for (const p of row.positions) {
        if (p === null) {
          out += GAP_LETTER;
          continue;
        }
        if (p.category !== category) {
          out += `[${p.category}]`;
          category = p.category;
        }
        out += KIND_LETTERS[p.kind];
        if (p.number !== expected) out += String(p.number);
        expected = p.number + 1;
      }
      return `${row.label}: ${out}`;
    })
    .join('\n');
}

/** Problems the schema cannot see: labels, numbers, pairs, categories. */
export function findShapeProblems(shape: HallShape): LayoutProblem[] {
  const problems: LayoutProblem[] = [];
  if (shape.rows.length === 0) problems.push({ field: 'layout/rows', message: 'a hall needs at least one row' });
  if (shape.rows.length > MAX_ROWS) problems.push({ field: 'layout/rows', message: `at most ${MAX_ROWS} rows` });
  const labels = new Set<string>();
  let seats = 0;
  shape.rows.forEach((row, r) => {
    const field = `layout/rows/${r}`;
    if (!ROW_LABEL.test(row.label))
      problems.push({ field: `${field}/label`, message: 'a row label is 1 to 4 letters or digits' });
    else if (labels.has(row.label)) problems.push({ field: `${field}/label`, message: `row ${row.label} appears twice` });
    labels.add(row.label);
    if (row.positions.length > MAX_SEATS_PER_ROW) {
      problems.push({ field: `${field}/positions`, message: `at most ${MAX_SEATS_PER_ROW} positions in a row` });
    }
    const numbers = new Set<number>();
    const p = row.positions;
    for (let i = 0; i < p.length; i++) {
      const seat = p[i];
      if (!seat) continue;
      seats += 1;
      const at = `${field}/positions/${i}`;
      if (!Number.isInteger(seat.number) || seat.number < 1 || seat.number > 9999) {
        problems.push({ field: `${at}/number`, message: 'a seat number is a whole number from 1 to 9999' });
      } else if (numbers.has(seat.number)) {
        problems.push({ field: `${at}/number`, message: `seat ${row.label}${seat.number} appears twice` });
      }
      numbers.add(seat.number);
      if (!CATEGORY_NAME.test(seat.category)) {
        problems.push({ field: `${at}/category`, message: 'a category name is 1 to 40 letters, digits, spaces, - or _' });
      }
      if (seat.kind === 'companion' && p[i - 1]?.kind !== 'wheelchair' && p[i + 1]?.kind !== 'wheelchair') {
        problems.push({ field: at, message: `companion seat ${row.label}${seat.number} must be next to a wheelchair space` });
      }
    }
    for (const run of coupleRuns(p)) {
      if (run.length % 2 === 1) {
        const last = p[run.at(-1) as number] as ShapeSeat;
        problems.push({
          field: `${field}/positions/${run.at(-1)}`,
          message: `couple seats come in pairs; ${row.label}${last.number} has no partner`,
        });
      }
    }
  });
  if (shape.rows.length > 0 && seats === 0) problems.push({ field: 'layout/rows', message: 'a hall needs at least one seat' });
  const names = new Set<string>();
  shape.categories.forEach((c, i) => {
    const field = `layout/categories/${i}`;
    if (names.has(c.name)) problems.push({ field: `${field}/name`, message: `category "${c.name}" is listed twice` });
    names.add(c.name);
    if (!(c.price_factor > 0 && c.price_factor <= MAX_PRICE_FACTOR)) {
      problems.push({ field: `${field}/price_factor`, message: `must be more than 0 and at most ${MAX_PRICE_FACTOR}` });
    }
  });
  return problems;
}

/** Indexes of consecutive couple seats in a row (a gap or another kind ends a run). */
export function coupleRuns(positions: ShapePosition[]): number[][] {
  const runs: number[][] = [];
  let run: number[] = [];
  positions.forEach((p, i) => {
    if (p?.kind === 'couple') run.push(i);
    else if (run.length > 0) {
      runs.push(run);
      run = [];
    }
  });
  if (run.length > 0) runs.push(run);
  return runs;
}

/** The factor of a category in basis points: listed ones as listed, others 1x. */
export function categoryFactorBp(shape: HallShape, name: string): number {
  const listed = shape.categories.find((c) => c.name === name);
  return listed ? factorToBasisPoints(listed.price_factor) : 10000;
}

/** Every seat of a shape (blocked ones too, so the map can show them), priced from `basePrice`. */
export function planShapeSeats(shape: HallShape, basePrice: number, price: (base: number, bp: number) => number): SeatPlan[] {
  const seats: SeatPlan[] = [];
  shape.rows.forEach((row, r) => {
    row.positions.forEach((p, i) => {
      if (!p) return;
      const factorBp = categoryFactorBp(shape, p.category);
      seats.push({
        row_label: row.label,
        row_index: r + 1,
        number: p.number,
        label: `${row.label}${p.number}`,
        category: p.category,
        factor_bp: factorBp,
        price: price(basePrice, factorBp),
        kind: p.kind,
        col: i + 1,
      });
    });
  });
  return seats;
}

/** Seats that can ever be sold (capacity). */
export const sellableCount = (shape: HallShape) =>
  shape.rows.reduce((n, row) => n + row.positions.filter((p) => p !== null && p.kind !== 'blocked').length, 0);

/**
 * The row-range categories older clients read: runs of whole rows whose seats share one
 * category other than standard. Seats whose category varies within a row are not expressible.
 */
export function rowRangesOf(shape: HallShape): { name: string; from_row: number; to_row: number; price_factor: number }[] {
  const ranges: { name: string; from_row: number; to_row: number; price_factor: number }[] = [];
  shape.rows.forEach((row, r) => {
    const names = new Set(row.positions.filter((p): p is ShapeSeat => p !== null).map((p) => p.category));
    if (names.size !== 1) return;
    const name = [...names][0] as string;
    if (name === STANDARD_CATEGORY) return;
    const last = ranges.at(-1);
    if (last && last.name === name && last.to_row === r) last.to_row = r + 1;
    else ranges.push({ name, from_row: r + 1, to_row: r + 1, price_factor: categoryFactorBp(shape, name) / 10000 });
  });
  return ranges;
}

/** Widest row, in positions. */
export const widthOf = (shape: HallShape) => Math.max(0, ...shape.rows.map((r) => r.positions.length));

export type HallInput = {
  rows?: number | undefined;
  seats_per_row?: number | undefined;
  categories?: { name: string; from_row: number; to_row: number; price_factor: number }[] | undefined;
  layout?:
    | {
        rows?: { label: string; positions: ({ kind?: SeatKind; category?: string; number?: number } | null)[] }[] | undefined;
        text?: string | undefined;
        categories?: PriceCategory[] | undefined;
      }
    | undefined;
};

/**
 * A hall's shape from what an admin sent: `layout` (as rows or as text) or a rectangle
 * (`rows` x `seats_per_row` with row-range categories). Problems name the body field.
 */
export function shapeFromInput(input: HallInput): { ok: true; shape: HallShape } | { ok: false; problems: LayoutProblem[] } {
  const problems: LayoutProblem[] = [];
  let shape: HallShape | undefined;
  const rectangle = input.rows !== undefined || input.seats_per_row !== undefined || input.categories !== undefined;
  if (input.layout !== undefined) {
    if (rectangle) problems.push({ field: 'layout', message: 'give either layout or rows and seats_per_row, not both' });
    const { rows, text, categories = [] } = input.layout;
    if ((rows === undefined) === (text === undefined)) {
      problems.push({ field: 'layout', message: 'give the rows either as layout.rows or as layout.text' });
    } else if (text !== undefined) {
      const parsed = parseShapeText(text);
      if (parsed.ok) shape = { rows: parsed.rows, categories };
      else problems.push(...parsed.problems.map((p) => ({ ...p, field: `layout/${p.field}` })));
    } else if (rows !== undefined) {
      shape = {
        rows: rows.map((row) => ({
          label: row.label.trim().toUpperCase(),
          positions: numberSeats(
            row.positions.map((p) =>
              p === null ? null : { kind: p.kind ?? 'standard', category: p.category ?? STANDARD_CATEGORY, number: p.number },
            ),
          ),
        })),
        categories,
      };
    }
  } else if (input.rows === undefined || input.seats_per_row === undefined) {
    problems.push({
      field: input.rows === undefined ? 'rows' : 'seats_per_row',
      message: 'give rows and seats_per_row for a rectangular hall, or a layout',
    });
  } else {
    const layout = { rows: input.rows, seats_per_row: input.seats_per_row, categories: input.categories ?? [] };
    const ranges = findLayoutProblems(layout);
    if (ranges.length > 0) problems.push(...ranges);
    else shape = shapeFromRectangle(layout);
  }
  if (shape) problems.push(...findShapeProblems(shape));
  if (problems.length > 0 || !shape) return { ok: false, problems };
  return { ok: true, shape };
}
