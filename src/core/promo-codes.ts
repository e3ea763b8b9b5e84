import { toMinorUnits } from './money.js';
import { MAX_TICKET_PRICE, type Problem, TICKET_TYPE_CODE } from './ticket-pricing.js';

/**
 * Promo codes: what an admin may create, and whether a code takes money off a hold.
 *
 * A code is limited, optionally, to films, showtimes and ticket types. Its discount applies to the
 * eligible seats only (every seat when no ticket types are named): a percentage of their prices, or
 * a fixed amount up to their prices (a booking never goes below zero). The minimum number of seats
 * counts eligible seats. The discount is shared out over the eligible seats in proportion to their
 * prices, so that cancelling one seat gives back what that seat was paid, never more.
 */

export const PROMO_CODE_PATTERN = /^[A-Z0-9_-]{3,32}$/;
/** Films, showtimes or ticket types one code may be limited to (each list). */
export const MAX_PROMO_LIMITS = 100;
export const MAX_PROMO_USES = 1_000_000;
/** The largest fixed discount (major units): ten of the dearest tickets. */
export const MAX_FIXED_DISCOUNT = MAX_TICKET_PRICE * 10;
/** The most seats a code may require (a hold has at most 10; 100 leaves room). */
export const MAX_MIN_SEATS = 100;

/** Codes compare without case or surrounding space: " summer-10" is SUMMER-10. */
export const normalizePromoCode = (code: string) => code.trim().toUpperCase();

export type PromoKind = 'percent' | 'fixed';

export type PromoCode = {
  id: number;
  code: string;
  kind: PromoKind;
  /** Percent (1-100) or minor units. */
  value: number;
  validFrom: number | null;
  validUntil: number | null;
  maxUses: number | null;
  maxUsesPerUser: number | null;
  movieIds: number[] | null;
  eventIds: number[] | null;
  ticketTypes: string[] | null;
  minSeats: number;
  uses: number;
  active: boolean;
};

/** What the admin sends, times in epoch milliseconds, a fixed amount in major units. */
export type PromoCodeInput = {
  code: string;
  kind: PromoKind;
  value: number;
  validFrom: number | null;
  validUntil: number | null;
  maxUses: number | null;
  maxUsesPerUser: number | null;
  movieIds: number[] | null;
  eventIds: number[] | null;
  ticketTypes: string[] | null;
  minSeats: number;
};

export type PromoCodeFields = Omit<PromoCode, 'id' | 'uses' | 'active'>;

const unique = <T>(list: T[]) => [...new Set(list)];

/** Checks a code an admin creates or edits; `uses`: its live redemptions (a cap may not go below them). */
export function checkPromoCodeInput(
  input: PromoCodeInput,
  context: { currency: string; uses?: number },
): { ok: true; fields: PromoCodeFields } | { ok: false; problems: Problem[] } {
  const problems: Problem[] = [];
  const code = normalizePromoCode(input.code);
  if (!PROMO_CODE_PATTERN.test(code)) {
    problems.push({ field: 'code', message: 'must be 3 to 32 letters, digits, _ or -' });
  }
  let value = 0;
  if (input.kind === 'percent') {
    if (!Number.isInteger(input.value) || input.value < 1 || input.value > 100) {
      problems.push({ field: 'value', message: 'a percentage must be a whole number from 1 to 100' });
    } else value = input.value;
  } else {
    const minor = input.value > 0 && input.value <= MAX_FIXED_DISCOUNT ? toMinorUnits(input.value, context.currency) : null;
    if (minor === null || minor <= 0) {
      problems.push({
        field: 'value',
        message: `an amount must be above 0 and at most ${MAX_FIXED_DISCOUNT} with at most the decimals ${context.currency} allows`,
      });
    } else value = minor;
  }
  if (input.validFrom !== null && input.validUntil !== null && input.validUntil <= input.validFrom) {
    problems.push({ field: 'valid_until', message: 'must be after valid_from' });
  }
  for (const [field, cap] of [
    ['max_uses', input.maxUses],
    ['max_uses_per_user', input.maxUsesPerUser],
  ] as const) {
    if (cap !== null && (!Number.isInteger(cap) || cap < 1 || cap > MAX_PROMO_USES)) {
      problems.push({ field, message: `must be a whole number from 1 to ${MAX_PROMO_USES}` });
    }
  }
  if (input.maxUses !== null && context.uses !== undefined && input.maxUses < context.uses) {
    problems.push({ field: 'max_uses', message: `the code is already used ${context.uses} times` });
  }
  if (!Number.isInteger(input.minSeats) || input.minSeats < 1 || input.minSeats > MAX_MIN_SEATS) {
    problems.push({ field: 'min_seats', message: `must be a whole number from 1 to ${MAX_MIN_SEATS}` });
  }
  const limit = <T>(field: string, list: T[] | null, valid: (item: T) => boolean, what: string): T[] | null => {
    if (list === null) return null;
    if (list.length === 0 || list.length > MAX_PROMO_LIMITS) {
      problems.push({ field, message: `list 1 to ${MAX_PROMO_LIMITS} ${what}, or leave it out for all` });
    }
    list.forEach((item, i) => {
      if (!valid(item)) problems.push({ field: `${field}/${i}`, message: `is not a valid ${what.replace(/s$/, '')}` });
    });
    return unique(list);
  };
  const isId = (n: number) => Number.isInteger(n) && n > 0;
  const fields: PromoCodeFields = {
    code,
    kind: input.kind,
    value,
    validFrom: input.validFrom,
    validUntil: input.validUntil,
    maxUses: input.maxUses,
    maxUsesPerUser: input.maxUsesPerUser,
    movieIds: limit('movie_ids', input.movieIds, isId, 'film ids'),
    eventIds: limit('event_ids', input.eventIds, isId, 'showtime ids'),
    ticketTypes: limit('ticket_types', input.ticketTypes, (t) => TICKET_TYPE_CODE.test(t), 'ticket type codes'),
    minSeats: input.minSeats,
  };
  return problems.length > 0 ? { ok: false, problems } : { ok: true, fields };
}

