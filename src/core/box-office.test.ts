import { describe, expect, it } from 'vitest';
import { decideCounterMove, decideShiftClose, refundPayout, refundState, shiftReport, tenderCash } from './box-office.js';
import { canSellAtCounter } from './roles.js';

describe('box office', () => {
  it('only the box office and admins sell at the counter', () => {
    expect(canSellAtCounter('box_office')).toBe(true);
    expect(canSellAtCounter('admin')).toBe(true);
    expect(canSellAtCounter('usher')).toBe(false);
    expect(canSellAtCounter('user')).toBe(false);
  });

  it('gives change for cash at or above the total and refuses less', () => {
    expect(tenderCash(3000, 5000)).toEqual({ ok: true, change: 2000 });
    expect(tenderCash(3000, 3000)).toEqual({ ok: true, change: 0 });
    expect(tenderCash(3000, 2999)).toEqual({ ok: false, code: 'CASH_SHORT', missing: 1 });
  });

  it('records sales and refunds only into the staff member’s own open shift', () => {
    expect(decideCounterMove(undefined, 1)).toEqual({ ok: false, code: 'NO_OPEN_SHIFT' });
    expect(decideCounterMove({ staffId: 2, status: 'open' }, 1)).toEqual({ ok: false, code: 'NOT_YOUR_SHIFT' });
    expect(decideCounterMove({ staffId: 1, status: 'closed' }, 1)).toEqual({ ok: false, code: 'SHIFT_CLOSED' });
    expect(decideCounterMove({ staffId: 1, status: 'open' }, 1)).toEqual({ ok: true });
  });

  it('pays cash back only from a drawer: owed at the counter until a shift pays it out', () => {
    expect(refundPayout({ provider: 'cash', providerPaymentId: 'cash_X', counterShiftId: 7 })).toBe('drawer');
    // The cinema cancelled the showtime: no counter is giving it back right now.
    expect(refundPayout({ provider: 'cash', providerPaymentId: 'cash_X', counterShiftId: null })).toBe('counter_due');
    expect(refundPayout({ provider: 'simulated', providerPaymentId: 'sim_1', counterShiftId: null })).toBe('provider');
    // A counter card refund still goes to the card, whichever shift filed it.
    expect(refundPayout({ provider: 'simulated', providerPaymentId: 'sim_1', counterShiftId: 7 })).toBe('provider');
    expect(refundPayout({ provider: 'imported', providerPaymentId: 'x', counterShiftId: null })).toBe('outside');
    expect(refundPayout({ provider: 'stripe', providerPaymentId: null, counterShiftId: null })).toBe('outside');
  });

  it('tells a refund paid, on its way to the processor, or due at the counter', () => {
    expect(refundState({ status: 'succeeded', provider: 'cash', shiftId: 3 })).toBe('settled');
    expect(refundState({ status: 'pending', provider: 'cash', shiftId: null })).toBe('due_at_counter');
    expect(refundState({ status: 'pending', provider: 'simulated', shiftId: null })).toBe('at_provider');
    expect(refundState({ status: 'succeeded', provider: 'simulated', shiftId: null })).toBe('settled');
  });

  it('closes an open shift with no sale half done, once', () => {
    expect(decideShiftClose({ status: 'open', salesInProgress: 0 })).toEqual({ ok: true });
    expect(decideShiftClose({ status: 'open', salesInProgress: 1 })).toEqual({ ok: false, code: 'SALES_IN_PROGRESS' });
    expect(decideShiftClose({ status: 'closed', salesInProgress: 0 })).toEqual({ ok: false, code: 'SHIFT_CLOSED' });
  });

  it('adds up sales and refunds by method and balances the drawer: float + cash sales − cash refunds', () => {
    const report = shiftReport({
      openingFloat: 10_000,
      sales: [
        { method: 'cash', amount: 3000 },
        { method: 'card', amount: 4500 },
        { method: 'cash', amount: 1500 },
      ],
      refunds: [
        { method: 'cash', amount: 1500 },
        { method: 'card', amount: 4500 },
      ],
      countedCash: 12_950,
    });
    expect(report.sales).toEqual({
      cash: { count: 2, amount: 4500 },
      card: { count: 1, amount: 4500 },
      total: { count: 3, amount: 9000 },
    });
    expect(report.refunds).toEqual({
      cash: { count: 1, amount: 1500 },
      card: { count: 1, amount: 4500 },
      total: { count: 2, amount: 6000 },
    });
    // Card money never passes through the drawer.
    expect(report.cashExpected).toBe(10_000 + 4500 - 1500);
    expect(report.difference).toBe(-50);
  });

  it('an open shift has no count and no difference yet; an empty shift expects its float', () => {
    const report = shiftReport({ openingFloat: 5000, sales: [], refunds: [], countedCash: null });
    expect(report.cashExpected).toBe(5000);
    expect(report.countedCash).toBeNull();
    expect(report.difference).toBeNull();
    expect(report.sales.total).toEqual({ count: 0, amount: 0 });
    expect(shiftReport({ openingFloat: 5000, sales: [], refunds: [], countedCash: 5000 }).difference).toBe(0);
  });
});
