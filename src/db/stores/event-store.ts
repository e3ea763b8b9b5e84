import { applyFactor } from '../../core/money.js';
import { CLEANING_BUFFER_MINUTES, type Slot, slotsCollide } from '../../core/schedule.js';
import { capacityOf, type SeatPlan } from '../../core/seat-layout.js';
import type { Db } from '../database.js';
import { cinemaOfHall } from './cinema-join.js';
import { priceCardOf } from './pricing-store.js';
import {
  activeBookingCondition,
  availableSeatsOf,
  bookedSeatsOf,
  hasActiveBookingsOf,
  heldSeatsOf,
  minSeatPriceOf,
  nextHoldExpiryOf,
  waitlistWaitingOf,
} from './seat-counts.js';
import { insertSeats } from './seat-writes.js';
import { admittedSeatsOf } from './ticket-store.js';

export type EventFilter = {
  movieId?: number;
  hallId?: number;
  cinemaId?: number;
  from?: number;
  to?: number;
  includePast?: boolean;
};

export type EventSeatRow = Awaited<ReturnType<ReturnType<typeof eventStore>['seatMap']>>[number];
export type EventSummaryRow = Awaited<ReturnType<ReturnType<typeof eventStore>['list']>>[number];

export type NewShowtime = {
  movie_id: number;
  hall_id: number | null;
  start_time: number;
  end_time: number;
  base_price: number;
  currency: string;
  format?: string;
  format_surcharge?: number;
};

export type ShowtimeWrite =
  | { ok: true; id: number }
  | { ok: false; code: 'NOT_FOUND' | 'OVERLAP' | 'HAS_ACTIVE_BOOKINGS'; conflictId?: number };

