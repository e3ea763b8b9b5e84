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

/** A seeded generator, so a failure names the case that fails and replays it. */
function randomSource(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function randomHall(random: () => number): SeatSpot[] {
  const rows: string[] = [];
  const rowCount = 1 + Math.floor(random() * 6);
  for (let r = 0; r < rowCount; r++) {
    let line = '';
    const length = 1 + Math.floor(random() * 14);
    while (line.length < length) {
      const x = random();
      let piece = 'S';
      if (x < 0.12) piece = '_';
      else if (x < 0.16) piece = 'X';
      else if (x < 0.19) piece = 'WC';
      else if (x < 0.22) piece = 'PP';
      else if (x < 0.26) piece = 'R';
      line += [...piece].map((ch) => (ch !== '_' && random() < 0.35 ? ch.toLowerCase() : ch)).join('');
    }
    rows.push(line);
  }
  return spotsFromText(rows, (row, col) => ((row + col) % 3 === 0 ? 'vip' : 'standard'));
}

describe('findBestSeats on random halls', () => {
  const CASES = 3000;

  it(`keeps its promises over ${CASES} random halls and occupancies`, () => {
    const random = randomSource(20260504);
    for (let n = 0; n < CASES; n++) {
      const seats = randomHall(random);
      const count = 1 + Math.floor(random() * 6);
      const category = random() < 0.3 ? 'vip' : undefined;
      const accessible = random() < 0.15;
      const result = findBestSeats({ seats, count, category, accessible, protectedNow: true });
      const index = indexSeats(seats);
      const buyer = { accessible, protectedNow: true };
      const eligible = (s: SeatSpot) =>
        s.free &&
        s.kind !== 'blocked' &&
        (category === undefined || s.category === category) &&
        (accessible || (s.kind !== 'wheelchair' && s.kind !== 'companion'));
      const windows = rowWindows(index, count).filter((w) => w.every(eligible) && isValidChoice(index, w, buyer, accessible));
      const context = `case ${n}: count ${count} category ${category} accessible ${accessible}`;
      if (!result.ok) {
        // Nothing offered only when no row block exists either.
        expect(windows, context).toEqual([]);
        continue;
      }
      const offered = result.seatIds.map((sid) => index.byId.get(sid) as SeatSpot);
      expect(offered, context).toHaveLength(count);
      expect(new Set(result.seatIds).size, context).toBe(count);
      for (const seat of offered) expect(eligible(seat), `${context}: seat ${seat.id}`).toBe(true);
      expect(isValidChoice(index, offered, buyer, accessible), context).toBe(true);
      // together whenever some same-row block exists
      expect(result.together, context).toBe(windows.length > 0);
      if (result.together) {
        const row = offered[0]?.row;
        const cols = offered.map((s) => s.col).sort((a, b) => a - b);
        expect(
          offered.every((s) => s.row === row),
          context,
        ).toBe(true);
        expect((cols.at(-1) as number) - (cols[0] as number), context).toBe(count - 1);
      }
      // a single seat is left alone only when no block of that size avoids it
      const strands = strandedBy(index, new Set(result.seatIds)).length > 0;
      expect(strands, context).toBe(result.strandedIds.length > 0);
      if (strands) {
        const avoidable = windows.some((w) => strandedBy(index, new Set(w.map((s) => s.id))).length === 0);
        expect(avoidable, context).toBe(false);
      }
    }
  });
});
