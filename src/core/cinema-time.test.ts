import { describe, expect, it } from 'vitest';
import { formatCinemaTime } from './cinema-time.js';

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