export type PromoRefusalReason =
  | 'unknown'
  | 'inactive'
  | 'not_yet_valid'
  | 'expired'
  | 'wrong_film'
  | 'wrong_showtime'
  | 'wrong_ticket_type'
  | 'too_few_seats'
  | 'per_user_limit'
  | 'per_customer_at_counter';

export type PromoRefusal =
  | { ok: false; code: 'PROMO_CODE_INVALID'; reason: PromoRefusalReason; detail: string }
  | { ok: false; code: 'PROMO_CODE_USED_UP'; detail: string };

export type PromoDiscount = {
  ok: true;
  promo: PromoCode;
  /** Minor units taken off the booking. */
  discount: number;
  /** Each seat's share of the discount (eligible seats only). */
  perSeat: Map<number, number>;
};

export type SeatForPromo = { seatId: number; type: string; price: number };

/**
 * Whether `promo` applies to this hold and what it takes off. `userUses`: the customer's live
 * redemptions of the code. A code whose cap is reached is refused here as used up, but the
 * database's conditional count is what keeps the cap under concurrent holds.
 */
export function decidePromoDiscount(
  promo: PromoCode | undefined,
  context: {
    now: number;
    movieId: number;
    eventId: number;
    seats: SeatForPromo[];
    userUses: number;
    /**
     * A sale at the box office: the buyer is a walk-in nobody knows, so a code capped per customer
     * cannot be counted for them (counting the clerk's sales would be wrong): it is online only.
     */
    atCounter?: boolean;
  },
): PromoDiscount | PromoRefusal {
  const refuse = (reason: PromoRefusalReason, detail: string): PromoRefusal => ({
    ok: false,
    code: 'PROMO_CODE_INVALID',
    reason,
    detail,
  });
  if (!promo) return refuse('unknown', 'There is no such promo code');
  if (!promo.active) return refuse('inactive', `Promo code ${promo.code} is no longer offered`);
  if (promo.validFrom !== null && context.now < promo.validFrom) {
    return refuse('not_yet_valid', `Promo code ${promo.code} is not valid yet`);
  }
  if (promo.validUntil !== null && context.now >= promo.validUntil) {
    return refuse('expired', `Promo code ${promo.code} has expired`);
  }
  if (promo.movieIds !== null && !promo.movieIds.includes(context.movieId)) {
    return refuse('wrong_film', `Promo code ${promo.code} is not valid for this film`);
  }
  if (promo.eventIds !== null && !promo.eventIds.includes(context.eventId)) {
    return refuse('wrong_showtime', `Promo code ${promo.code} is not valid for this showtime`);
  }
  const types = promo.ticketTypes;
  const eligible = types === null ? context.seats : context.seats.filter((s) => types.includes(s.type));
  if (eligible.length === 0) {
    return refuse('wrong_ticket_type', `Promo code ${promo.code} is valid only for ${(types ?? []).join(', ')} tickets`);
  }
  if (eligible.length < promo.minSeats) {
    return refuse(
      'too_few_seats',
      `Promo code ${promo.code} needs at least ${promo.minSeats} ${types === null ? '' : `${types.join('/')} `}seats`,
    );
  }
  if (promo.maxUsesPerUser !== null && context.atCounter === true) {
    return refuse(
      'per_customer_at_counter',
      `Promo code ${promo.code} is limited per customer; it can be used online only, not at the box office`,
    );
  }
  if (promo.maxUsesPerUser !== null && context.userUses >= promo.maxUsesPerUser) {
    return refuse(
      'per_user_limit',
      `You have already used promo code ${promo.code} ${context.userUses} times, its limit per customer`,
    );
  }
  if (promo.maxUses !== null && promo.uses >= promo.maxUses) {
    return { ok: false, code: 'PROMO_CODE_USED_UP', detail: `Promo code ${promo.code} has been used up` };
  }
  const eligibleTotal = eligible.reduce((sum, s) => sum + s.price, 0);
  const discount =
    promo.kind === 'percent' ? Math.round((eligibleTotal * promo.value) / 100) : Math.min(promo.value, eligibleTotal);
  return { ok: true, promo, discount, perSeat: shareOut(discount, eligible) };
}

/**
 * Shares `amount` over seats in proportion to their prices (largest remainder, ties to the lower
 * seat id): the shares add up to the amount and none exceeds its seat's price.
 */
export function shareOut(amount: number, seats: { seatId: number; price: number }[]): Map<number, number> {
  const total = seats.reduce((sum, s) => sum + s.price, 0);
  const shares = new Map<number, number>();
  if (total === 0 || amount === 0) {
    for (const s of seats) shares.set(s.seatId, 0);
    return shares;
  }
  const exact = seats.map((s) => ({ seatId: s.seatId, raw: (amount * s.price) / total }));
  let left = amount;
  for (const e of exact) {
    const floor = Math.floor(e.raw);
    shares.set(e.seatId, floor);
    left -= floor;
  }
  const byRemainder = [...exact].sort((a, b) => b.raw - Math.floor(b.raw) - (a.raw - Math.floor(a.raw)) || a.seatId - b.seatId);
  for (const e of byRemainder) {
    if (left <= 0) break;
    shares.set(e.seatId, (shares.get(e.seatId) ?? 0) + 1);
    left--;
  }
  return shares;
}
