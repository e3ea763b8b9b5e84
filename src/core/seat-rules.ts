import type { SeatKind } from './hall-shape.js';

/**
 * A showtime's seats as the seating rules see them: where each one physically is (row, column;
 * gaps take columns), what kind it is, and whether it is free now (an expired hold is free).
 */
export type SeatSpot = { id: number; row: number; col: number; kind: SeatKind; category: string; free: boolean };

/** Who is asking: an accessible request may take wheelchair spaces and companions while they are protected. */
export type Buyer = { accessible: boolean; protectedNow: boolean };

export type SeatIndex = {
  byId: Map<number, SeatSpot>;
  at(row: number, col: number): SeatSpot | undefined;
  rows: Map<number, SeatSpot[]>;
};

export function indexSeats(seats: SeatSpot[]): SeatIndex {
  const byId = new Map<number, SeatSpot>();
  const byPlace = new Map<string, SeatSpot>();
  const rows = new Map<number, SeatSpot[]>();
  for (const seat of seats) {
    byId.set(seat.id, seat);
    byPlace.set(`${seat.row}:${seat.col}`, seat);
    const row = rows.get(seat.row) ?? [];
    row.push(seat);
    rows.set(seat.row, row);
  }
  for (const row of rows.values()) row.sort((a, b) => a.col - b.col);
  return { byId, rows, at: (row, col) => byPlace.get(`${row}:${col}`) };
}

/** Whether a buyer may ever take this seat (ignoring whether it is free). */
export function offeredTo(seat: SeatSpot, buyer: Buyer): boolean {
  switch (seat.kind) {
    case 'blocked':
      return false;
    case 'wheelchair':
    case 'companion':
      return buyer.accessible || !buyer.protectedNow;
    case 'standard':
    case 'restricted_view':
    case 'couple':
      return true;
  }
}

/**
 * The other half of a couple seat: consecutive couple seats pair from the left (1-2, 3-4, ...).
 * Undefined for any other kind, or an unpaired tail.
 */
export function couplePartner(index: SeatIndex, seat: SeatSpot): SeatSpot | undefined {
  if (seat.kind !== 'couple') return undefined;
  let start = seat.col;
  while (index.at(seat.row, start - 1)?.kind === 'couple') start -= 1;
  const partnerCol = (seat.col - start) % 2 === 0 ? seat.col + 1 : seat.col - 1;
  const partner = index.at(seat.row, partnerCol);
  return partner?.kind === 'couple' ? partner : undefined;
}

/** A companion seat's wheelchair space: the one on its left, else on its right. */
export function companionsWheelchair(index: SeatIndex, seat: SeatSpot): SeatSpot | undefined {
  if (seat.kind !== 'companion') return undefined;
  const left = index.at(seat.row, seat.col - 1);
  if (left?.kind === 'wheelchair') return left;
  const right = index.at(seat.row, seat.col + 1);
  return right?.kind === 'wheelchair' ? right : undefined;
}

/** Seats that can be left alone: those anyone can buy one at a time. */
const canBeStranded = (s: SeatSpot) => s.kind === 'standard' || s.kind === 'restricted_view';

/**
 * Free seats the selection would leave alone: a seat anyone can buy, free, with no free seat of
 * that sort beside it (taken seats, the selection, a gap, a row end, or a protected or paired seat
 * on both sides), that had such a neighbour before. Seats already alone are not the buyer's doing.
 */
export function strandedBy(index: SeatIndex, selected: ReadonlySet<number>): SeatSpot[] {
  const open = (s: SeatSpot | undefined, withSelection: boolean) =>
    s?.free === true && canBeStranded(s) && !(withSelection && selected.has(s.id));
  const stranded = new Map<number, SeatSpot>();
  for (const id of selected) {
    const seat = index.byId.get(id);
    if (!seat) continue;
    for (const side of [-1, 1]) {
      const n = index.at(seat.row, seat.col + side);
      if (!n || !open(n, true) || stranded.has(n.id)) continue;
      const left = index.at(n.row, n.col - 1);
      const right = index.at(n.row, n.col + 1);
      const aloneAfter = !open(left, true) && !open(right, true);
      const aloneBefore = !open(left, false) && !open(right, false);
      if (aloneAfter && !aloneBefore) stranded.set(n.id, n);
    }
  }
  return [...stranded.values()].sort((a, b) => a.id - b.id);
}

