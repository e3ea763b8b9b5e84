import { describe, expect, it } from 'vitest';
import { hourOfBusinessDay, occupancyHeatmap } from './occupancy-heatmap.js';

const at = (iso: string) => Date.parse(iso);

describe('occupancyHeatmap', () => {
  it('sums sold seats and capacity per weekday and hour of the cinema wall clock', () => {
    const cells = occupancyHeatmap([
      // Friday 4 December 2026, 19:30 and 19:45 in Lisbon (UTC+0 in winter): one cell.
      { start_time: at('2026-12-04T19:30:00Z'), time_zone: 'Europe/Lisbon', sold: 30, capacity: 100 },
      { start_time: at('2026-12-04T19:45:00Z'), time_zone: 'Europe/Lisbon', sold: 10, capacity: 50 },
      // 10:30 UTC is 19:30 in Tokyo, the same Friday: the same cell, although the instant is nine hours earlier.
      { start_time: at('2026-12-04T10:30:00Z'), time_zone: 'Asia/Tokyo', sold: 5, capacity: 20 },
    ]);
    expect(cells).toEqual([{ weekday: 5, hour: 19, showtimes: 3, sold: 45, capacity: 170 }]);
  });

  it('puts a show after midnight on the business day before, and orders Monday first, then by hour from the day start', () => {
    const cells = occupancyHeatmap([
      // Sunday 6 December 2026, 14:00 in New York (UTC−5).
      { start_time: at('2026-12-06T19:00:00Z'), time_zone: 'America/New_York', sold: 1, capacity: 10 },
      // Saturday 5 December 00:30 in Lisbon: Friday's late show, weekday 5, hour 0, after Friday's evening.
      { start_time: at('2026-12-05T00:30:00Z'), time_zone: 'Europe/Lisbon', sold: 2, capacity: 10 },
      // Friday 4 December 21:00 in Lisbon.
      { start_time: at('2026-12-04T21:00:00Z'), time_zone: 'Europe/Lisbon', sold: 5, capacity: 10 },
      // Monday 7 December 23:00 in Lisbon.
      { start_time: at('2026-12-07T23:00:00Z'), time_zone: 'Europe/Lisbon', sold: 3, capacity: 10 },
      // Monday 7 December 09:00 in Lisbon.
      { start_time: at('2026-12-07T09:00:00Z'), time_zone: 'Europe/Lisbon', sold: 4, capacity: 10 },
    ]);
    expect(cells.map((c) => [c.weekday, c.hour, c.sold])).toEqual([
      [1, 9, 4],
      [1, 23, 3],
      [5, 21, 5],
      [5, 0, 2],
      [7, 14, 1],
    ]);
    // With business days starting at midnight, the 00:30 show is Saturday's again.
    const midnight = occupancyHeatmap(
      [{ start_time: at('2026-12-05T00:30:00Z'), time_zone: 'Europe/Lisbon', sold: 2, capacity: 10 }],
      0,
    );
    expect(midnight.map((c) => [c.weekday, c.hour])).toEqual([[6, 0]]);
  });

  it('counts hours from the start of the business day', () => {
    expect(hourOfBusinessDay(4)).toBe(0);
    expect(hourOfBusinessDay(23)).toBe(19);
    expect(hourOfBusinessDay(0)).toBe(20);
    expect(hourOfBusinessDay(3)).toBe(23);
    expect(hourOfBusinessDay(5, 330)).toBe(23); // a day starting 05:30: 05:00 is its last hour
    expect(hourOfBusinessDay(6, 330)).toBe(0);
  });

  it('follows daylight saving: 19:00 local in summer and winter is the same hour', () => {
    const cells = occupancyHeatmap([
      { start_time: at('2026-07-03T17:00:00Z'), time_zone: 'Europe/Paris', sold: 1, capacity: 4 },
      { start_time: at('2026-12-04T18:00:00Z'), time_zone: 'Europe/Paris', sold: 3, capacity: 4 },
    ]);
    expect(cells).toEqual([{ weekday: 5, hour: 19, showtimes: 2, sold: 4, capacity: 8 }]);
  });

  it('is empty without showtimes', () => {
    expect(occupancyHeatmap([])).toEqual([]);
  });
});
