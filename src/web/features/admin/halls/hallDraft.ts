import type { Hall, HallBody } from '../../../../contract/admin';
import { findLayoutProblems, planHallSeats } from '../../../../core/seat-layout';
import type { GridSeat } from '../../seat-map/seatLayout';

export type CategoryDraft = {
  key: number;
  name: string;
  from_row: number | string;
  to_row: number | string;
  price_factor: number | string;
};
export type HallDraft = { name: string; rows: number | string; seats_per_row: number | string; categories: CategoryDraft[] };

let nextKey = 1;
export const newCategory = (rows: number): CategoryDraft => ({
  key: nextKey++,
  name: '',
  from_row: 1,
  to_row: rows,
  price_factor: 1,
});

export function toHallDraft(hall: Hall | null): HallDraft {
  if (!hall) return { name: '', rows: 10, seats_per_row: 14, categories: [] };
  return {
    name: hall.name,
    rows: hall.rows,
    seats_per_row: hall.seats_per_row,
    categories: hall.categories.map((c) => ({ ...c, key: nextKey++ })),
  };
}

const num = (value: number | string) => (typeof value === 'number' ? value : Number.NaN);

export function toHallBody(draft: HallDraft): HallBody {
  return {
    name: draft.name.trim(),
    rows: num(draft.rows),
    seats_per_row: num(draft.seats_per_row),
    categories: draft.categories.map((c) => ({
      name: c.name.trim(),
      from_row: num(c.from_row),
      to_row: num(c.to_row),
      price_factor: num(c.price_factor),
    })),
  };
}

const PREVIEW_LIMIT = 100;

/**
 * The seats the server will generate for this layout, with the same rules (src/core), so the
 * preview cannot disagree with the result. Null while the numbers are incomplete or out of range.
 */
export function previewSeats(draft: HallDraft): { seats: GridSeat[]; problems: string[] } | null {
  const body = toHallBody(draft);
  const inRange = (n: number) => Number.isInteger(n) && n >= 1 && n <= PREVIEW_LIMIT;
  if (!inRange(body.rows) || !inRange(body.seats_per_row)) return null;
  const categories = (body.categories ?? []).filter((c) => inRange(c.from_row) && inRange(c.to_row) && c.price_factor > 0);
  const layout = {
    rows: body.rows,
    seats_per_row: body.seats_per_row,
    categories: categories.map((c) => ({ ...c, name: c.name || 'unnamed' })),
  };
  const problems = findLayoutProblems(layout).map(
    (p) => `Category ${Number(p.field.split('/')[1]) + 1}: ${p.message.replace(/_/g, ' ')}`,
  );
  const seats = planHallSeats(layout, 10_000).map((s, i) => ({
    id: i + 1,
    row: s.row_label,
    number: s.number,
    category: s.category,
    status: 'available' as const,
    priceText: `${(s.factor_bp / 10_000).toFixed(2)} × base price`,
  }));
  return { seats, problems };
}
