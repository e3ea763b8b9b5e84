import type { SeatKind } from '../../../core/hall-shape';
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
  /** Standard when absent. */
  kind?: SeatKind;
  /** Position in the row, gaps included (from 1); the seat's number when absent. */
  column?: number;
  /** Row order from the screen (from 1); rows sort by label when absent. */
  rowIndex?: number;
};

export type GridRow = { row: string; seats: GridSeat[] };

export const columnOf = (seat: GridSeat) => seat.column ?? seat.number;

/** Rows in hall order (by row index, else A, B, ... Z, AA ...), seats by position. */
export function layoutRows(seats: GridSeat[]): GridRow[] {
  const rows = new Map<string, GridSeat[]>();
  for (const seat of seats) {
    const list = rows.get(seat.row) ?? [];
    list.push(seat);
    rows.set(seat.row, list);
  }
  return [...rows.entries()]
    .sort(([a, la], [b, lb]) => {
      const ia = la[0]?.rowIndex;
      const ib = lb[0]?.rowIndex;
      if (ia !== undefined && ib !== undefined) return ia - ib;
      return a.length - b.length || a.localeCompare(b);
    })
    .map(([row, list]) => ({ row, seats: list.sort((a, b) => columnOf(a) - columnOf(b)) }));
}

/** A row's cells left to right: its seats, and a gap (null) for each empty position before and between them. */
export function rowCells(row: GridRow): (GridSeat | null)[] {
  const cells: (GridSeat | null)[] = [];
  let next = 1;
  for (const seat of row.seats) {
    for (; next < columnOf(seat); next++) cells.push(null);
    cells.push(seat);
    next = columnOf(seat) + 1;
  }
  return cells;
}

/** Positions in the widest row. */
export const widestRow = (rows: GridRow[]) => Math.max(1, ...rows.map((r) => rowCells(r).length));

/** A seat nobody can pick: taken, or out of service. */
export const isUnavailable = (seat: GridSeat) => seat.status !== 'available' || seat.kind === 'blocked';

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
  // Up and down go to the seat physically nearest in the next row (aisles shift positions).
  const below = (ri: number) => {
    const target = rows[ri];
    const here = row.seats[c];
    if (!target || target.seats.length === 0 || !here) return null;
    let best = target.seats[0] as GridSeat;
    for (const s of target.seats)
      if (Math.abs(columnOf(s) - columnOf(here)) < Math.abs(columnOf(best) - columnOf(here))) best = s;
    return best.id;
  };
  switch (key) {
    case 'ArrowLeft':
      return c > 0 ? at(r, c - 1) : null;
    case 'ArrowRight':
      return c < row.seats.length - 1 ? at(r, c + 1) : null;
    case 'ArrowUp':
      return r > 0 ? below(r - 1) : null;
    case 'ArrowDown':
      return r < rows.length - 1 ? below(r + 1) : null;
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

const KIND_NAMES: Record<SeatKind, string> = {
  standard: 'seat',
  wheelchair: 'wheelchair space',
  companion: 'companion seat',
  restricted_view: 'restricted-view seat',
  couple: 'couple seat',
  blocked: 'seat',
};

/** What a seat is called: "seat 7", "wheelchair space 3", "couple seat 12". */
export const seatKindName = (kind: SeatKind | undefined) => KIND_NAMES[kind ?? 'standard'];

/** The screen-reader name: "Row H, wheelchair space 3, standard, 12.00 USD, available". */
export function seatName(seat: GridSeat, selected: boolean): string {
  if (seat.kind === 'blocked') return `Row ${seat.row}, seat ${seat.number}, out of service`;
  const state = selected ? 'selected' : seat.status;
  return `Row ${seat.row}, ${seatKindName(seat.kind)} ${seat.number}, ${seat.category}, ${seat.priceText}, ${state}`;
}
