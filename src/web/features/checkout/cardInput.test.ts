import { describe, expect, it } from 'vitest';
import { formatCardNumber, formatExpiry, parseExpiry } from './cardInput';

describe('card input', () => {
  it('groups card digits in fours and drops everything else', () => {
    expect(formatCardNumber('4242-4242 42424242')).toBe('4242 4242 4242 4242');
  });

  it('reads MM/YY, MMYY and MM/YYYY expiry dates', () => {
    expect(parseExpiry('04/30')).toEqual({ month: 4, year: 2030 });
    expect(parseExpiry('0430')).toEqual({ month: 4, year: 2030 });
    expect(parseExpiry('4/2031')).toEqual({ month: 4, year: 2031 });
    expect(parseExpiry('13/30')).toBeNull();
    expect(parseExpiry('soon')).toBeNull();
    expect(formatExpiry('043')).toBe('04/3');
  });
});
