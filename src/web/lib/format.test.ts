import { describe, expect, it } from 'vitest';
import { formatCinemaDateTime, formatMoneyCompact, repeatedTimeChoice, showtimeClock } from './format';

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

describe("times in the cinema's zone", () => {
  it('names the two instants of a repeated wall time by their zone abbreviation', () => {
    // 2100-11-07 in Los Angeles: 01:30 comes first in summer time, then an hour later in winter time.
    expect(repeatedTimeChoice('2100-11-07T01:30:00-07:00', 'America/Los_Angeles', 'first')).toBe('01:30 PDT (first)');
    expect(repeatedTimeChoice('2100-11-07T01:30:00-08:00', 'America/Los_Angeles', 'second')).toBe('01:30 PST (second)');
  });

  it("writes a deadline in the cinema's wall time, whatever zone the instant was written in", () => {
    const viewer = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const text = formatCinemaDateTime('2100-12-05T09:30:00Z', 'Asia/Tokyo');
    expect(text).toMatch(/ · 18:30( \(Tokyo\))?$/);
    expect(text.endsWith(showtimeClock({ start_time: '2100-12-05T09:30:00Z', time_zone: 'Asia/Tokyo' }, viewer))).toBe(true);
    expect(showtimeClock({ start_time: '2100-12-05T09:30:00Z', time_zone: 'Asia/Tokyo' }, 'UTC')).toBe('18:30 (Tokyo)');
  });
});
