import { describe, expect, it } from 'vitest';
import type { EventSummary } from '../../../contract/catalogue';
import { isLateShow, showtimeClock } from '../../lib/format';
import { dayLabel, groupByDay } from './groupShowtimes';

const at = (iso: string, id: number): EventSummary => ({
  event_id: id,
  movie_id: 1,
  movie_title: 'Film',
  movie_description: null,
  start_time: iso,
  end_time: iso,
  time_zone: 'UTC',
  business_date: iso.slice(0, 10),
  cinema_id: 1,
  cinema: 'Our cinema',
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
  it("groups by the cinema's business day with days and times in order", () => {
    const groups = groupByDay([
      at('2030-05-02T20:00:00+00:00', 3),
      at('2030-05-01T18:00:00+00:00', 1),
      at('2030-05-02T14:00:00+00:00', 2),
    ]);
    expect(groups.map((g) => g.showtimes.map((s) => s.event_id))).toEqual([[1], [2, 3]]);
    expect(groups[0]?.day).toBe('2030-05-01');
  });

  it("puts a late show after midnight with the evening before, as the server's business_date says", () => {
    const late = { ...at('2030-05-03T00:30:00+09:00', 4), time_zone: 'Asia/Tokyo', business_date: '2030-05-02' };
    const groups = groupByDay([at('2030-05-02T19:30:00+00:00', 3), late]);
    expect(groups.map((g) => [g.day, g.showtimes.map((s) => s.event_id)])).toEqual([['2030-05-02', [4, 3]]]);
    expect(isLateShow(late)).toBe(true);
    expect(isLateShow(at('2030-05-02T19:30:00+00:00', 3))).toBe(false);
    // The zone is named exactly when the viewer's zone reads another time, and only then.
    expect(showtimeClock(late, 'UTC')).toBe('00:30 (Tokyo)');
    expect(showtimeClock(late, 'America/Los_Angeles')).toBe('00:30 (Tokyo)');
    expect(showtimeClock(late, 'Asia/Tokyo')).toBe('00:30');
    // Another zone name with the same offset then reads the same time: nothing to misread.
    expect(showtimeClock(late, 'Asia/Seoul')).toBe('00:30');
    // By default the viewer is this runtime's own zone.
    const here = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(showtimeClock(late)).toBe(showtimeClock(late, here));
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
