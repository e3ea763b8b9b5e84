import { sql } from 'kysely';
import type { Db } from '../database.js';
import { cinemaOfHall } from './cinema-join.js';

/** Booking ids per seat query: well under SQLite's and PostgreSQL's parameter limits. */
const SEAT_QUERY_CHUNK = 500;

export type ReportFilter = {
  /** Showtimes starting in [start, end): a window around the report's business days. */
  start: number;
  end: number;
  cinemaId?: number;
  movieId?: number;
};

export type ReportShowtimeRow = {
  event_id: number;
  start_time: number;
  movie_id: number;
  movie_title: string;
  hall: string | null;
  cinema_id: number | null;
  cinema: string | null;
  time_zone: string | null;
};

/** What sales reports read: showtimes, their bookings that sold seats or took money, and those bookings' seats. */
export function reportStore(db: Db) {
  const k = db.kysely;

  const showtimes = (f: ReportFilter) => {
    let q = k
      .selectFrom('events as e')
      .innerJoin('movies as m', 'm.id', 'e.movie_id')
      .leftJoin('halls as h', 'h.id', 'e.hall_id')
      .leftJoin('cinemas as c', (join) => join.on(cinemaOfHall))
      .where('e.start_time', '>=', f.start)
      .where('e.start_time', '<', f.end);
    if (f.cinemaId !== undefined) q = q.where('c.id', '=', f.cinemaId);
    if (f.movieId !== undefined) q = q.where('e.movie_id', '=', f.movieId);
    return q;
  };

  const showtimeColumns = [
    'e.id as event_id',
    'e.start_time',
    'm.id as movie_id',
    'm.title as movie_title',
    'h.name as hall',
    'c.id as cinema_id',
    'c.name as cinema',
    'c.time_zone',
  ] as const;

  return {
    /** Live showtimes in the window (a distributor's return lists performances that sold nothing too). */
    performances: (f: ReportFilter): Promise<ReportShowtimeRow[]> =>
      showtimes(f).select(showtimeColumns).where('e.deleted_at', 'is', null).orderBy('e.start_time').execute(),

    /**
     * Bookings of showtimes in the window that are confirmed or took money (deleted and cancelled
     * showtimes included: their money was taken and given back), with money taken and refunded.
     */
    async bookings(f: ReportFilter) {
      const paid = sql<number>`coalesce((select sum(p.amount) from payments p where p.booking_id = b.id
        and p.status in ('succeeded', 'refunded')), 0)`;
      const rows = await showtimes(f)
        .innerJoin('bookings as b', 'b.event_id', 'e.id')
        .select([
          ...showtimeColumns,
          'b.id as booking_id',
          'b.status',
          'b.payment_method',
          'b.promo_code',
          paid.as('paid'),
          sql<number>`coalesce((select sum(r.amount) from refunds r where r.booking_id = b.id), 0)`.as('refunded'),
          sql<string | null>`(select min(p.provider) from payments p where p.booking_id = b.id
            and p.status in ('succeeded', 'refunded'))`.as('provider'),
        ])
        .where((eb) => eb.or([eb('b.status', '=', 'confirmed'), eb(paid, '>', 0)]))
        .orderBy('b.id')
        .execute();
      const seats = new Map<number, { ticket_type: string; price: number; cancelled: boolean }[]>();
      const ids = rows.map((r) => r.booking_id);
      for (let i = 0; i < ids.length; i += SEAT_QUERY_CHUNK) {
        const chunk = ids.slice(i, i + SEAT_QUERY_CHUNK);
        const found = await k
          .selectFrom('booking_seats')
          .select(['booking_id', 'ticket_type', 'price', 'cancelled_at'])
          .where('booking_id', 'in', chunk)
          .orderBy('booking_id')
          .orderBy('seat_id')
          .execute();
        for (const s of found) {
          const list = seats.get(s.booking_id) ?? [];
          list.push({ ticket_type: s.ticket_type, price: Number(s.price), cancelled: s.cancelled_at !== null });
          seats.set(s.booking_id, list);
        }
      }
      return rows.map((r) => ({
        ...r,
        paid: Number(r.paid),
        refunded: Number(r.refunded),
        seats: seats.get(r.booking_id) ?? [],
      }));
    },
  };
}

export type ReportStore = ReturnType<typeof reportStore>;
