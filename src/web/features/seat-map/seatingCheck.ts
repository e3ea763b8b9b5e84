import type { Seat } from '../../../contract/catalogue';
import { checkSelection, type SeatSpot, type SelectionCheck } from '../../../core/seat-rules';

/** The seat map's seats as the seating rules in core read them (the server applies the same rules). */
export const spotsOf = (seats: Seat[]): SeatSpot[] =>
  seats.map((s) => ({
    id: s.seat_id,
    row: s.row_index,
    col: s.column,
    kind: s.kind,
    category: s.category,
    free: s.status === 'available',
  }));

/** What the server would say about this selection, so the customer hears it before submitting. */
export function checkSeatChoice(input: {
  seats: Seat[];
  selectedIds: number[];
  accessible: boolean;
  protectedNow: boolean;
  singleSeatRule: boolean;
}): SelectionCheck {
  if (input.selectedIds.length === 0) return { ok: true };
  return checkSelection({
    seats: spotsOf(input.seats),
    selectedIds: input.selectedIds,
    buyer: { accessible: input.accessible, protectedNow: input.protectedNow },
    singleSeatRule: input.singleSeatRule,
  });
}

/** "A1", "A1 and A2", "A1, A2 and A3". */
export function seatList(seats: Seat[], ids: number[]): string {
  const byId = new Map(seats.map((s) => [s.seat_id, s.label]));
  const labels = ids.map((id) => byId.get(id) ?? `#${id}`);
  return labels.length <= 1 ? labels.join('') : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
}
