import type { Seat, SeatMap } from '../../../contract/catalogue';

export type TicketOption = SeatMap['ticket_types'][number];
export type TicketLine = { seat: Seat; code: string; label: string; price: number };

const ADULT = 'adult';

/** The types a customer may pick here: child is left out when the film's rating refuses it. */
export function offeredTypes(types: TicketOption[], childAllowed: boolean): TicketOption[] {
  return types.filter((t) => childAllowed || t.code !== 'child');
}

/**
 * Each selected seat with its ticket type and price (the type's price in the seat's category plus
 * the format surcharge), as the server will charge it. A seat whose type is not offered is adult.
 */
export function ticketLines(
  seats: Seat[],
  types: TicketOption[],
  chosen: ReadonlyMap<number, string>,
  surcharge: number,
): { lines: TicketLine[]; total: number } {
  const lines = seats.map((seat) => {
    const wanted = chosen.get(seat.seat_id) ?? ADULT;
    const type = types.find((t) => t.code === wanted) ?? types.find((t) => t.code === ADULT);
    const base = type?.prices[seat.category];
    const price = base === undefined ? seat.price : round(base + surcharge);
    return { seat, code: type?.code ?? ADULT, label: type?.label ?? 'Adult', price };
  });
  return { lines, total: round(lines.reduce((sum, l) => sum + l.price, 0)) };
}

/** Major units in binary floating point: sums are rounded to the cent they are. */
const round = (n: number) => Math.round(n * 100) / 100;

/** What book-seats needs: only the seats that are not adult. */
export function ticketTypesBody(seatIds: number[], chosen: ReadonlyMap<number, string>): Record<string, string> | undefined {
  const entries = seatIds.map((id) => [String(id), chosen.get(id) ?? ADULT] as const).filter(([, code]) => code !== ADULT);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}
