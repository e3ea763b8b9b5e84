import { IMPORTED_PAYMENT_PROVIDER } from './prototype-import.js';

/**
 * The box office: a staff member sells at the counter during a shift that starts with a cash
 * float and ends with the cash counted. These are the counter's rules and its shift arithmetic;
 * the seats themselves are sold through the booking lifecycle like any online sale.
 */

export const COUNTER_PAYMENT_METHODS = ['cash', 'card'] as const;
export type CounterPaymentMethod = (typeof COUNTER_PAYMENT_METHODS)[number];

/** The largest float, counted cash or cash handed over, minor units (100,000.00 in a two-digit currency). */
export const MAX_DRAWER_AMOUNT = 10_000_000;

/** payments.provider of cash taken at the counter: no processor to call, refunds come from the drawer. */
export const COUNTER_CASH_PROVIDER = 'cash';

export type ShiftStatus = 'open' | 'closed';

/**
 * How a refund reaches the customer: `provider` sends it to the card's processor (through the
 * outbox); `outside` has nothing to call (money taken outside bookmemovie, an imported booking);
 * `drawer` is cash handed back now from the open shift named; `counter_due` is cash owed: nobody
 * is at a counter giving it back (the cinema cancelled the showtime), so it waits until a clerk
 * pays it out from a shift's drawer. A cash refund is never "sent": no till is opened by a server.
 */
export type RefundPayout = 'provider' | 'outside' | 'drawer' | 'counter_due';

export function refundPayout(input: {
  provider: string;
  providerPaymentId: string | null;
  /** The open shift whose drawer pays this refund out now, when it is given back at a counter. */
  counterShiftId: number | null;
}): RefundPayout {
  if (input.provider === COUNTER_CASH_PROVIDER) return input.counterShiftId === null ? 'counter_due' : 'drawer';
  if (input.provider === IMPORTED_PAYMENT_PROVIDER || !input.providerPaymentId) return 'outside';
  return 'provider';
}

/** Where a recorded refund stands: paid, on its way to the processor, or cash waiting at the counter. */
export type RefundState = 'settled' | 'at_provider' | 'due_at_counter';

export function refundState(refund: {
  status: 'pending' | 'succeeded';
  provider: string;
  /** The shift that paid it out at a counter; null until one has. */
  shiftId: number | null;
}): RefundState {
  if (refund.status === 'succeeded') return 'settled';
  return refund.provider === COUNTER_CASH_PROVIDER && refund.shiftId === null ? 'due_at_counter' : 'at_provider';
}

export type CashTender = { ok: true; change: number } | { ok: false; code: 'CASH_SHORT'; missing: number };

/** What the customer gets back for `given` against `total` (minor units), or how much is missing. */
export function tenderCash(total: number, given: number): CashTender {
  if (given < total) return { ok: false, code: 'CASH_SHORT', missing: total - given };
  return { ok: true, change: given - total };
}

export type CounterRefusal = 'NO_OPEN_SHIFT' | 'SHIFT_CLOSED' | 'NOT_YOUR_SHIFT';

/**
 * Whether a sale or a refund may be recorded against `shift` by `staffId`: only into the staff
 * member's own shift while it is open. A closed shift's takings are final.
 */
export function decideCounterMove(
  shift: { staffId: number; status: ShiftStatus } | undefined,
  staffId: number,
): { ok: true } | { ok: false; code: CounterRefusal } {
  if (!shift) return { ok: false, code: 'NO_OPEN_SHIFT' };
  if (shift.staffId !== staffId) return { ok: false, code: 'NOT_YOUR_SHIFT' };
  if (shift.status !== 'open') return { ok: false, code: 'SHIFT_CLOSED' };
  return { ok: true };
}

/**
 * Whether a shift may close now: it must be open, and no sale of it may be half done (seats held
 * for a counter sale that has not been paid, or a card still at the terminal), or that sale would
 * land in a shift whose cash was already counted.
 */
export function decideShiftClose(input: {
  status: ShiftStatus;
  salesInProgress: number;
}): { ok: true } | { ok: false; code: 'SHIFT_CLOSED' | 'SALES_IN_PROGRESS' } {
  if (input.status !== 'open') return { ok: false, code: 'SHIFT_CLOSED' };
  if (input.salesInProgress > 0) return { ok: false, code: 'SALES_IN_PROGRESS' };
  return { ok: true };
}

/** `discount`: what a promo code took off a sale (its amount is after it). */
export type MoneyMove = { method: CounterPaymentMethod; amount: number; discount?: number };
export type MethodTotals = { count: number; amount: number };
export type ByMethod = Record<CounterPaymentMethod, MethodTotals>;

export type ShiftReport = {
  sales: ByMethod & { total: MethodTotals };
  refunds: ByMethod & { total: MethodTotals };
  /** Sales with a promo discount, and the discounts' sum. */
  promoDiscounts: MethodTotals;
  openingFloat: number;
  /** Float + cash sales − cash refunds: what the drawer should hold. */
  cashExpected: number;
  /** Null while the shift is open. */
  countedCash: number | null;
  /** Counted − expected: negative when cash is missing; null while the shift is open. */
  difference: number | null;
};

function totals(moves: MoneyMove[]): ByMethod & { total: MethodTotals } {
  const out = {
    cash: { count: 0, amount: 0 },
    card: { count: 0, amount: 0 },
    total: { count: 0, amount: 0 },
  };
  for (const move of moves) {
    out[move.method].count += 1;
    out[move.method].amount += move.amount;
    out.total.count += 1;
    out.total.amount += move.amount;
  }
  return out;
}

/** A shift's takings by payment method and its cash balance. All amounts in minor units. */
export function shiftReport(input: {
  openingFloat: number;
  sales: MoneyMove[];
  refunds: MoneyMove[];
  countedCash: number | null;
}): ShiftReport {
  const sales = totals(input.sales);
  const refunds = totals(input.refunds);
  const cashExpected = input.openingFloat + sales.cash.amount - refunds.cash.amount;
  const discounted = input.sales.filter((s) => (s.discount ?? 0) > 0);
  return {
    sales,
    refunds,
    promoDiscounts: { count: discounted.length, amount: discounted.reduce((sum, s) => sum + (s.discount ?? 0), 0) },
    openingFloat: input.openingFloat,
    cashExpected,
    countedCash: input.countedCash,
    difference: input.countedCash === null ? null : input.countedCash - cashExpected,
  };
}
