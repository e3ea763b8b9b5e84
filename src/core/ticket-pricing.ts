import { MAX_BASE_PRICE, MAX_PRICE_FACTOR, toMinorUnits } from './money.js';

/**
 * What a seat costs: the showtime's price card (ticket types with a price per seat category) plus
 * the format's surcharge, and the booking total from those prices. A showtime whose admin never
 * set a card sells the default types at the seat's own price (base price times the category
 * factor): child, senior and student cost what adult costs until the admin says otherwise.
 */

export const TICKET_FORMATS = ['2D', '3D', 'IMAX', 'IMAX 3D', 'Dolby Atmos', '4DX'] as const;
export type TicketFormat = (typeof TICKET_FORMATS)[number];
export const DEFAULT_FORMAT: TicketFormat = '2D';

export const ADULT = 'adult';
export const CHILD = 'child';
export const DEFAULT_TICKET_TYPES: readonly TicketType[] = [
  { code: ADULT, label: 'Adult' },
  { code: CHILD, label: 'Child' },
  { code: 'senior', label: 'Senior' },
  { code: 'student', label: 'Student' },
];

/** Ticket types one showtime may offer. */
export const MAX_TICKET_TYPES = 12;
export const TICKET_TYPE_CODE = /^[a-z][a-z0-9_]{0,23}$/;
/** The dearest ticket an admin may price (major units): the dearest seat a base price and factor allow. */
export const MAX_TICKET_PRICE = MAX_BASE_PRICE * MAX_PRICE_FACTOR;
/** The largest format surcharge per ticket (major units). */
export const MAX_FORMAT_SURCHARGE = 1_000;

/** A format surcharge an admin sends (major units) in minor units, or what is wrong with it. */
export function checkSurcharge(amount: number, currency: string): { ok: true; minor: number } | { ok: false; message: string } {
  const minor = amount >= 0 && amount <= MAX_FORMAT_SURCHARGE ? toMinorUnits(amount, currency) : null;
  if (minor === null)
    return { ok: false, message: `must be between 0 and ${MAX_FORMAT_SURCHARGE} with at most the decimals ${currency} allows` };
  return { ok: true, minor };
}

export type TicketType = { code: string; label: string };
/** A price the admin set for one ticket type in one seat category, minor units. */
export type TicketPrice = { type: string; category: string; amount: number };
export type PriceCard = { types: TicketType[]; prices: TicketPrice[]; format: TicketFormat; surcharge: number };

export function isTicketFormat(value: string): value is TicketFormat {
  return (TICKET_FORMATS as readonly string[]).includes(value);
}

export function defaultPriceCard(format: TicketFormat = DEFAULT_FORMAT, surcharge = 0): PriceCard {
  return { types: DEFAULT_TICKET_TYPES.map((t) => ({ ...t })), prices: [], format, surcharge };
}

/**
 * One ticket's price before the surcharge: the card's price for the type and category, else the
 * adult price of that category, else the seat's own price.
 */
export function ticketPrice(card: PriceCard, type: string, category: string, seatPrice: number): number {
  const set = (t: string) => card.prices.find((p) => p.type === t && p.category === category)?.amount;
  return set(type) ?? set(ADULT) ?? seatPrice;
}

/** The type as customers read it; a type no longer on the card (a booking made before a change) by its code. */
export function ticketLabel(card: PriceCard, code: string): string {
  return card.types.find((t) => t.code === code)?.label ?? code.charAt(0).toUpperCase() + code.slice(1).replace(/_/g, ' ');
}

export type SeatToPrice = { seatId: number; category: string; price: number };
export type PricedSeat = { seatId: number; type: string; base: number; surcharge: number; price: number };
/** Money taken off the subtotal (a promotion, say), minor units. */
export type Adjustment = { code: string; amount: number };
export type PricedBooking = { seats: PricedSeat[]; subtotal: number; adjustments: Adjustment[]; total: number };

export type TicketTypeRefusal =
  | { ok: false; code: 'SEAT_NOT_SELECTED'; seatIds: number[] }
  | { ok: false; code: 'UNKNOWN_TICKET_TYPE'; seatId: number; type: string; offered: string[] };

/**
 * Each selected seat's ticket type: as asked, adult where not named. A seat id that is not in the
 * selection, or a type the showtime does not offer, is refused by name.
 */
