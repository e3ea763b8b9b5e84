import { describe, expect, it } from 'vitest';
import { findLayoutProblems, planGridSeats, planHallSeats, rowLabel } from './seat-layout.js';

describe('rowLabel', () => {
  it('labels rows A..Z then AA, AB, ...', () => {
    expect(rowLabel(1)).toBe('A');
    expect(rowLabel(26)).toBe('Z');
    expect(rowLabel(27)).toBe('AA');
    expect(rowLabel(28)).toBe('AB');
    expect(rowLabel(52)).toBe('AZ');
    expect(rowLabel(53)).toBe('BA');
  });
});

describe('planHallSeats', () => {
  it('generates rows x seats with categories by row range and standard elsewhere', () => {
    const seats = planHallSeats(
      { rows: 3, seats_per_row: 4, categories: [{ name: 'premium', from_row: 3, to_row: 3, price_factor: 1.5 }] },
      1000,
    );
    expect(seats).toHaveLength(12);
    expect(seats[0]).toMatchObject({ label: 'A1', category: 'standard', price: 1000 });
    expect(seats[11]).toMatchObject({ label: 'C4', row_label: 'C', number: 4, category: 'premium', price: 1500 });
  });
});

describe('planGridSeats', () => {
  it('makes the prototype 5x5 grid with 18/15/12 tiers for a base of 15', () => {
    const seats = planGridSeats(25, 1500);
    expect(seats).toHaveLength(25);
    expect(new Set(seats.map((s) => s.row_label))).toEqual(new Set(['A', 'B', 'C', 'D', 'E']));
    const priceOf = (label: string) => seats.find((s) => s.label === label)?.price;
    expect(priceOf('A1')).toBe(1800);
    expect(priceOf('B5')).toBe(1800);
    expect(priceOf('C1')).toBe(1500);
    expect(priceOf('E5')).toBe(1200);
  });

  it('gives every grid all three tiers once it has three rows', () => {
    for (const n of [7, 12, 30, 101]) {
      const categories = new Set(planGridSeats(n, 1500).map((s) => s.category));
      expect(categories).toEqual(new Set(['premium', 'standard', 'economy']));
    }
    const twelve = planGridSeats(12, 1500); // 4 rows of 3
    expect(twelve.filter((s) => s.row_label === 'C').every((s) => s.category === 'standard')).toBe(true);
    expect(twelve.filter((s) => s.row_label === 'D').every((s) => s.category === 'economy')).toBe(true);
  });

  it('keeps exactly the requested number of seats when it is not a square', () => {
    for (const n of [1, 2, 7, 10, 30, 101, 500]) {
      const seats = planGridSeats(n, 1000);
      expect(seats).toHaveLength(n);
      expect(new Set(seats.map((s) => s.label)).size).toBe(n);
    }
  });
});

describe('findLayoutProblems', () => {
  it('accepts a valid layout', () => {
    expect(
      findLayoutProblems({ rows: 5, seats_per_row: 5, categories: [{ name: 'vip', from_row: 4, to_row: 5, price_factor: 2 }] }),
    ).toEqual([]);
  });

  it('names reversed, out-of-hall and overlapping ranges', () => {
    const problems = findLayoutProblems({
      rows: 5,
      seats_per_row: 5,
      categories: [
        { name: 'a', from_row: 3, to_row: 2, price_factor: 1 },
        { name: 'b', from_row: 1, to_row: 9, price_factor: 1 },
        { name: 'c', from_row: 2, to_row: 2, price_factor: 1 },
      ],
    });
    expect(problems.map((p) => p.field)).toEqual(['categories/0', 'categories/1', 'categories/2']);
  });

  it('bounds price factors at 10, so a seat costs at most ten times the base price', () => {
    const layout = (price_factor: number) => ({
      rows: 2,
      seats_per_row: 2,
      categories: [{ name: 'vip', from_row: 1, to_row: 1, price_factor }],
    });
    expect(findLayoutProblems(layout(10))).toEqual([]);
    for (const factor of [100, 10.01, 0, -1, Number.NaN]) {
      expect(findLayoutProblems(layout(factor))).toEqual([
        { field: 'categories/0/price_factor', message: 'must be more than 0 and at most 10' },
      ]);
    }
  });
});
