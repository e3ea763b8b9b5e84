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

export type MoneyMove = { method: CounterPaymentMethod; amount: number };
export type MethodTotals = { count: number; amount: number };
export type ByMethod = Record<CounterPaymentMethod, MethodTotals>;

export type ShiftReport = {
  sales: ByMethod & { total: MethodTotals };
  refunds: ByMethod & { total: MethodTotals };
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
  return {
    sales,
    refunds,
    openingFloat: input.openingFloat,
    cashExpected,
    countedCash: input.countedCash,
    difference: input.countedCash === null ? null : input.countedCash - cashExpected,
  };
}
