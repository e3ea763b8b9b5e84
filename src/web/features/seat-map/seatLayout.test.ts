import { describe, expect, it } from 'vitest';
import { type GridSeat, layoutRows, rowCells, seatAfterMove, seatName, widestRow } from './seatLayout';

const seat = (id: number, row: string, number: number): GridSeat => ({
  id,
  row,
  number,
  category: 'standard',
  status: 'available',
  priceText: '15.00 USD',
});

// Rows A (3 seats), B (3 seats), C (2 seats: a shorter last row, as generated grids have).
const seats = [
  seat(7, 'C', 1),
  seat(8, 'C', 2),
  seat(4, 'B', 1),
  seat(5, 'B', 2),
  seat(6, 'B', 3),
  seat(1, 'A', 1),
  seat(2, 'A', 2),
  seat(3, 'A', 3),
];
const rows = layoutRows(seats);

describe('layoutRows', () => {
  it('orders rows like a hall (Z before AA) and seats by number', () => {
    expect(rows.map((r) => r.row)).toEqual(['A', 'B', 'C']);
    expect(layoutRows([seat(1, 'AA', 1), seat(2, 'Z', 1), seat(3, 'B', 1)]).map((r) => r.row)).toEqual(['B', 'Z', 'AA']);
  });
});

describe('seatAfterMove', () => {
  it('moves along a row and stops at its ends', () => {
    expect(seatAfterMove(rows, 1, 'ArrowRight')).toBe(2);
    expect(seatAfterMove(rows, 3, 'ArrowRight')).toBeNull();
    expect(seatAfterMove(rows, 1, 'ArrowLeft')).toBeNull();
    expect(seatAfterMove(rows, 5, 'End')).toBe(6);
    expect(seatAfterMove(rows, 5, 'Home')).toBe(4);
  });

  it('moves between rows keeping the position, clamped to a shorter row', () => {
    expect(seatAfterMove(rows, 2, 'ArrowDown')).toBe(5);
    expect(seatAfterMove(rows, 6, 'ArrowDown')).toBe(8);
    expect(seatAfterMove(rows, 7, 'ArrowUp')).toBe(4);
    expect(seatAfterMove(rows, 1, 'ArrowUp')).toBeNull();
  });

  it('goes to the first or last seat of the hall with toEdge', () => {
    expect(seatAfterMove(rows, 5, 'Home', true)).toBe(1);
    expect(seatAfterMove(rows, 5, 'End', true)).toBe(8);
  });
});

describe('seatName', () => {
  it('reads row, number, category, price and state', () => {
    expect(seatName({ ...seat(1, 'C', 7), category: 'premium', priceText: '18.00 USD' }, false)).toBe(
      'Row C, seat 7, premium, 18.00 USD, available',
    );
    expect(seatName(seat(1, 'C', 7), true)).toMatch(/, selected$/);
  });
});

describe('hall shapes on the map', () => {
  const shaped = (id: number, row: string, number: number, column: number, kind: GridSeat['kind'] = 'standard'): GridSeat => ({
    ...seat(id, row, number),
    column,
    kind,
    rowIndex: row.charCodeAt(0) - 64,
  });
  // A: 1 2 _ 3 4   B: _ W C _ 3
  const hall = [
    shaped(1, 'A', 1, 1),
    shaped(2, 'A', 2, 2),
    shaped(3, 'A', 3, 4),
    shaped(4, 'A', 4, 5),
    shaped(5, 'B', 1, 2, 'wheelchair'),
    shaped(6, 'B', 2, 3, 'companion'),
    shaped(7, 'B', 3, 5),
  ];
  const shapedRows = layoutRows(hall);

  it('lays out gaps where positions are empty', () => {
    expect(rowCells(shapedRows[0] as never).map((c) => c?.id ?? null)).toEqual([1, 2, null, 3, 4]);
    expect(rowCells(shapedRows[1] as never).map((c) => c?.id ?? null)).toEqual([null, 5, 6, null, 7]);
    expect(widestRow(shapedRows)).toBe(5);
  });

  it('moves up and down to the seat physically nearest', () => {
    expect(seatAfterMove(shapedRows, 4, 'ArrowDown')).toBe(7);
    expect(seatAfterMove(shapedRows, 5, 'ArrowUp')).toBe(2);
  });

  it('names the kind for screen readers', () => {
    expect(seatName(hall[4] as GridSeat, false)).toBe('Row B, wheelchair space 1, standard, 15.00 USD, available');
    expect(seatName({ ...(hall[0] as GridSeat), kind: 'blocked' }, false)).toBe('Row A, seat 1, out of service');
  });
});
