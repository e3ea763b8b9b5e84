import { describe, expect, it } from 'vitest';
import type { EventSummary } from '../../../contract/catalogue';
import { dayLabel, groupByDay } from './groupShowtimes';

const at = (iso: string, id: number): EventSummary => ({
  event_id: id,
  movie_id: 1,
  movie_title: 'Film',
  movie_description: null,
  start_time: iso,
  end_time: iso,
  hall: null,
  hall_id: null,
  total_seats: 10,
  available_seats: 10,
  price_from: 10,
  currency: 'USD',
  cancelled: false,
  cancel_note: null,
  format: '2D',
  format_surcharge: 0,
});

describe('groupByDay', () => {
  it('groups by local day with days and times in order', () => {
    const noon = (d: number, h: number) => new Date(2030, 4, d, h, 0).toISOString();
    const groups = groupByDay([at(noon(2, 20), 3), at(noon(1, 18), 1), at(noon(2, 14), 2)]);
    expect(groups.map((g) => g.showtimes.map((s) => s.event_id))).toEqual([[1], [2, 3]]);
    expect(groups[0]?.day).toBe('2030-05-01');
  });
});

describe('dayLabel', () => {
  it('names today and tomorrow', () => {
    const now = new Date(2030, 4, 1, 9);
    expect(dayLabel('2030-05-01', now)).toBe('Today');
    expect(dayLabel('2030-05-02', now)).toBe('Tomorrow');
    expect(dayLabel('2030-05-05', now)).not.toMatch(/Today|Tomorrow/);
  });
});
