import { describe, expect, it } from 'vitest';
import {
  accessibleReleaseAt,
  checkSelection,
  companionsWheelchair,
  couplePartner,
  indexSeats,
  spotsFromText,
  strandedBy,
  takenIn,
} from './seat-rules.js';

const id = (row: number, col: number) => row * 100 + col;
const general = { accessible: false, protectedNow: true };

describe('strandedBy', () => {
  const stranded = (rows: string[], picked: number[]) =>
    strandedBy(indexSeats(spotsFromText(rows)), new Set(picked)).map((s) => s.id);

  it('finds a seat left between the selection and a taken seat, an aisle or the row end', () => {
    expect(stranded(['SSSs'], [id(1, 1), id(1, 2)])).toEqual([id(1, 3)]);
    expect(stranded(['SSS_SS'], [id(1, 1), id(1, 2)])).toEqual([id(1, 3)]);
    expect(stranded(['SSS'], [id(1, 2), id(1, 3)])).toEqual([id(1, 1)]);
    expect(stranded(['SSSS'], [id(1, 2)])).toEqual([id(1, 1)]);
  });

  it('leaves alone a selection that leaves two seats or none', () => {
    expect(stranded(['SSSS'], [id(1, 1), id(1, 2)])).toEqual([]);
    expect(stranded(['sSSs'], [id(1, 2), id(1, 3)])).toEqual([]);
    expect(stranded(['SS_SS'], [id(1, 1), id(1, 2)])).toEqual([]);
  });

  it('does not blame the buyer for a seat that was already alone, nor for one in another row', () => {
    expect(stranded(['sSsSS'], [id(1, 4), id(1, 5)])).toEqual([]);
    expect(stranded(['SS', 'S'], [id(1, 1), id(1, 2)])).toEqual([]);
  });

  it('treats wheelchair spaces, companions, couples and blocked seats as closed sides', () => {
    expect(stranded(['WSSS'], [id(1, 3), id(1, 4)])).toEqual([id(1, 2)]);
    expect(stranded(['XSSS'], [id(1, 3), id(1, 4)])).toEqual([id(1, 2)]);
    expect(stranded(['PPSSS'], [id(1, 4), id(1, 5)])).toEqual([id(1, 3)]);
    expect(stranded(['RSS'], [id(1, 2), id(1, 3)])).toEqual([id(1, 1)]);
  });
});

describe('pairs', () => {
  it('pairs couple seats from the left, and a companion with the wheelchair space beside it', () => {
    const index = indexSeats(spotsFromText(['PPPP_CW_WC']));
    const partner = (col: number) => couplePartner(index, index.at(1, col) as never)?.col;
    expect([1, 2, 3, 4].map(partner)).toEqual([2, 1, 4, 3]);
    expect(companionsWheelchair(index, index.at(1, 6) as never)?.col).toBe(7);
    expect(companionsWheelchair(index, index.at(1, 10) as never)?.col).toBe(9);
  });
});

describe('checkSelection', () => {
  const check = (rows: string[], picked: number[], buyer = general, singleSeatRule = true) =>
    checkSelection({ seats: spotsFromText(rows), selectedIds: picked, buyer, singleSeatRule });

  it('allows a plain selection', () => {
    expect(check(['SSSS'], [id(1, 1), id(1, 2)])).toEqual({ ok: true });
  });

  it('never sells a blocked seat', () => {
    expect(check(['XS'], [id(1, 1)])).toMatchObject({ ok: false, code: 'SEAT_NOT_FOR_SALE', seatIds: [id(1, 1)] });
  });

  it('keeps wheelchair spaces and companions for accessible requests until the release', () => {
    expect(check(['WCSS'], [id(1, 1)])).toMatchObject({ code: 'ACCESSIBLE_SEATS_RESERVED', seatIds: [id(1, 1)] });
    expect(check(['WCSS'], [id(1, 1), id(1, 2)], { accessible: true, protectedNow: true })).toEqual({ ok: true });
    expect(check(['WCSS'], [id(1, 1)], { accessible: false, protectedNow: false }).ok).toBe(true);
  });

  it('sells a companion only with its wheelchair space while protected', () => {
    const accessible = { accessible: true, protectedNow: true };
    expect(check(['WC'], [id(1, 2)], accessible)).toMatchObject({
      code: 'COMPANION_NEEDS_WHEELCHAIR',
      seatIds: [id(1, 2)],
      wheelchairIds: [id(1, 1)],
    });
    // The space is someone's already: their companion may follow.
    expect(check(['wC'], [id(1, 2)], accessible)).toEqual({ ok: true });
    expect(check(['WC'], [id(1, 2)], { accessible: false, protectedNow: false })).toEqual({ ok: true });
  });

  it('sells couple seats together unless the partner is gone', () => {
    expect(check(['PPSS'], [id(1, 1)])).toMatchObject({ code: 'COUPLE_SEATS_TOGETHER', partnerIds: [id(1, 2)] });
    expect(check(['PPSS'], [id(1, 1), id(1, 2)])).toEqual({ ok: true });
    expect(check(['pPSS'], [id(1, 2)])).toEqual({ ok: true });
  });

  it('refuses a single-seat gap, naming the seat and suggesting a selection that leaves none', () => {
    const result = check(['SSSSSS'], [id(1, 2), id(1, 3)]);
    expect(result).toEqual({ ok: false, code: 'SINGLE_SEAT_GAP', seatIds: [id(1, 1)], suggestion: [id(1, 1), id(1, 2)] });
  });

  it('allows the gap when no selection of that size avoids it, or when the hall switches the rule off', () => {
    expect(check(['SSS'], [id(1, 1), id(1, 2)])).toEqual({ ok: true });
    expect(check(['SSSSSS'], [id(1, 2), id(1, 3)], general, false)).toEqual({ ok: true });
  });

  it('suggests within the categories chosen', () => {
    const seats = spotsFromText(['SSSS', 'SSSS'], (row) => (row === 1 ? 'vip' : 'standard'));
    const result = checkSelection({ seats, selectedIds: [id(2, 2), id(2, 3)], buyer: general, singleSeatRule: true });
    expect(result).toMatchObject({ code: 'SINGLE_SEAT_GAP', suggestion: [id(2, 1), id(2, 2)] });
  });

  it('leaves taken seats to the claim', () => {
    expect(check(['SsSS'], [id(1, 2), id(1, 3)])).toEqual({ ok: true });
  });
});

describe('takenIn', () => {
  it('names the requested seats the picture shows taken, in the order asked', () => {
    const seats = spotsFromText(['SsSs']);
    expect(takenIn(seats, [id(1, 4), id(1, 1), id(1, 2)])).toEqual([id(1, 4), id(1, 2)]);
  });

  it('answers nothing when every requested seat is free or not in the picture (the claim decides those)', () => {
    expect(takenIn(spotsFromText(['SSS']), [id(1, 1), id(1, 3)])).toEqual([]);
    expect(takenIn(spotsFromText(['SSS']), [id(2, 1)])).toEqual([]);
  });
});

describe('accessibleReleaseAt', () => {
  it('is the given minutes before the start', () => {
    expect(accessibleReleaseAt(10 * 3_600_000, 60)).toBe(9 * 3_600_000);
  });
});
