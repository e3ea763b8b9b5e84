import { describe, expect, it } from 'vitest';
import { cinemaDay, formatCinemaTime } from './cinema-time.js';

describe('formatCinemaTime', () => {
  const noonUtc = Date.UTC(2100, 0, 1, 12, 0);

  // The zone's short name comes from the runtime's ICU data, which names some zones by offset.
  it("writes the showtime in the cinema's zone, with the zone, whatever the server's zone is", () => {
    expect(formatCinemaTime(noonUtc, 'UTC')).toBe('Friday 1 January 2100, 12:00 UTC');
    expect(formatCinemaTime(noonUtc, 'America/New_York')).toMatch(/^Friday 1 January 2100, 07:00 (EST|GMT-5)$/);
    expect(formatCinemaTime(Date.UTC(2100, 6, 1, 19, 30), 'Europe/Berlin')).toMatch(
      /^Thursday 1 July 2100, 21:30 (CEST|GMT\+2)$/,
    );
  });

  it('moves to the next day when the zone does', () => {
    expect(formatCinemaTime(Date.UTC(2100, 0, 1, 23, 30), 'Asia/Tokyo')).toMatch(/^Saturday 2 January 2100, 08:30 (JST|GMT\+9)$/);
  });
});

describe('cinemaDay', () => {
  const HOUR = 3_600_000;

  it("is the cinema's calendar day, not the server's or UTC's", () => {
    expect(cinemaDay(Date.UTC(2100, 0, 1, 12), 'UTC')).toEqual({
      date: '2100-01-01',
      start: Date.UTC(2100, 0, 1),
      end: Date.UTC(2100, 0, 2),
    });
    // 23:30 UTC on 1 January is already 2 January in Tokyo (UTC+9), from 15:00 UTC the day before.
    expect(cinemaDay(Date.UTC(2100, 0, 1, 23, 30), 'Asia/Tokyo')).toEqual({
      date: '2100-01-02',
      start: Date.UTC(2100, 0, 1, 15),
      end: Date.UTC(2100, 0, 2, 15),
    });
    // 03:00 UTC is still the evening before in New York (UTC-5).
    expect(cinemaDay(Date.UTC(2100, 0, 2, 3), 'America/New_York')).toEqual({
      date: '2100-01-01',
      start: Date.UTC(2100, 0, 1, 5),
      end: Date.UTC(2100, 0, 2, 5),
    });
  });

  it('has 23 hours on the day the clocks go forward and 25 on the day they go back', () => {
    // Europe/Paris: 28 March 2100 02:00 -> 03:00; 31 October 2100 03:00 -> 02:00.
    const spring = cinemaDay(Date.UTC(2100, 2, 28, 12), 'Europe/Paris');
    expect(spring).toEqual({ date: '2100-03-28', start: Date.UTC(2100, 2, 27, 23), end: Date.UTC(2100, 2, 28, 22) });
    expect(spring.end - spring.start).toBe(23 * HOUR);
    const autumn = cinemaDay(Date.UTC(2100, 9, 31, 12), 'Europe/Paris');
    expect(autumn).toEqual({ date: '2100-10-31', start: Date.UTC(2100, 9, 30, 22), end: Date.UTC(2100, 9, 31, 23) });
    expect(autumn.end - autumn.start).toBe(25 * HOUR);
  });

  it('the first and last moments of a day belong to it', () => {
    const day = cinemaDay(Date.UTC(2100, 5, 15, 12), 'Europe/Paris');
    expect(cinemaDay(day.start, 'Europe/Paris').date).toBe('2100-06-15');
    expect(cinemaDay(day.end - 1, 'Europe/Paris').date).toBe('2100-06-15');
    expect(cinemaDay(day.end, 'Europe/Paris').date).toBe('2100-06-16');
  });
});
