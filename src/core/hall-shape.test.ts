import { describe, expect, it } from 'vitest';
import {
  findShapeProblems,
  formatShapeText,
  type HallShape,
  parseShapeText,
  planShapeSeats,
  rowRangesOf,
  SEAT_KINDS,
  type ShapeRow,
  sellableCount,
  shapeFromGrid,
  shapeFromRectangle,
} from './hall-shape.js';
import { applyFactor } from './money.js';
import { planGridSeats, planHallSeats } from './seat-layout.js';

const rowsOf = (text: string): ShapeRow[] => {
  const parsed = parseShapeText(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.rows;
};

describe('parseShapeText', () => {
  it('reads rows of seats and gaps, numbering seats from 1 and skipping gaps', () => {
    const [row] = rowsOf('A: SSSS__SSSS');
    expect(row?.label).toBe('A');
    expect(row?.positions).toHaveLength(10);
    expect(row?.positions[4]).toBeNull();
    expect(row?.positions.filter(Boolean).map((p) => p?.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('reads every kind, categories and explicit numbers', () => {
    const [row] = rowsOf('H: [vip]WC_S7SRPPX');
    expect(row?.positions.map((p) => p?.kind ?? null)).toEqual([
      'wheelchair',
      'companion',
      null,
      'standard',
      'standard',
      'restricted_view',
      'couple',
      'couple',
      'blocked',
    ]);
    expect(row?.positions.map((p) => p?.number ?? null)).toEqual([1, 2, null, 7, 8, 9, 10, 11, 12]);
    expect(new Set(row?.positions.filter(Boolean).map((p) => p?.category))).toEqual(new Set(['vip']));
  });

  it('ignores blank lines and # comments, accepts lower case and spaces', () => {
    expect(rowsOf('# front\n\n a : ss ss \n').map((r) => r.label)).toEqual(['A']);
  });

  it('names the line of a problem', () => {
    const parsed = parseShapeText('A: SSSS\nB SSSS\nC: SQS\nD: [bad!]SS');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.map((p) => p.field)).toEqual(['text/line 2', 'text/line 3', 'text/line 4']);
    expect(parsed.problems[1]?.message).toContain('"Q"');
  });
});

describe('formatShapeText', () => {
  it('round-trips hand-written layouts', () => {
    for (const text of [
      'A: SSSS__SSSS__SSSS',
      'A: SSSS\nB: _SSS_\nC: [premium]SS_SS\nD: WC__SS[vip]PP__CW',
      'AA: S3SS_S10S',
      'E: [vip]SS[standard]SS',
      'F: XXSSRR',
    ]) {
      expect(formatShapeText(rowsOf(text))).toBe(text);
    }
  });

  it('round-trips random layouts', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let n = 0; n < 500; n++) {
      const rows: ShapeRow[] = [];
      const rowCount = 1 + Math.floor(random() * 5);
      for (let r = 0; r < rowCount; r++) {
        let number = 0;
        const positions = Array.from({ length: 1 + Math.floor(random() * 12) }, () => {
          if (random() < 0.2) return null;
          number += random() < 0.1 ? 3 : 1;
          return {
            kind: SEAT_KINDS[Math.floor(random() * SEAT_KINDS.length)] ?? 'standard',
            category: ['standard', 'premium', 'vip'][Math.floor(random() * 3)] ?? 'standard',
            number,
          };
        });
        rows.push({ label: `R${r}`, positions });
      }
      const text = formatShapeText(rows);
      expect(rowsOf(text)).toEqual(rows);
    }
  });
});

describe('findShapeProblems', () => {
  const shape = (text: string, categories: HallShape['categories'] = []): HallShape => ({ rows: rowsOf(text), categories });

  it('accepts a hall with aisles and accessible seats', () => {
    expect(findShapeProblems(shape('A: SSSS__SSSS\nB: WC__SSPP__CW', [{ name: 'vip', price_factor: 2 }]))).toEqual([]);
  });

  it('names duplicate rows and numbers, lonely companions, odd couples and bad factors', () => {
    const problems = findShapeProblems(
      shape('A: SS\nA: S1S1\nB: SC_S\nC: PPP', [
        { name: 'vip', price_factor: 0 },
        { name: 'vip', price_factor: 1 },
      ]),
    );
    expect(problems.map((p) => p.field)).toEqual([
      'layout/rows/1/label',
      'layout/rows/1/positions/1/number',
      'layout/rows/2/positions/1',
      'layout/rows/3/positions/2',
      'layout/categories/0/price_factor',
      'layout/categories/1/name',
    ]);
  });

  it('refuses a hall without seats', () => {
    expect(findShapeProblems({ rows: [], categories: [] })[0]?.message).toContain('at least one row');
    expect(findShapeProblems(shape('A: ___'))[0]?.message).toContain('at least one seat');
  });
});

describe('conversions', () => {
  it("plans a rectangle's seats exactly as before", () => {
    const layout = { rows: 4, seats_per_row: 5, categories: [{ name: 'premium', from_row: 3, to_row: 4, price_factor: 1.5 }] };
    const before = planHallSeats(layout, 1000);
    const after = planShapeSeats(shapeFromRectangle(layout), 1000, applyFactor);
    expect(after).toEqual(before);
  });

  it("plans the prototype's total_seats grid exactly as before", () => {
    for (const n of [1, 7, 25, 30, 101]) {
      expect(planShapeSeats(shapeFromGrid(n), 1500, applyFactor)).toEqual(planGridSeats(n, 1500));
    }
  });

  it('gives row ranges back to older clients where whole rows share a category', () => {
    const layout = { rows: 5, seats_per_row: 3, categories: [{ name: 'premium', from_row: 2, to_row: 3, price_factor: 1.5 }] };
    expect(rowRangesOf(shapeFromRectangle(layout))).toEqual(layout.categories);
  });

  it('places seats by position, so an aisle separates numbers', () => {
    const seats = planShapeSeats({ rows: rowsOf('A: SS_SS\nB: X_W'), categories: [] }, 1000, applyFactor);
    expect(seats.map((s) => `${s.label}@${s.col}:${s.kind}`)).toEqual([
      'A1@1:standard',
      'A2@2:standard',
      'A3@4:standard',
      'A4@5:standard',
      'B1@1:blocked',
      'B2@3:wheelchair',
    ]);
    expect(sellableCount({ rows: rowsOf('A: SS_SS\nB: X_W'), categories: [] })).toBe(5);
  });
});