/**
 * Whether these seats (one row, consecutive columns, or any set) may be sold as one choice:
 * all free and offered to the buyer, no couple split, every companion with its wheelchair space
 * (unless that space is already taken), and, when `needsWheelchair`, at least one wheelchair space.
 */
export function isValidChoice(index: SeatIndex, seats: SeatSpot[], buyer: Buyer, needsWheelchair: boolean): boolean {
  const ids = new Set(seats.map((s) => s.id));
  let wheelchair = false;
  for (const seat of seats) {
    if (!seat.free || !offeredTo(seat, buyer)) return false;
    if (seat.kind === 'wheelchair') wheelchair = true;
    const partner = couplePartner(index, seat);
    if (partner?.free && !ids.has(partner.id)) return false;
    if (seat.kind === 'companion' && buyer.protectedNow) {
      const space = companionsWheelchair(index, seat);
      if (space?.free && !ids.has(space.id)) return false;
    }
  }
  return !needsWheelchair || wheelchair;
}

/** Every run of `count` seats side by side in one row (no gap between), left to right, front to back. */
export function rowWindows(index: SeatIndex, count: number): SeatSpot[][] {
  const windows: SeatSpot[][] = [];
  for (const row of [...index.rows.keys()].sort((a, b) => a - b)) {
    const seats = index.rows.get(row) as SeatSpot[];
    for (let i = 0; i + count <= seats.length; i++) {
      const window = seats.slice(i, i + count);
      const last = window.at(-1) as SeatSpot;
      if (last.col - (window[0] as SeatSpot).col === count - 1) windows.push(window);
    }
  }
  return windows;
}

export type SelectionCheck =
  | { ok: true }
  | { ok: false; code: 'SEAT_NOT_FOR_SALE'; seatIds: number[] }
  | { ok: false; code: 'ACCESSIBLE_SEATS_RESERVED'; seatIds: number[] }
  | { ok: false; code: 'COMPANION_NEEDS_WHEELCHAIR'; seatIds: number[]; wheelchairIds: number[] }
  | { ok: false; code: 'COUPLE_SEATS_TOGETHER'; seatIds: number[]; partnerIds: number[] }
  | { ok: false; code: 'SINGLE_SEAT_GAP'; seatIds: number[]; suggestion: number[] };

/**
 * The requested seats a picture shows taken (not free), in the order asked; seats the picture
 * lacks are not counted. A hold may be refused on these without claiming anything: the picture was
 * true when read. An empty answer promises nothing; only the claim can hold a seat.
 */
export function takenIn(seats: SeatSpot[], seatIds: number[]): number[] {
  const free = new Map(seats.map((s) => [s.id, s.free]));
  return seatIds.filter((id) => free.get(id) === false);
}

/**
 * The seating rules for a selection, before the store's claim decides availability. Seats that
 * are already taken are left to the claim (it names them); the rules look only at what the
 * selection would do to the seats around it.
 */
