import { describe, expect, it } from 'vitest';
import { type GridSeat, layoutRows, seatAfterMove, seatName } from './seatLayout';

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
