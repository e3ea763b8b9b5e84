import {
  type Buyer,
  companionsWheelchair,
  couplePartner,
  indexSeats,
  isValidChoice,
  rowWindows,
  type SeatIndex,
  type SeatSpot,
  strandedBy,
} from './seat-rules.js';

export type BestSeatsRequest = {
  seats: SeatSpot[];
  count: number;
  category?: string | undefined;
  /** Wheelchair spaces and companions are offered only to accessible requests, and then the choice includes a wheelchair space. */
  accessible: boolean;
  protectedNow: boolean;
};

/** Which of seats.io's steps found the seats: 1 and 2 are one row side by side. */
export type BestSeatsStep = 'row_no_single_seat' | 'row' | 'rows_no_single_seat' | 'split';

export type BestSeats =
  | { ok: true; seatIds: number[]; together: boolean; step: BestSeatsStep; strandedIds: number[] }
  | { ok: false; available: { seats: number; together: number; categories: Record<string, number> } };

/** How many start seats the across-rows search grows a group from. */
const STARTS = 40;

/**
 * The best point of a hall: centred between its outermost seats, about two-thirds of the way back
 * from the screen (row 1 is nearest the screen).
 */
export function bestPoint(seats: SeatSpot[]): { row: number; col: number } {
  if (seats.length === 0) return { row: 0, col: 0 };
  const rows = seats.map((s) => s.row);
  const cols = seats.map((s) => s.col);
  const front = Math.min(...rows);
  const back = Math.max(...rows);
  return { row: front + ((back - front) * 2) / 3, col: (Math.min(...cols) + Math.max(...cols)) / 2 };
}

const distanceTo = (point: { row: number; col: number }, seats: SeatSpot[]) => {
  const row = seats.reduce((sum, s) => sum + s.row, 0) / seats.length;
  const col = seats.reduce((sum, s) => sum + s.col, 0) / seats.length;
  return Math.hypot(row - point.row, col - point.col);
};

/**
 * Best available, following seats.io's documented order: (1) seats side by side in one row that
 * leave no single empty seat, closest to the best point; (2) side by side in one row; (3) the
 * closest seats across rows, leaving no single seat; (4) split. Side by side means neighbouring
 * positions: an aisle separates. A couple is never split and, for accessible requests, a
 * companion comes with its wheelchair space. Taken, held and blocked seats are never offered,
 * nor wheelchair spaces and companions unless the request is accessible.
 */
export function findBestSeats(request: BestSeatsRequest): BestSeats {
  const buyer: Buyer = { accessible: request.accessible, protectedNow: request.protectedNow };
  const index = indexSeats(request.seats);
  const eligible = (s: SeatSpot) =>
    s.free &&
    s.kind !== 'blocked' &&
    (request.category === undefined || s.category === request.category) &&
    (request.accessible || (s.kind !== 'wheelchair' && s.kind !== 'companion'));
  const candidates = request.seats.filter(eligible);
  const point = bestPoint(request.seats.filter((s) => s.kind !== 'blocked'));
  const valid = (seats: SeatSpot[]) => seats.every(eligible) && isValidChoice(index, seats, buyer, request.accessible);
  const leavesNone = (seats: SeatSpot[]) => strandedBy(index, new Set(seats.map((s) => s.id))).length === 0;
  const answer = (seats: SeatSpot[], step: BestSeatsStep) => ({
    ok: true as const,
    seatIds: seats.map((s) => s.id).sort((a, b) => a - b),
    together: step === 'row_no_single_seat' || step === 'row',
    step,
    strandedIds: strandedBy(index, new Set(seats.map((s) => s.id))).map((s) => s.id),
  });

  if (request.count >= 1 && candidates.length >= request.count) {
    const windows = rowWindows(index, request.count).filter(valid);
    // A wheelchair space goes with its free companion seat when the count allows.
    const keepsCompanions = (seats: SeatSpot[]) =>
      seats.every(
        (s) =>
          s.kind !== 'wheelchair' ||
          [index.at(s.row, s.col - 1), index.at(s.row, s.col + 1)].every(
            (n) => n?.kind !== 'companion' || !n.free || seats.includes(n) || companionsWheelchair(index, n) !== s,
          ),
      );
    const nearest = (list: SeatSpot[][]) => {
      const kept = request.accessible ? list.filter(keepsCompanions) : list;
      return pickNearest(kept.length > 0 ? kept : list, point);
    };
    const step1 = nearest(windows.filter(leavesNone));
    if (step1) return answer(step1, 'row_no_single_seat');
    const step2 = nearest(windows);
    if (step2) return answer(step2, 'row');
    const groups = acrossRows(index, candidates, request.count, point, valid, request.accessible);
    const step3 = nearest(groups.filter(leavesNone));
    if (step3) return answer(step3, 'rows_no_single_seat');
    const step4 = nearest(groups);
    if (step4) return answer(step4, 'split');
  }
  return { ok: false, available: availableInstead(index, request, candidates, valid) };
}