export function assignTicketTypes(
  seatIds: number[],
  requested: Record<string, string> | undefined,
  card: PriceCard,
): { ok: true; types: Map<number, string> } | TicketTypeRefusal {
  const types = new Map(seatIds.map((id) => [id, ADULT]));
  const entries = Object.entries(requested ?? {});
  const strangers = entries.map(([key]) => Number(key)).filter((id) => !types.has(id));
  if (strangers.length > 0) return { ok: false, code: 'SEAT_NOT_SELECTED', seatIds: strangers };
  const offered = card.types.map((t) => t.code);
  for (const [key, type] of entries) {
    if (!offered.includes(type)) return { ok: false, code: 'UNKNOWN_TICKET_TYPE', seatId: Number(key), type, offered };
    types.set(Number(key), type);
  }
  return { ok: true, types };
}

/**
 * The booking's prices: each seat at its type's price plus the surcharge, the subtotal, then the
 * adjustments (never below zero), then the total the customer pays.
 */
export function priceBooking(input: {
  card: PriceCard;
  seats: SeatToPrice[];
  types: Map<number, string>;
  adjustments?: Adjustment[];
}): PricedBooking {
  const { card } = input;
  const seats = input.seats.map((seat) => {
    const type = input.types.get(seat.seatId) ?? ADULT;
    const base = ticketPrice(card, type, seat.category, seat.price);
    return { seatId: seat.seatId, type, base, surcharge: card.surcharge, price: base + card.surcharge };
  });
  const subtotal = seats.reduce((sum, s) => sum + s.price, 0);
  let left = subtotal;
  const adjustments = (input.adjustments ?? []).map((a) => {
    const amount = Math.min(Math.max(0, a.amount), left);
    left -= amount;
    return { code: a.code, amount };
  });
  return { seats, subtotal, adjustments, total: left };
}

export type RangeOfPrices = { category: string; min: number; max: number };

/** Cheapest and dearest ticket per category, surcharge included: what the seat map shows. */
export function priceRanges(card: PriceCard, seats: { category: string; price: number }[]): RangeOfPrices[] {
  const ranges = new Map<string, RangeOfPrices>();
  for (const seat of seats) {
    for (const type of card.types) {
      const price = ticketPrice(card, type.code, seat.category, seat.price) + card.surcharge;
      const range = ranges.get(seat.category);
      if (!range) ranges.set(seat.category, { category: seat.category, min: price, max: price });
      else {
        range.min = Math.min(range.min, price);
        range.max = Math.max(range.max, price);
      }
    }
  }
  return [...ranges.values()];
}

// The child-ticket rule.

export const MAX_RESTRICTED_RATINGS = 50;
export const MAX_RATING_LENGTH = 20;
/** Seeded by migration 014; admins change it (GET/PUT /api/admin/settings/child-restricted-ratings). */
export const DEFAULT_CHILD_RESTRICTED_RATINGS = ['NC-17', '18', 'R18+'];

/** Ratings compare without case and surrounding space: "nc-17 " is NC-17. */
export const normalizeRating = (rating: string) => rating.trim().toUpperCase();

export function childTicketsAllowed(rating: string | null, restricted: string[]): boolean {
  if (rating === null || rating.trim() === '') return true;
  const wanted = normalizeRating(rating);
  return !restricted.some((r) => normalizeRating(r) === wanted);
}

export type ChildRule = { ok: true } | { ok: false; code: 'CHILD_TICKET_NOT_ALLOWED'; rating: string; seatIds: number[] };

/** A film whose rating is on the restricted list sells no child tickets. */
export function checkChildTickets(input: { types: Map<number, string>; rating: string | null; restricted: string[] }): ChildRule {
  if (childTicketsAllowed(input.rating, input.restricted)) return { ok: true };
  const seatIds = [...input.types].filter(([, type]) => type === CHILD).map(([id]) => id);
  if (seatIds.length === 0) return { ok: true };
  return { ok: false, code: 'CHILD_TICKET_NOT_ALLOWED', rating: input.rating as string, seatIds };
}

/**
 * The ticket types of a hold, as one decision: each seat's type (adult where not named), refused
 * for a seat outside the selection, a type the showtime does not offer, or a child ticket to a
 * film whose rating is restricted.
 */
