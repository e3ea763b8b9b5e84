import { describe, expect, it } from 'vitest';
import { applyFactor, currencyDigits, isCurrencyCode, toMajorUnits, toMinorUnits } from './money.js';

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
});