function pickNearest(choices: SeatSpot[][], point: { row: number; col: number }): SeatSpot[] | undefined {
  let best: { seats: SeatSpot[]; distance: number; first: SeatSpot } | undefined;
  for (const seats of choices) {
    const distance = distanceTo(point, seats);
    const first = seats[0] as SeatSpot;
    // Ties go to the row nearer the screen, then to the left: the same answer every time.
    if (
      !best ||
      distance < best.distance - 1e-9 ||
      (Math.abs(distance - best.distance) <= 1e-9 &&
        (first.row < best.first.row || (first.row === best.first.row && first.col < best.first.col)))
    ) {
      best = { seats, distance, first };
    }
  }
  return best?.seats;
}

/**
 * Groups grown from the seats nearest the best point: each step adds the free seat nearest the
 * group (with its couple partner or, for accessible requests, a companion's wheelchair space).
 */
function acrossRows(
  index: SeatIndex,
  candidates: SeatSpot[],
  count: number,
  point: { row: number; col: number },
  valid: (seats: SeatSpot[]) => boolean,
  accessible: boolean,
): SeatSpot[][] {
  const unitOf = (seat: SeatSpot): SeatSpot[] => {
    const partner = couplePartner(index, seat) ?? companionsWheelchair(index, seat);
    return partner?.free && candidates.includes(partner) ? [seat, partner] : [seat];
  };
  // An accessible group is grown from a wheelchair space.
  const starts = candidates
    .filter((s) => !accessible || s.kind === 'wheelchair')
    .sort((a, b) => Math.hypot(a.row - point.row, a.col - point.col) - Math.hypot(b.row - point.row, b.col - point.col))
    .slice(0, STARTS);
  const groups: SeatSpot[][] = [];
  const seen = new Set<string>();
  for (const start of starts) {
    const group = new Map<number, SeatSpot>();
    for (const s of unitOf(start)) group.set(s.id, s);
    while (group.size < count) {
      const seats = [...group.values()];
      const centre = {
        row: seats.reduce((sum, s) => sum + s.row, 0) / seats.length,
        col: seats.reduce((sum, s) => sum + s.col, 0) / seats.length,
      };
      let next: SeatSpot[] | undefined;
      let nextDistance = Number.POSITIVE_INFINITY;
      for (const seat of candidates) {
        if (group.has(seat.id)) continue;
        const unit = unitOf(seat).filter((s) => !group.has(s.id));
        if (group.size + unit.length > count) continue;
        const distance =
          Math.min(...seats.map((s) => Math.hypot(s.row - seat.row, s.col - seat.col))) * 10 +
          Math.hypot(seat.row - centre.row, seat.col - centre.col);
        if (distance < nextDistance) {
          nextDistance = distance;
          next = unit;
        }
      }
      if (!next) break;
      for (const s of next) group.set(s.id, s);
    }
    if (group.size !== count) continue;
    const seats = [...group.values()].sort((a, b) => a.row - b.row || a.col - b.col);
    const key = seats.map((s) => s.id).join(',');
    if (seen.has(key) || !valid(seats)) continue;
    seen.add(key);
    groups.push(seats);
  }
  return groups;
}

function availableInstead(
  index: SeatIndex,
  request: BestSeatsRequest,
  candidates: SeatSpot[],
  valid: (seats: SeatSpot[]) => boolean,
): { seats: number; together: number; categories: Record<string, number> } {
  let together = 0;
  for (let n = Math.min(candidates.length, 10); n >= 1 && together === 0; n--) {
    if (rowWindows(index, n).some(valid)) together = n;
  }
  const categories: Record<string, number> = {};
  for (const s of request.seats) {
    if (!s.free || s.kind === 'blocked') continue;
    if (!request.accessible && (s.kind === 'wheelchair' || s.kind === 'companion')) continue;
    categories[s.category] = (categories[s.category] ?? 0) + 1;
  }
  return { seats: candidates.length, together, categories };
}
