import { describe, expect, it } from 'vitest';
import { formatShapeText, parseShapeText, type ShapeRow } from '../../../../core/hall-shape';
import { addColumn, addRow, paintPosition, previewSeats, rectangleText, removeLastRow } from './hallDraft';

const rows = (text: string): ShapeRow[] => {
  const parsed = parseShapeText(text);
  if (!parsed.ok) throw new Error('bad text');
  return parsed.rows;
};

describe('painting a hall', () => {
  it('starts from a rectangle', () => {
    expect(rectangleText(2, 3)).toBe('A: SSS\nB: SSS');
  });

  it('paints gaps, kinds and categories, numbering the row afresh', () => {
    let hall = rows('A: SSSSSS');
    hall = paintPosition(hall, 0, 2, 'gap', 'standard');
    hall = paintPosition(hall, 0, 0, 'wheelchair', 'standard');
    hall = paintPosition(hall, 0, 5, 'standard', 'vip');
    expect(formatShapeText(hall)).toBe('A: WS_SS[vip]S');
    // Painting past the end widens the row; a trailing gap is dropped.
    expect(formatShapeText(paintPosition(rows('A: SS'), 0, 3, 'couple', 'standard'))).toBe('A: SS_P');
    expect(formatShapeText(paintPosition(rows('A: SSS'), 0, 2, 'gap', 'standard'))).toBe('A: SS');
  });

  it('adds and removes rows and seats', () => {
    expect(formatShapeText(addRow(rows('A: S_S')))).toBe('A: S_S\nB: S_S');
    expect(formatShapeText(removeLastRow(rows('A: S\nB: S')))).toBe('A: S');
    expect(formatShapeText(addColumn(rows('A: S_S\nB: S')))).toBe('A: S_SS\nB: SS');
  });

  it('previews the seats with their columns and reports problems plainly', () => {
    const preview = previewSeats({ name: 'x', text: 'A: SC_S', categories: [], singleSeatRule: true });
    expect(preview?.seats.map((s) => s.column)).toEqual([1, 2, 4]);
    expect(preview?.problems).toEqual(['Row A: companion seat A2 must be next to a wheelchair space']);
    expect(previewSeats({ name: 'x', text: 'A SS', categories: [], singleSeatRule: true })?.problems[0]).toContain('line 1');
  });
});
