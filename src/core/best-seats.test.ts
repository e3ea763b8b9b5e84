import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bestPoint, findBestSeats } from './best-seats.js';
import { indexSeats, isValidChoice, rowWindows, type SeatSpot, spotsFromText, strandedBy } from './seat-rules.js';

const id = (row: number, col: number) => row * 100 + col;
const best = (rows: string[], count: number, extra: { accessible?: boolean; category?: string } = {}) =>
  findBestSeats({
    seats: spotsFromText(rows),
    count,
    accessible: extra.accessible ?? false,
    protectedNow: true,
    category: extra.category,
  });

describe('findBestSeats on named layouts', () => {
  it('aims at the centre, two-thirds of the way back', () => {
    const rows = ['SSSSSSS', 'SSSSSSS', 'SSSSSSS', 'SSSSSSS'];
    expect(bestPoint(spotsFromText(rows))).toEqual({ row: 3, col: 4 });
    expect(best(rows, 1)).toMatchObject({ ok: true, seatIds: [id(3, 4)], together: true, step: 'row_no_single_seat' });
    expect(best(rows, 3)).toMatchObject({ seatIds: [id(3, 3), id(3, 4), id(3, 5)], together: true });
  });

  it('treats an aisle as a break: seats either side are not together', () => {
    const result = best(['SS_SS'], 4);
    expect(result).toMatchObject({ ok: true, together: false });
  });

  it('prefers a block that leaves no single seat over a closer one that does (step 1 before 2)', () => {
    // Row 1 has the centre but four seats leave one alone there; row 2 takes four whole.
    const result = best(['sSSSSSs', '_SSSS__', 'sssssss'], 4);
    expect(result).toMatchObject({ ok: true, step: 'row_no_single_seat', seatIds: [id(2, 2), id(2, 3), id(2, 4), id(2, 5)] });
  });

  it('takes a row block that strands a seat when nothing else keeps the group together (step 2)', () => {
    const result = best(['sSSSs', 'sssss'], 2);
    expect(result).toMatchObject({ ok: true, step: 'row', together: true });
    if (result.ok) expect(result.strandedIds).toHaveLength(1);
  });

  it('goes across rows, then splits', () => {
    expect(best(['sSSs', 'sSSs'], 4)).toMatchObject({ ok: true, step: 'rows_no_single_seat', together: false });
    const split = best(['SsSsS', 'sssss', 'ssSss'], 3);
    expect(split).toMatchObject({ ok: true, together: false });
  });

  it('never offers taken, blocked, wheelchair or companion seats to a general request', () => {
    const result = best(['WCXsSS'], 2);
    expect(result).toMatchObject({ ok: true, seatIds: [id(1, 5), id(1, 6)] });
    expect(best(['WCXsS'], 2)).toMatchObject({ ok: false, available: { seats: 1, together: 1 } });
  });

  it('gives an accessible request a wheelchair space with its companion', () => {
    const result = best(['SSSSWC', 'SSSSSS'], 2, { accessible: true });
    expect(result).toMatchObject({ ok: true, seatIds: [id(1, 5), id(1, 6)] });
    expect(best(['SSSS', 'SSSS'], 2, { accessible: true })).toMatchObject({ ok: false });
  });

  it('keeps couples whole', () => {
    const result = best(['sPPSs'], 1);
    expect(result).toMatchObject({ ok: true, seatIds: [id(1, 4)] });
    expect(best(['sPPs'], 1)).toMatchObject({ ok: false });
    expect(best(['sPPs'], 2)).toMatchObject({ ok: true, seatIds: [id(1, 2), id(1, 3)] });
  });

  it('keeps to the asked category and says what is available instead', () => {
    const seats = spotsFromText(['SSSS', 'SSSS'], (row) => (row === 1 ? 'vip' : 'standard'));
    const result = findBestSeats({ seats, count: 5, category: 'vip', accessible: false, protectedNow: true });
    expect(result).toEqual({ ok: false, available: { seats: 4, together: 4, categories: { vip: 4, standard: 4 } } });
  });
});

