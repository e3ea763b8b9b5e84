import { describe, expect, it } from 'vitest';
import { cancellationDeadline, DEFAULT_REFUND_POLICY, quoteRefund } from './refund-policy.js';

const MIN = 60_000;
const start = 1_000 * MIN;

describe('refund policy', () => {
  it('refunds in full until the cut-off with the default policy', () => {
    const quote = quoteRefund({
      amount: 2400,
      showtimeStart: start,
      now: start - 60 * MIN,
      by: 'customer',
      policy: DEFAULT_REFUND_POLICY,
    });
    expect(quote).toEqual({ ok: true, refund: 2400, fee: 0, deadline: start - 60 * MIN });
  });

  it('refuses a customer one millisecond after the cut-off, naming the deadline', () => {
    const quote = quoteRefund({
      amount: 2400,
      showtimeStart: start,
      now: start - 60 * MIN + 1,
      by: 'customer',
      policy: DEFAULT_REFUND_POLICY,
    });
    expect(quote).toEqual({ ok: false, code: 'CUTOFF_PASSED', deadline: start - 60 * MIN });
  });

  it('says the show has started rather than the cut-off once it has', () => {
    const policy = { cutoffMinutes: 0, feeMinor: 0, feePercent: 0 };
    expect(quoteRefund({ amount: 100, showtimeStart: start, now: start, by: 'customer', policy })).toMatchObject({
      ok: false,
      code: 'SHOWTIME_STARTED',
    });
    expect(quoteRefund({ amount: 100, showtimeStart: start, now: start - 1, by: 'customer', policy })).toMatchObject({
      ok: true,
      refund: 100,
    });
  });

  it('deducts the fixed fee and the percentage, rounded half to even', () => {
    const policy = { cutoffMinutes: 30, feeMinor: 100, feePercent: 2.5 };
    // 2.5% of 1100 = 27.5 -> 28 (even); fee 128
    expect(quoteRefund({ amount: 1100, showtimeStart: start, now: 0, by: 'customer', policy })).toMatchObject({
      refund: 972,
      fee: 128,
    });
    // 2.5% of 900 = 22.5 -> 22 (even); fee 122
    expect(quoteRefund({ amount: 900, showtimeStart: start, now: 0, by: 'customer', policy })).toMatchObject({
      refund: 778,
      fee: 122,
    });
  });

  it('never takes more than the seats cost', () => {
    const policy = { cutoffMinutes: 30, feeMinor: 5000, feePercent: 50 };
    expect(quoteRefund({ amount: 1200, showtimeStart: start, now: 0, by: 'customer', policy })).toMatchObject({
      refund: 0,
      fee: 1200,
    });
  });

  it('gives an admin the full amount back, even after the start', () => {
    const policy = { cutoffMinutes: 120, feeMinor: 300, feePercent: 10 };
    expect(quoteRefund({ amount: 1500, showtimeStart: start, now: start + 10 * MIN, by: 'admin', policy })).toMatchObject({
      ok: true,
      refund: 1500,
      fee: 0,
    });
  });

  it('puts the deadline the cut-off before the start', () => {
    expect(cancellationDeadline(start, { cutoffMinutes: 90, feeMinor: 0, feePercent: 0 })).toBe(start - 90 * MIN);
  });
});