export function checkSelection(input: {
  seats: SeatSpot[];
  selectedIds: number[];
  buyer: Buyer;
  singleSeatRule: boolean;
}): SelectionCheck {
  const index = indexSeats(input.seats);
  const chosen = input.selectedIds.map((id) => index.byId.get(id)).filter((s): s is SeatSpot => s !== undefined);
  const ids = new Set(chosen.map((s) => s.id));
  const blocked = chosen.filter((s) => s.kind === 'blocked');
  if (blocked.length > 0) return { ok: false, code: 'SEAT_NOT_FOR_SALE', seatIds: blocked.map((s) => s.id) };
  const reserved = chosen.filter((s) => !offeredTo(s, input.buyer));
  if (reserved.length > 0) return { ok: false, code: 'ACCESSIBLE_SEATS_RESERVED', seatIds: reserved.map((s) => s.id) };
  if (input.buyer.protectedNow) {
    const lonely = chosen
      .map((s) => ({ seat: s, space: companionsWheelchair(index, s) }))
      .filter(({ space }) => space?.free && !ids.has(space.id));
    if (lonely.length > 0) {
      return {
        ok: false,
        code: 'COMPANION_NEEDS_WHEELCHAIR',
        seatIds: lonely.map((l) => l.seat.id),
        wheelchairIds: lonely.map((l) => (l.space as SeatSpot).id),
      };
    }
  }
  const split = chosen
    .map((s) => ({ seat: s, partner: couplePartner(index, s) }))
    .filter(({ partner }) => partner?.free && !ids.has(partner.id));
  if (split.length > 0) {
    return {
      ok: false,
      code: 'COUPLE_SEATS_TOGETHER',
      seatIds: split.map((p) => p.seat.id),
      partnerIds: split.map((p) => (p.partner as SeatSpot).id),
    };
  }
  if (!input.singleSeatRule || chosen.some((s) => !s.free)) return { ok: true };
  const stranded = strandedBy(index, ids);
  if (stranded.length === 0) return { ok: true };
  const suggestion = suggestSelection(index, chosen, input.buyer);
  // No choice of this size avoids a lonely seat: then this one is as good as any.
  if (!suggestion) return { ok: true };
  return { ok: false, code: 'SINGLE_SEAT_GAP', seatIds: stranded.map((s) => s.id), suggestion: suggestion.map((s) => s.id) };
}

/**
 * The nearest run of the same size, in one row, of the selection's categories, that strands no
 * seat; undefined when there is none. A selection with a wheelchair space is offered one with a
 * wheelchair space.
 */
export function suggestSelection(index: SeatIndex, chosen: SeatSpot[], buyer: Buyer): SeatSpot[] | undefined {
  const categories = new Set(chosen.map((s) => s.category));
  const needsWheelchair = chosen.some((s) => s.kind === 'wheelchair');
  const centre = centreOf(chosen);
  let best: { seats: SeatSpot[]; distance: number } | undefined;
  for (const window of rowWindows(index, chosen.length)) {
    if (!window.every((s) => categories.has(s.category))) continue;
    if (!isValidChoice(index, window, buyer, needsWheelchair)) continue;
    if (strandedBy(index, new Set(window.map((s) => s.id))).length > 0) continue;
    const c = centreOf(window);
    const distance = Math.hypot(c.col - centre.col, c.row - centre.row);
    if (!best || distance < best.distance) best = { seats: window, distance };
  }
  return best?.seats;
}

export function centreOf(seats: SeatSpot[]): { row: number; col: number } {
  const n = Math.max(1, seats.length);
  return {
    row: seats.reduce((sum, s) => sum + s.row, 0) / n,
    col: seats.reduce((sum, s) => sum + s.col, 0) / n,
  };
}

/** Until this time wheelchair spaces and companions are sold only to accessible requests. */
export const accessibleReleaseAt = (showtimeStart: number, releaseMinutes: number) => showtimeStart - releaseMinutes * 60_000;

/**
 * Seats written as text for tests and examples: one string per row, a letter per seat kind (as in
 * the hall text form), lower case for a taken seat, `_` for a gap. Ids are row * 100 + column.
 */
export function spotsFromText(rows: string[], categoryOf: (row: number, col: number) => string = () => 'standard'): SeatSpot[] {
  const kinds: Record<string, SeatSpot['kind']> = {
    S: 'standard',
    W: 'wheelchair',
    C: 'companion',
    R: 'restricted_view',
    P: 'couple',
    X: 'blocked',
  };
  const seats: SeatSpot[] = [];
  rows.forEach((line, r) => {
    [...line].forEach((ch, c) => {
      const kind = kinds[ch.toUpperCase()];
      if (!kind) return;
      const row = r + 1;
      const col = c + 1;
      seats.push({ id: row * 100 + col, row, col, kind, category: categoryOf(row, col), free: ch === ch.toUpperCase() });
    });
  });
  return seats;
}
