import { describe, expect, it } from 'vitest';
import { formatMoneyCompact } from './format';

describe('formatMoneyCompact', () => {
  it('writes an amount below the threshold in full', () => {
    expect(formatMoneyCompact(9_999.5, 'USD', { locale: 'en-US' })).toBe('$9,999.50');
    expect(formatMoneyCompact(0, 'USD', { locale: 'en-US' })).toBe('$0.00');
  });

  it('shortens larger amounts to thousands and millions with one decimal', () => {
    expect(formatMoneyCompact(48_230.4, 'USD', { locale: 'en-US' })).toBe('$48.2K');
    expect(formatMoneyCompact(1_234_567.89, 'USD', { locale: 'en-US' })).toBe('$1.2M');
    expect(formatMoneyCompact(-25_000, 'EUR', { locale: 'en-US' })).toBe('-€25K');
  });

  it('takes another threshold', () => {
    expect(formatMoneyCompact(1_500, 'USD', { locale: 'en-US', from: 1_000 })).toBe('$1.5K');
  });
});
