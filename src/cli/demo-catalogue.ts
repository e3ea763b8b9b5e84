import type { EventBody, HallBody, MovieBody } from '../contract/admin.js';

export function demoCatalogue(): { movies: MovieBody[]; halls: HallBody[] } {
  return {
    movies: [
      {
        title: 'The Last Lighthouse',
        description: 'A keeper on a storm-bound island finds a message that should not exist.',
        duration_minutes: 118,
        genre: 'Drama',
        rating: 'PG-13',
        release_date: '2026-10-02',
      },
      {
        title: 'Orbit of Nine',
        description: 'Nine strangers wake aboard a station that has been drifting for a century.',
        duration_minutes: 134,
        genre: 'Science fiction',
        rating: 'PG-13',
        release_date: '2026-11-13',
      },
      {
        title: 'Paper Tigers',
        description: 'Three retired stunt performers take on one last job.',
        duration_minutes: 102,
        genre: 'Action comedy',
        rating: 'PG-13',
        release_date: '2026-09-18',
      },
      {
        title: 'Little Fox, Big Forest',
        description: 'An animated adventure about a fox cub who wants to see the sea.',
        duration_minutes: 88,
        genre: 'Animation',
        rating: 'G',
        release_date: '2026-11-06',
      },
      {
        title: 'Quiet Hours',
        description: 'A night-shift nurse and a sleepless patient trade secrets until dawn.',
        duration_minutes: 109,
        genre: 'Romance',
        rating: 'PG',
        release_date: '2026-10-23',
      },
    ],
    halls: [
      {
        name: 'Grand Hall',
        rows: 12,
        seats_per_row: 18,
        categories: [
          { name: 'front', from_row: 1, to_row: 2, price_factor: 0.8 },
          { name: 'premium', from_row: 7, to_row: 10, price_factor: 1.3 },
          { name: 'recliner', from_row: 11, to_row: 12, price_factor: 1.6 },
        ],
      },
      {
        name: 'Studio 2',
        rows: 8,
        seats_per_row: 12,
        categories: [{ name: 'premium', from_row: 5, to_row: 8, price_factor: 1.2 }],
      },
      { name: 'Screening Room', rows: 5, seats_per_row: 8, categories: [] },
    ],
  };
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
// Start hours (UTC) per hall; gaps leave room for the longest film plus cleaning.
const DAILY_STARTS = [
  [13, 16.5, 20],
  [14, 17, 20.5],
  [15, 18.5],
];
const PRICES = [14, 12, 10];

/** Showtimes for the next 7 days, rotating films through halls. */
export function demoSchedule(now: number, movieIds: number[], hallIds: number[]): EventBody[] {
  const firstDay = Math.floor(now / DAY) * DAY + DAY;
  const slots: EventBody[] = [];
  for (let day = 0; day < 7; day++) {
    hallIds.forEach((hallId, h) => {
      (DAILY_STARTS[h] ?? []).forEach((hour, i) => {
        const movieId = movieIds[(day + h * 2 + i) % movieIds.length] as number;
        slots.push({
          movie_id: movieId,
          hall_id: hallId,
          start_time: new Date(firstDay + day * DAY + hour * HOUR).toISOString(),
          price: (PRICES[h] ?? 12) + (hour >= 19 ? 2 : 0),
        });
      });
    });
  }
  return slots;
}
