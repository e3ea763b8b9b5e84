import { describe, expect, it } from 'vitest';
import { applyFactor, checkBasePrice, currencyDigits, isCurrencyCode, toMajorUnits, toMinorUnits } from './money.js';

describe('money', () => {
  it('converts major to minor units without float drift', () => {
    expect(toMinorUnits(18.5, 'USD')).toBe(1850);
    expect(toMinorUnits(0.1 + 0.2, 'USD')).toBe(30);
    expect(toMinorUnits(19.99, 'USD')).toBe(1999);
    expect(toMinorUnits(1500, 'JPY')).toBe(1500);
  });

  it('refuses amounts finer than the currency allows', () => {
    expect(toMinorUnits(18.505, 'USD')).toBeNull();
    expect(toMinorUnits(10.5, 'JPY')).toBeNull();
    expect(toMinorUnits(Number.NaN, 'USD')).toBeNull();
  });

  it('converts minor to major units', () => {
    expect(toMajorUnits(1850, 'USD')).toBe(18.5);
    expect(toMajorUnits(1, 'USD')).toBe(0.01);
    expect(toMajorUnits(1500, 'JPY')).toBe(1500);
  });

  it('knows currency precision and validity', () => {
    expect(currencyDigits('USD')).toBe(2);
    expect(currencyDigits('JPY')).toBe(0);
    expect(isCurrencyCode('EUR')).toBe(true);
    expect(isCurrencyCode('usd')).toBe(false);
    expect(isCurrencyCode('XX')).toBe(false);
  });

  it('applies price factors in basis points', () => {
    expect(applyFactor(1500, 12000)).toBe(1800);
    expect(applyFactor(1500, 8000)).toBe(1200);
    expect(applyFactor(999, 15000)).toBe(1499);
  });

  it('bounds a base seat price at 10,000 major units, so totals stay exact integers', () => {
    expect(checkBasePrice(10_000, 'USD')).toEqual({ ok: true, minor: 1_000_000 });
    expect(checkBasePrice(0, 'USD')).toEqual({ ok: true, minor: 0 });
    expect(checkBasePrice(100_000, 'USD')).toEqual({ ok: false, message: 'must be between 0 and 10000' });
    expect(checkBasePrice(10_000.01, 'USD')).toMatchObject({ ok: false });
    expect(checkBasePrice(-1, 'USD')).toMatchObject({ ok: false });
    expect(checkBasePrice(12.345, 'USD')).toEqual({ ok: false, message: 'has more decimals than USD allows' });
    // The dearest seat (10,000.00 at factor 10) times ten seats, in cents.
    expect(applyFactor(1_000_000, 100_000) * 10).toBe(100_000_000);
  });
});
