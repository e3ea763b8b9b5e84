import type { Hall, HallBody } from '../../../../contract/admin';
import {
  findShapeProblems,
  formatShapeText,
  type HallShape,
  numberSeats,
  parseShapeText,
  planShapeSeats,
  type SeatKind,
  type ShapeRow,
} from '../../../../core/hall-shape';
import { applyFactor } from '../../../../core/money';
import { rowLabel } from '../../../../core/seat-layout';
import type { GridSeat } from '../../seat-map/seatLayout';

export type PriceDraft = { key: number; name: string; price_factor: number | string };

/** The hall being edited; the text form is the one truth the grid paints on and the preview draws. */
export type HallDraft = { name: string; text: string; categories: PriceDraft[]; singleSeatRule: boolean };

export type PaintTool = SeatKind | 'gap';

let nextKey = 1;
export const newPriceCategory = (): PriceDraft => ({ key: nextKey++, name: '', price_factor: 1 });

/** A rows x seats rectangle in the text form, e.g. to start a new hall from. */
export function rectangleText(rows: number, perRow: number): string {
  return formatShapeText(
    Array.from({ length: rows }, (_, r) => ({
      label: rowLabel(r + 1),
      positions: numberSeats(Array.from({ length: perRow }, () => ({ kind: 'standard' as const, category: 'standard' }))),
    })),
  );
}

export function toHallDraft(hall: Hall | null): HallDraft {
  if (!hall) return { name: '', text: rectangleText(8, 12), categories: [], singleSeatRule: true };
  return {
    name: hall.name,
    text: hall.layout.text,
    categories: hall.layout.categories.map((c) => ({ ...c, key: nextKey++ })),
    singleSeatRule: hall.single_seat_rule,
  };
}

const num = (value: number | string) => (typeof value === 'number' ? value : Number.NaN);

const priceCategories = (draft: HallDraft) =>
  draft.categories.map((c) => ({ name: c.name.trim(), price_factor: num(c.price_factor) }));

export function toHallBody(draft: HallDraft): HallBody {
  return {
    name: draft.name.trim(),
    layout: { text: draft.text, categories: priceCategories(draft) },
    single_seat_rule: draft.singleSeatRule,
  };
}

/** The rows of the text form, or why they cannot be read. */
export function draftRows(draft: HallDraft): { ok: true; rows: ShapeRow[] } | { ok: false; problems: string[] } {
  const parsed = parseShapeText(draft.text);
  if (!parsed.ok) return { ok: false, problems: parsed.problems.map((p) => `${p.field.replace('text/', '')}: ${p.message}`) };
  return { ok: true, rows: parsed.rows };
}

/** Paints one position: a seat of a kind and category, or a gap. The row is numbered afresh from 1. */
export function paintPosition(
  rows: ShapeRow[],
  rowIndex: number,
  position: number,
  tool: PaintTool,
  category: string,
): ShapeRow[] {
  return rows.map((row, r) => {
    if (r !== rowIndex) return row;
    const positions = [...row.positions];
    while (positions.length <= position) positions.push(null);
    positions[position] = tool === 'gap' ? null : { kind: tool, category, number: 0 };
    // Trailing gaps mean nothing; a row keeps at least its painted width otherwise.
    while (positions.length > 1 && positions.at(-1) === null) positions.pop();
    return {
      label: row.label,
      positions: numberSeats(positions.map((p) => (p === null ? null : { kind: p.kind, category: p.category }))),
    };
  });
}

/** Adds a row behind the last one, a copy of it under the next free label. */
export function addRow(rows: ShapeRow[]): ShapeRow[] {
  const taken = new Set(rows.map((r) => r.label));
  let n = rows.length + 1;
  while (taken.has(rowLabel(n))) n += 1;
  const last = rows.at(-1);
  const positions = last
    ? last.positions.map((p) => (p === null ? null : { kind: p.kind, category: p.category, number: p.number }))
    : [{ kind: 'standard' as const, category: 'standard', number: 1 }];
  return [...rows, { label: rowLabel(n), positions }];
}

export const removeLastRow = (rows: ShapeRow[]): ShapeRow[] => (rows.length > 1 ? rows.slice(0, -1) : rows);

/** Adds a standard seat at the end of every row. */
export function addColumn(rows: ShapeRow[]): ShapeRow[] {
  return rows.map((row) => paintPosition([row], 0, row.positions.length, 'standard', 'standard')[0] as ShapeRow);
}

const PREVIEW_BASE = 10_000;

/**
 * The seats the server will generate, with the same rules (src/core), so the preview cannot
 * disagree with the result; and the problems saving would report.
 */
export function previewSeats(draft: HallDraft): { seats: GridSeat[]; problems: string[] } | null {
  const read = draftRows(draft);
  if (!read.ok) return { seats: [], problems: read.problems };
  const categories = priceCategories(draft).filter((c) => c.name !== '' && c.price_factor > 0);
  const shape: HallShape = { rows: read.rows, categories };
  const problems = findShapeProblems({ rows: read.rows, categories: priceCategories(draft) }).map(
    (p) => `${describeField(p.field, read.rows)}: ${p.message.replace(/_/g, ' ')}`,
  );
  const seats = planShapeSeats(shape, PREVIEW_BASE, applyFactor).map((s, i) => ({
    id: i + 1,
    row: s.row_label,
    number: s.number,
    category: s.category,
    status: 'available' as const,
    priceText: `${(s.factor_bp / 10_000).toFixed(2)} × base price`,
    kind: s.kind,
    column: s.col,
    rowIndex: s.row_index,
  }));
  return { seats, problems };
}

function describeField(field: string, rows: ShapeRow[]): string {
  const row = /^layout\/rows\/(\d+)/.exec(field);
  if (row) return `Row ${rows[Number(row[1])]?.label ?? Number(row[1]) + 1}`;
  const category = /^layout\/categories\/(\d+)/.exec(field);
  if (category) return `Category ${Number(category[1]) + 1}`;
  return 'Layout';
}
