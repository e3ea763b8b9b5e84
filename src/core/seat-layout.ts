import { applyFactor, factorToBasisPoints, MAX_PRICE_FACTOR } from './money.js';

export type SeatCategory = {
  name: string;
  from_row: number;
  to_row: number;
  price_factor: number;
};

export type HallLayout = {
  rows: number;
  seats_per_row: number;
  categories: SeatCategory[];
};

export type SeatPlan = {
  row_label: string;
  row_index: number;
  number: number;
  label: string;
  category: string;
  factor_bp: number;
  price: number;
  /** A SeatKind (src/core/hall-shape.ts); rectangles and grids have only standard seats. */
  kind: 'standard' | 'wheelchair' | 'companion' | 'restricted_view' | 'couple' | 'blocked';
  /** Physical position in the row, from 1; gaps take positions, so seats either side of an aisle are not adjacent. */
  col: number;
};

export const MAX_ROWS = 100;
export const MAX_SEATS_PER_ROW = 100;
export const STANDARD_CATEGORY = 'standard';

/** Row 1 is A, 26 is Z, 27 is AA, 28 is AB, ... (spreadsheet-style). */
export function rowLabel(rowNumber: number): string {
  let n = rowNumber;
  let label = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    label = String.fromCharCode(65 + rem) + label;
    n = Math.floor((n - 1) / 26);
  }
  return label;
}

export type LayoutProblem = { field: string; message: string };

/** Checks a hall layout for problems the schema cannot express (row ranges, overlaps). */
export function findLayoutProblems(layout: HallLayout): LayoutProblem[] {
  const problems: LayoutProblem[] = [];
  const seen = new Map<number, string>();
  layout.categories.forEach((category, i) => {
    const field = `categories/${i}`;
    if (!(category.price_factor > 0 && category.price_factor <= MAX_PRICE_FACTOR)) {
      problems.push({ field: `${field}/price_factor`, message: `must be more than 0 and at most ${MAX_PRICE_FACTOR}` });
    }
    if (category.from_row > category.to_row) {
      problems.push({ field, message: 'from_row must not be after to_row' });
    }
    if (category.to_row > layout.rows) {
      problems.push({ field, message: `to_row ${category.to_row} is beyond the hall's ${layout.rows} rows` });
    }
    for (let row = category.from_row; row <= Math.min(category.to_row, layout.rows); row++) {
      const other = seen.get(row);
      if (other !== undefined) {
        problems.push({ field, message: `row ${row} is already in category "${other}"` });
        break;
      }
      seen.set(row, category.name);
    }
  });
  return problems;
}

function categoryForRow(layout: HallLayout, row: number): { name: string; factorBp: number } {
  const category = layout.categories.find((c) => row >= c.from_row && row <= c.to_row);
  if (!category) return { name: STANDARD_CATEGORY, factorBp: 10000 };
  return { name: category.name, factorBp: factorToBasisPoints(category.price_factor) };
}

export function planHallSeats(layout: HallLayout, basePrice: number): SeatPlan[] {
  const seats: SeatPlan[] = [];
  for (let row = 1; row <= layout.rows; row++) {
    const label = rowLabel(row);
    const { name, factorBp } = categoryForRow(layout, row);
    for (let number = 1; number <= layout.seats_per_row; number++) {
      seats.push({
        row_label: label,
        row_index: row,
        number,
        label: `${label}${number}`,
        category: name,
        factor_bp: factorBp,
        price: applyFactor(basePrice, factorBp),
        kind: 'standard',
        col: number,
      });
    }
  }
  return seats;
}

/**
 * The prototype's layout for showtimes created with only `total_seats`: a near-square grid
 * (the last row may be shorter) in three price tiers by row: front third premium (1.2x),
 * middle standard, back third economy (0.8x) -- 18/15/12 for a base price of 15.
 */
export function planGridSeats(totalSeats: number, basePrice: number): SeatPlan[] {
  const rows = Math.ceil(Math.sqrt(totalSeats));
  const perRow = Math.ceil(totalSeats / rows);
  const usedRows = Math.ceil(totalSeats / perRow);
  const tiers = [
    { name: 'premium', factorBp: 12000 },
    { name: STANDARD_CATEGORY, factorBp: 10000 },
    { name: 'economy', factorBp: 8000 },
  ] as const;
  const seats: SeatPlan[] = [];
  for (let i = 0; i < totalSeats; i++) {
    const row = Math.floor(i / perRow) + 1;
    const number = (i % perRow) + 1;
    // Row thirds: front rows premium, middle standard, back economy, however many rows there are.
    const tier = tiers[Math.min(Math.floor(((row - 1) * 3) / usedRows), 2)] ?? tiers[1];
    const label = rowLabel(row);
    seats.push({
      row_label: label,
      row_index: row,
      number,
      label: `${label}${number}`,
      category: tier.name,
      factor_bp: tier.factorBp,
      price: applyFactor(basePrice, tier.factorBp),
      kind: 'standard',
      col: number,
    });
  }
  return seats;
}

/** The lowest seat price of a plan; what listings show as "from". */
export function priceFrom(basePrice: number, factorsBp: number[]): number {
  if (factorsBp.length === 0) return basePrice;
  return Math.min(...factorsBp.map((bp) => applyFactor(basePrice, bp)));
}

/** A showtime's capacity: every seat but the blocked ones, which the map shows but nobody buys. */
export const capacityOf = (seats: SeatPlan[]) => seats.filter((s) => s.kind !== 'blocked').length;