/** `cleaningBufferMinutes`: how long a hall stays busy after a film (CLEANING_BUFFER_MINUTES). */
export function eventStore(db: Db, options: { cleaningBufferMinutes?: number } = {}) {
  const k = db.kysely;
  const buffer = options.cleaningBufferMinutes ?? CLEANING_BUFFER_MINUTES;

  /**
   * Showtimes with their public counts; `forAdmin` adds the sold, held and has-bookings counts
   * only admins see, which the public listing (rebuilt on every seat change) need not pay for.
   */
  function summaries(now: number, forAdmin: boolean) {
    return (
      k
        .selectFrom('events as e')
        .innerJoin('movies as m', 'm.id', 'e.movie_id')
        .leftJoin('halls as h', 'h.id', 'e.hall_id')
        // A showtime without a hall (the prototype's grid), or in a hall from before cinemas, is the first cinema's.
        .leftJoin('cinemas as c', (join) => join.on(cinemaOfHall))
        .select([
          'e.id',
          'c.id as cinema_id',
          'c.name as cinema',
          'c.time_zone',
          'e.movie_id',
          'm.title as movie_title',
          'm.description as movie_description',
          'e.start_time',
          'e.end_time',
          'h.name as hall',
          'e.hall_id',
          'e.total_seats',
          'e.base_price',
          'e.currency',
          'e.cancelled_at',
          'e.cancel_note',
          'e.format',
          'e.format_surcharge',
          availableSeatsOf('e.id', now).as('available_seats'),
          minSeatPriceOf('e.id').as('price_from'),
          nextHoldExpiryOf('e.id', now).as('next_hold_expiry'),
        ])
        .$if(forAdmin, (q) =>
          q.select([
            bookedSeatsOf('e.id').as('booked_seats'),
            heldSeatsOf('e.id', now).as('locked_seats'),
            hasActiveBookingsOf('e.id', now).as('has_active_bookings'),
            admittedSeatsOf('e.id').as('admitted_seats'),
            waitlistWaitingOf('e.id').as('waitlist_waiting'),
          ]),
        )
        .where('e.deleted_at', 'is', null)
    );
  }

  /** Showtimes that would share the hall with `slot` (film plus cleaning buffer), other than `exceptId`. */
  async function findOverlap(
    trx: Parameters<Parameters<Db['transaction']>[0]>[0],
    hallId: number,
    slot: Slot,
    exceptId: number | null,
  ): Promise<number | undefined> {
    const day = 24 * 60 * 60_000 + buffer * 60_000;
    const nearby = await trx
      .selectFrom('events')
      .select(['id', 'start_time', 'end_time'])
      .where('hall_id', '=', hallId)
      .where('deleted_at', 'is', null)
      // A cancelled showtime leaves its hall free for another.
      .where('cancelled_at', 'is', null)
      .where('start_time', '<', slot.end + day)
      .where('end_time', '>', slot.start - day)
      .$if(exceptId !== null, (q) => q.where('id', '!=', exceptId as number))
      .execute();
    return nearby.find((e) => slotsCollide(slot, { start: e.start_time, end: e.end_time }, buffer))?.id;
  }

  /** PostgreSQL: serialise schedule changes per hall, so two overlapping inserts cannot both pass. */
  async function lockHall(trx: Parameters<Parameters<Db['transaction']>[0]>[0], hallId: number) {
    if (db.dialect === 'postgres') {
      await trx.selectFrom('halls').select('id').where('id', '=', hallId).forUpdate().execute();
    }
  }

  return {
    list(filter: EventFilter, now: number, forAdmin = false) {
      return (
        summaries(now, forAdmin)
          // Customers no longer see a showtime the cinema cancelled; admins see it marked.
          .$if(!forAdmin, (q) => q.where('e.cancelled_at', 'is', null))
          .$if(filter.movieId !== undefined, (q) => q.where('e.movie_id', '=', filter.movieId as number))
          .$if(filter.hallId !== undefined, (q) => q.where('e.hall_id', '=', filter.hallId as number))
          .$if(filter.cinemaId !== undefined, (q) => q.where('c.id', '=', filter.cinemaId as number))
          .$if(!filter.includePast, (q) => q.where('e.start_time', '>', now))
          .$if(filter.from !== undefined, (q) => q.where('e.start_time', '>=', filter.from as number))
          .$if(filter.to !== undefined, (q) => q.where('e.start_time', '<', filter.to as number))
          .where('m.deleted_at', 'is', null)
          .orderBy('e.start_time')
          .orderBy('e.id')
          .execute()
      );
    },

    find: (id: number, now: number, forAdmin = false) => summaries(now, forAdmin).where('e.id', '=', id).executeTakeFirst(),

    /** A live showtime's currency, or undefined: all a seat map needs besides its seats. */
    currencyOf: async (id: number) =>
      (await k.selectFrom('events').select('currency').where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst())
        ?.currency,

    /** What the seating rules need besides the seats: when it starts, and whether its hall refuses single-seat gaps. */
    seatingOf: async (id: number) => {
      const row = await k
        .selectFrom('events as e')
        .leftJoin('halls as h', 'h.id', 'e.hall_id')
        .innerJoin('movies as m', 'm.id', 'e.movie_id')
        .select([
          'e.currency',
          'e.start_time',
          'h.single_seat_rule',
          'e.format',
          'e.format_surcharge',
          'e.price_card',
          'm.rating',
        ])
        .where('e.id', '=', id)
        .where('e.deleted_at', 'is', null)
        .executeTakeFirst();
      // A showtime without a hall (the prototype's `total_seats` grid) keeps the prototype's rules: no switch, no rule.
      return (
        row && {
          currency: row.currency,
          start_time: row.start_time,
          single_seat_rule: row.single_seat_rule !== null && row.single_seat_rule !== 0,
          card: priceCardOf(row),
          rating: row.rating,
        }
      );
    },

    /**
     * What a hold is checked against before its transaction, in one statement: the rows the
     * requested seats are in (every seat of them, for the seating rules), each with its showtime,
     * hall rule and film. Seats of several showtimes come back together (the hold then refuses
     * them); a deleted showtime comes back with `deleted_at` set.
     */
    async holdPicture(seatIds: number[]) {
      const asked = seatIds.length > 0 ? seatIds : [-1];
      const rows = await k
        .selectFrom('seats as s')
        .innerJoin('events as e', 'e.id', 's.event_id')
        .leftJoin('halls as h', 'h.id', 'e.hall_id')
        .innerJoin('movies as m', 'm.id', 'e.movie_id')
        .select([
          's.id',
          's.event_id',
          's.row_label',
          's.row_index',
          's.number',
          's.col',
          's.kind',
          's.label',
          's.category',
          's.price',
          's.status',
          's.hold_expires_at',
          'e.start_time',
          'e.cancelled_at',
          'e.deleted_at',
          'e.currency',
          'e.format',
          'e.format_surcharge',
          'e.price_card',
          'h.single_seat_rule',
          'm.rating',
        ])
        .where('s.event_id', 'in', (sub) => sub.selectFrom('seats').select('event_id').where('id', 'in', asked))
        .where('s.row_index', 'in', (sub) => sub.selectFrom('seats').select('row_index').where('id', 'in', asked))
        .orderBy('s.event_id')
        .orderBy('s.row_index')
        .orderBy('s.number')
        .execute();
      return rows;
    },

    seatMap: (eventId: number, rowsOfSeats?: number[]) =>
      k
        .selectFrom('seats')
        .select([
          'id',
          'row_label',
          'row_index',
          'number',
          'col',
          'kind',
          'label',
          'category',
          'price',
          'status',
          'hold_expires_at',
        ])
        .where('event_id', '=', eventId)
        // Only the rows these seats are in: the seating rules of a hold look no further.
        .$if(rowsOfSeats !== undefined, (q) =>
          q.where('row_index', 'in', (sub) =>
            sub
              .selectFrom('seats')
              .select('row_index')
              .where('event_id', '=', eventId)
              .where('id', 'in', rowsOfSeats?.length ? rowsOfSeats : [-1]),
          ),
        )
        .orderBy('row_index')
        .orderBy('number')
        .execute(),

    async insert(showtime: NewShowtime, seats: SeatPlan[], now: number): Promise<ShowtimeWrite> {
      return db.transaction(async (trx) => {
        if (showtime.hall_id !== null) {
          await lockHall(trx, showtime.hall_id);
          const conflictId = await findOverlap(
            trx,
            showtime.hall_id,
            { start: showtime.start_time, end: showtime.end_time },
            null,
          );
          if (conflictId !== undefined) return { ok: false, code: 'OVERLAP', conflictId } as const;
        }
        const row = await trx
          .insertInto('events')
          .values({ ...showtime, total_seats: capacityOf(seats), created_at: now })
          .returning('id')
          .executeTakeFirstOrThrow();
        await insertSeats(trx, row.id, seats);
        return { ok: true, id: row.id } as const;
      });
    },

    /**
     * Reschedules or re-prices a showtime. Moving it to another hall or another layout regenerates
     * its seats, which is refused while it has active bookings.
     */
    async update(id: number, next: NewShowtime, regenerate: SeatPlan[] | null, now: number): Promise<ShowtimeWrite> {
      return db.transaction(async (trx) => {
        const current = await trx
          .selectFrom('events')
          .selectAll()
          .where('id', '=', id)
          .where('deleted_at', 'is', null)
          .$if(db.dialect === 'postgres', (q) => q.forUpdate())
          .executeTakeFirst();
        if (!current) return { ok: false, code: 'NOT_FOUND' } as const;
        if (next.hall_id !== null) {
          await lockHall(trx, next.hall_id);
          const conflictId = await findOverlap(trx, next.hall_id, { start: next.start_time, end: next.end_time }, id);
          if (conflictId !== undefined) return { ok: false, code: 'OVERLAP', conflictId } as const;
        }
        if (regenerate) {
          const anyBooking = await trx
            .selectFrom('bookings as b')
            .select('b.id')
            .where('b.event_id', '=', id)
            .where(activeBookingCondition('b', now))
            .executeTakeFirst();
          if (anyBooking) return { ok: false, code: 'HAS_ACTIVE_BOOKINGS' } as const;
          const history = await trx.selectFrom('bookings').select('id').where('event_id', '=', id).executeTakeFirst();
          if (history) return { ok: false, code: 'HAS_ACTIVE_BOOKINGS' } as const;
          await trx.deleteFrom('seats').where('event_id', '=', id).execute();
          await insertSeats(trx, id, regenerate);
        } else if (next.base_price !== current.base_price) {
          // Seats keep their category; only their price follows the new base. Bookings already
          // made keep the prices they were sold at (booking_seats).
          const factors = await trx.selectFrom('seats').select('factor_bp').distinct().where('event_id', '=', id).execute();
          for (const { factor_bp } of factors) {
            await trx
              .updateTable('seats')
              .set({ price: applyFactor(next.base_price, factor_bp) })
              .where('event_id', '=', id)
              .where('factor_bp', '=', factor_bp)
              .execute();
          }
        }
        await trx
          .updateTable('events')
          .set({ ...next, ...(regenerate ? { total_seats: capacityOf(regenerate) } : {}) })
          .where('id', '=', id)
          .execute();
        return { ok: true, id } as const;
      });
    },

    async remove(id: number, now: number): Promise<'DELETED' | 'NOT_FOUND' | 'HAS_ACTIVE_BOOKINGS'> {
      return db.transaction(async (trx) => {
        const current = await trx
          .selectFrom('events')
          .select('id')
          .where('id', '=', id)
          .where('deleted_at', 'is', null)
          .$if(db.dialect === 'postgres', (q) => q.forUpdate())
          .executeTakeFirst();
        if (!current) return 'NOT_FOUND';
        const active = await trx
          .selectFrom('bookings as b')
          .select('b.id')
          .where('b.event_id', '=', id)
          .where(activeBookingCondition('b', now))
          .executeTakeFirst();
        if (active) return 'HAS_ACTIVE_BOOKINGS';
        await trx.updateTable('events').set({ deleted_at: now }).where('id', '=', id).execute();
        return 'DELETED';
      });
    },
  };
}

export type EventStore = ReturnType<typeof eventStore>;
