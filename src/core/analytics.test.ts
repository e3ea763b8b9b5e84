import { describe, expect, it } from 'vitest';
import { occupancyRate, summarizeAnalytics } from './analytics.js';

const DAY = 86_400_000;

describe('summarizeAnalytics', () => {
  const now = Date.UTC(2030, 4, 31, 12);
  const base = { now, currency: 'USD', toMajor: (m: number) => m / 100, toIso: (ms: number) => new Date(ms).toISOString() };

  it('adds up seats and computes occupancy over every showtime', () => {
    const result = summarizeAnalytics({
      ...base,
      showtimes: [
        {
          id: 1,
          movie_title: 'A',
          start_time: now + DAY,
          hall: 'H',
          time_zone: 'Asia/Tokyo',
          total_seats: 10,
          booked_seats: 5,
          held_seats: 2,
          available_seats: 3,
          revenue: 7500,
        },
        {
          id: 2,
          movie_title: 'B',
          start_time: now + 2 * DAY,
          hall: null,
          total_seats: 30,
          booked_seats: '3',
          held_seats: '0',
          available_seats: '27',
          revenue: '4500',
        },
      ],
      counts: { confirmed: 3, pending: 1, cancelled: 2, expired: 0, revenue: 12000 },
      days: [],
      defaultZone: 'Europe/Paris',
    });
    expect(result.totals).toMatchObject({
      showtimes: 2,
      total_seats: 40,
      booked_seats: 8,
      held_seats: 2,
      available_seats: 30,
      occupancy_rate: 20,
      revenue: 120,
    });
    expect(result.per_showtime.map((s) => s.occupancy_rate)).toEqual([50, 10]);
    // Each showtime names its cinema's zone (the default one without a cinema), so its time is read there.
    expect(result.per_showtime.map((s) => s.time_zone)).toEqual(['Asia/Tokyo', 'Europe/Paris']);
  });

  it('lists sales per ticket type, most seats first, in major units', () => {
    const result = summarizeAnalytics({
      ...base,
      showtimes: [],
      counts: { confirmed: 0, pending: 0, cancelled: 0, expired: 0, revenue: 0 },
      days: [],
      ticketTypes: [
        { ticket_type: 'child', seats: '1', revenue: '900' },
        { ticket_type: 'adult', seats: 3, revenue: 4500 },
        { ticket_type: 'senior', seats: 1, revenue: 1000 },
      ],
    });
    expect(result.by_ticket_type).toEqual([
      { ticket_type: 'adult', seats: 3, revenue: 45 },
      { ticket_type: 'child', seats: 1, revenue: 9 },
      { ticket_type: 'senior', seats: 1, revenue: 10 },
    ]);
  });

  it('returns 30 consecutive days ending today, with zeros where nothing was sold', () => {
    const today = Math.floor(now / DAY);
    const result = summarizeAnalytics({
      ...base,
      showtimes: [],
      counts: { confirmed: 0, pending: 0, cancelled: 0, expired: 0, revenue: 0 },
      days: [{ day: today - 1, bookings: 2, revenue: 3000 }],
    });
    expect(result.per_day).toHaveLength(30);
    expect(result.per_day.at(-1)).toEqual({ date: '2030-05-31', bookings: 0, revenue: 0 });
    expect(result.per_day.at(-2)).toEqual({ date: '2030-05-30', bookings: 2, revenue: 30 });
    expect(result.per_day[0]?.date).toBe('2030-05-02');
  });

  it('has zero occupancy for zero seats', () => {
    expect(occupancyRate(0, 0)).toBe(0);
    expect(occupancyRate(1, 3)).toBe(33.33);
  });
});
