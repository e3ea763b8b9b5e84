import type { SeatStatus } from '../../api/types';

/** What the grid needs of a seat; the live map and the admin hall preview both produce these. */
export type GridSeat = {
  id: number;
  row: string;
  number: number;
  category: string;
  status: SeatStatus;
  /** Price as words for the accessible name and tooltip, e.g. "18.00 USD" or "1.3 × base price". */
  priceText: string;
};

export type GridRow = { row: string; seats: GridSeat[] };

/** Rows A, B, ... Z, AA, AB ... in hall order, seats by number. */
export function layoutRows(seats: GridSeat[]): GridRow[] {
  const rows = new Map<string, GridSeat[]>();
  for (const seat of seats) {
    const list = rows.get(seat.row) ?? [];
    list.push(seat);
    rows.set(seat.row, list);
  }
  return [...rows.entries()]
    .sort(([a], [b]) => a.length - b.length || a.localeCompare(b))
    .map(([row, list]) => ({ row, seats: list.sort((a, b) => a.number - b.number) }));
}

export type MoveKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown' | 'Home' | 'End';
export const MOVE_KEYS: readonly string[] = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'];

/**
 * The seat an arrow key moves to from `seatId`, or null at the edge. Up and down keep the
 * position in the row (clamped when the next row is shorter); with `toEdge`, Home/End go to the
 * first/last seat of the whole hall rather than of the row.
 */
export function seatAfterMove(rows: GridRow[], seatId: number, key: MoveKey, toEdge = false): number | null {
  const r = rows.findIndex((row) => row.seats.some((s) => s.id === seatId));
  if (r < 0) return null;
  const row = rows[r] as GridRow;
  const c = row.seats.findIndex((s) => s.id === seatId);
  const at = (ri: number, ci: number) => {
    const target = rows[ri];
    if (!target || target.seats.length === 0) return null;
    return target.seats[Math.max(0, Math.min(ci, target.seats.length - 1))]?.id ?? null;
  };
  switch (key) {
    case 'ArrowLeft':
      return c > 0 ? at(r, c - 1) : null;
    case 'ArrowRight':
      return c < row.seats.length - 1 ? at(r, c + 1) : null;
    case 'ArrowUp':
      return r > 0 ? at(r - 1, c) : null;
    case 'ArrowDown':
      return r < rows.length - 1 ? at(r + 1, c) : null;
    case 'Home':
      return toEdge ? at(0, 0) : at(r, 0);
    case 'End':
      return toEdge ? at(rows.length - 1, Number.MAX_SAFE_INTEGER) : at(r, row.seats.length - 1);
  }
}

const KNOWN_COLOURS: Record<string, string> = {
  standard: 'indigo',
  premium: 'grape',
  recliner: 'teal',
  front: 'cyan',
  economy: 'lime',
  vip: 'pink',
};
const SPARE_COLOURS = ['orange', 'green', 'red', 'blue', 'violet', 'pink'];

/** A stable colour per category name; yellow is kept for the user's own selection. */
export function categoryColour(name: string, allNames: string[]): string {
  const known = KNOWN_COLOURS[name.toLowerCase()];
  if (known) return known;
  const unknown = allNames.filter((n) => !KNOWN_COLOURS[n.toLowerCase()]);
  return SPARE_COLOURS[Math.max(0, unknown.indexOf(name)) % SPARE_COLOURS.length] ?? 'gray';
}

export function seatName(seat: GridSeat, selected: boolean): string {
  const state = selected ? 'selected' : seat.status;
  return `Row ${seat.row}, seat ${seat.number}, ${seat.category}, ${seat.priceText}, ${state}`;
}