export function decideTicketTypes(input: {
  seatIds: number[];
  requested: Record<string, string> | undefined;
  card: PriceCard;
  rating: string | null;
  restricted: string[];
}): { ok: true; types: Map<number, string> } | TicketTypeRefusal | Extract<ChildRule, { ok: false }> {
  const assigned = assignTicketTypes(input.seatIds, input.requested, input.card);
  if (!assigned.ok) return assigned;
  const child = checkChildTickets({ types: assigned.types, rating: input.rating, restricted: input.restricted });
  return child.ok ? assigned : child;
}

export type Problem = { field: string; message: string };

/** The admin's list of restricted ratings, cleaned (trimmed, one of each), or what is wrong with it. */
export function checkRestrictedRatings(ratings: string[]): { ok: true; ratings: string[] } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  if (ratings.length > MAX_RESTRICTED_RATINGS) {
    problems.push({ field: 'ratings', message: `at most ${MAX_RESTRICTED_RATINGS} ratings` });
  }
  const clean: string[] = [];
  ratings.forEach((r, i) => {
    const trimmed = r.trim();
    if (trimmed === '' || trimmed.length > MAX_RATING_LENGTH) {
      problems.push({ field: `ratings/${i}`, message: `must be 1 to ${MAX_RATING_LENGTH} characters` });
    } else if (!clean.some((c) => normalizeRating(c) === normalizeRating(trimmed))) clean.push(trimmed);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, ratings: clean };
}

// The admin's price card, as the API takes it (major units).

export type PriceCardInput = {
  ticket_types: { code: string; label: string; prices?: Record<string, number> }[];
  format?: string;
  format_surcharge?: number;
};

/**
 * Checks a price card an admin sends for a showtime with these seat categories. Adult must be
 * offered (seats not named in a hold are adult); categories must be the showtime's; prices and
 * the surcharge are bounded and exact in the currency. Format and surcharge left out stay as they are.
 */
export function checkPriceCard(
  input: PriceCardInput,
  context: { categories: string[]; currency: string; current: PriceCard },
): { ok: true; card: PriceCard } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const minor = (amount: number, max: number, field: string) => {
    const value = amount >= 0 && amount <= max ? toMinorUnits(amount, context.currency) : null;
    if (value === null)
      problems.push({ field, message: `must be between 0 and ${max} with at most the decimals ${context.currency} allows` });
    return value ?? 0;
  };
  if (input.ticket_types.length > MAX_TICKET_TYPES) {
    problems.push({ field: 'ticket_types', message: `at most ${MAX_TICKET_TYPES} ticket types` });
  }
  const types: TicketType[] = [];
  const prices: TicketPrice[] = [];
  input.ticket_types.forEach((type, i) => {
    const field = `ticket_types/${i}`;
    if (!TICKET_TYPE_CODE.test(type.code)) {
      problems.push({
        field: `${field}/code`,
        message: 'must be lower-case letters, digits or _ (up to 24), starting with a letter',
      });
    } else if (types.some((t) => t.code === type.code)) {
      problems.push({ field: `${field}/code`, message: `"${type.code}" is listed twice` });
    }
    const label = type.label.trim();
    if (label === '') problems.push({ field: `${field}/label`, message: 'must not be empty' });
    types.push({ code: type.code, label });
    for (const [category, amount] of Object.entries(type.prices ?? {})) {
      if (!context.categories.includes(category)) {
        problems.push({
          field: `${field}/prices/${category}`,
          message: `this showtime has no seat category "${category}" (it has ${context.categories.join(', ') || 'no seats'})`,
        });
        continue;
      }
      prices.push({ type: type.code, category, amount: minor(amount, MAX_TICKET_PRICE, `${field}/prices/${category}`) });
    }
  });
  if (!types.some((t) => t.code === ADULT)) problems.push({ field: 'ticket_types', message: 'must include "adult"' });
  const format = input.format ?? context.current.format;
  if (!isTicketFormat(format)) problems.push({ field: 'format', message: `must be one of ${TICKET_FORMATS.join(', ')}` });
  let surcharge = context.current.surcharge;
  if (input.format_surcharge !== undefined) {
    const checked = checkSurcharge(input.format_surcharge, context.currency);
    if (checked.ok) surcharge = checked.minor;
    else problems.push({ field: 'format_surcharge', message: checked.message });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, card: { types, prices, format: format as TicketFormat, surcharge } };
}