/** A hall as text rows: seats (S), gaps (_), blocked (X), a wheelchair space with its companion (WC), a couple (PP), restricted view (R); lower case is taken. */
const pieceArb = fc.oneof(
  { weight: 74, arbitrary: fc.constant('S') },
  { weight: 12, arbitrary: fc.constant('_') },
  { weight: 4, arbitrary: fc.constant('X') },
  { weight: 3, arbitrary: fc.constant('WC') },
  { weight: 3, arbitrary: fc.constant('PP') },
  { weight: 4, arbitrary: fc.constant('R') },
);
const rowArb = fc
  .array(fc.tuple(pieceArb, fc.array(fc.boolean(), { minLength: 2, maxLength: 2 })), { minLength: 1, maxLength: 14 })
  .map((pieces) =>
    pieces.map(([piece, taken]) => [...piece].map((ch, i) => (ch !== '_' && taken[i] ? ch.toLowerCase() : ch)).join('')).join(''),
  );
const hallArb = fc
  .array(rowArb, { minLength: 1, maxLength: 6 })
  .map((rows) => spotsFromText(rows, (row, col) => ((row + col) % 3 === 0 ? 'vip' : 'standard')));

/** Every promise findBestSeats makes, checked on one hall and request. */
function keepsItsPromises(seats: SeatSpot[], count: number, category: string | undefined, accessible: boolean) {
  const result = findBestSeats({ seats, count, category, accessible, protectedNow: true });
  const index = indexSeats(seats);
  const buyer = { accessible, protectedNow: true };
  const eligible = (s: SeatSpot) =>
    s.free &&
    s.kind !== 'blocked' &&
    (category === undefined || s.category === category) &&
    (accessible || (s.kind !== 'wheelchair' && s.kind !== 'companion'));
  const windows = rowWindows(index, count).filter((w) => w.every(eligible) && isValidChoice(index, w, buyer, accessible));
  if (!result.ok) {
    // Nothing offered only when no row block exists either.
    expect(windows).toEqual([]);
    return;
  }
  const offered = result.seatIds.map((sid) => index.byId.get(sid) as SeatSpot);
  expect(offered).toHaveLength(count);
  expect(new Set(result.seatIds).size).toBe(count);
  for (const seat of offered) expect(eligible(seat), `seat ${seat.id}`).toBe(true);
  expect(isValidChoice(index, offered, buyer, accessible)).toBe(true);
  // together whenever some same-row block exists
  expect(result.together).toBe(windows.length > 0);
  if (result.together) {
    const row = offered[0]?.row;
    const cols = offered.map((s) => s.col).sort((a, b) => a - b);
    expect(offered.every((s) => s.row === row)).toBe(true);
    expect((cols.at(-1) as number) - (cols[0] as number)).toBe(count - 1);
  }
  // a single seat is left alone only when no block of that size avoids it
  const strands = strandedBy(index, new Set(result.seatIds)).length > 0;
  expect(strands).toBe(result.strandedIds.length > 0);
  if (strands) {
    const avoidable = windows.some((w) => strandedBy(index, new Set(w.map((s) => s.id))).length === 0);
    expect(avoidable).toBe(false);
  }
}

describe('findBestSeats on random halls (fast-check)', () => {
  const RUNS = 3000;

  it(`keeps its promises over ${RUNS} random halls, occupancies and requests (shrunk to the smallest failing hall)`, () => {
    fc.assert(
      fc.property(
        hallArb,
        fc.integer({ min: 1, max: 6 }),
        fc.option(fc.constant('vip'), { freq: 3 }),
        fc.boolean(),
        (seats, count, category, accessible) => keepsItsPromises(seats, count, category ?? undefined, accessible),
      ),
      // A fixed seed: every run checks the same halls, and a failure replays.
      { numRuns: RUNS, seed: 20260504 },
    );
  });
});
