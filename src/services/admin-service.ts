import type {
  AdminBookingsQuery,
  AdminEvent,
  AdminEventsQuery,
  Analytics,
  AuditEntry,
  AuditQuery,
  EventBody,
  EventPatch,
  Hall,
  HallBody,
  HallPatch,
  MovieBody,
  MoviePatch,
  PlannerQuery,
  WeekPlan,
} from '../contract/admin.js';
import type { Booking } from '../contract/bookings.js';
import type { Movie } from '../contract/catalogue.js';
import { AppError, validationError } from '../contract/errors.js';
import { summarizeAnalytics } from '../core/analytics.js';
import { auditLabel } from '../core/audit-labels.js';
import { businessDate, clockText, type Fold, parseWallTime, resolveWallTime, toZonedIso } from '../core/cinema-time.js';
import { type HallShape, planShapeSeats, rowRangesOf, shapeFromInput, widthOf } from '../core/hall-shape.js';
import { applyFactor, checkBasePrice, toMajorUnits } from '../core/money.js';
import { dayRange, parseDateTime, showtimeEnd, toIso } from '../core/schedule.js';
import { planGridSeats, type SeatPlan } from '../core/seat-layout.js';
import { checkSurcharge } from '../core/ticket-pricing.js';
import { checkDateRange, plannerDay, weekDates } from '../core/week-planner.js';
import { analyticsStore } from '../db/stores/analytics-store.js';
import { auditStore } from '../db/stores/audit-store.js';
import { bookingOwnerStore } from '../db/stores/booking-owner-store.js';
import { bookingReadStore } from '../db/stores/booking-read-store.js';
import { cinemaStore } from '../db/stores/cinema-store.js';
import { type EventSummaryRow, eventStore, type NewShowtime } from '../db/stores/event-store.js';
import { hallStore } from '../db/stores/hall-store.js';
import { movieStore } from '../db/stores/movie-store.js';
import type { Deps } from './deps.js';
import { filmService } from './film-service.js';
import { localTimeSettings, presentAdminEvent, presentBooking, presentHall } from './presenters.js';
import type { ReadCache } from './read-cache.js';
import type { Caller } from './security-audit.js';

const DEFAULT_PRICE = 15;
const DEFAULT_GRID_SEATS = 25;

/** `cache` is the catalogue's read cache, told about every change an admin makes to showtimes. */
export function adminService(deps: Deps, cache?: ReadCache) {
  const movies = movieStore(deps.db);
  const films = filmService(deps, cache);
  const halls = hallStore(deps.db);
  const events = eventStore(deps.db, { cleaningBufferMinutes: deps.config.cleaningBufferMinutes });
  const analytics = analyticsStore(deps.db);
  const cinemas = cinemaStore(deps.db);
  const auditLog = auditStore(deps.db);
  const { clock, config } = deps;
  const local = localTimeSettings(config);
  const presentEvent = (row: EventSummaryRow) => presentAdminEvent(row, local);

  async function requireMovie(id: number) {
    const movie = await movies.find(id, clock.now());
    if (!movie) throw new AppError('MOVIE_NOT_FOUND', `Movie ${id} not found`);
    return movie;
  }

  async function requireHall(id: number) {
    const hall = await halls.find(id);
    if (!hall) throw new AppError('HALL_NOT_FOUND', `Hall ${id} not found`);
    return hall;
  }

  async function adminEvent(id: number): Promise<AdminEvent> {
    const row = await events.find(id, clock.now(), true);
    if (!row) throw new AppError('EVENT_NOT_FOUND', `Showtime ${id} not found`);
    return presentEvent(row);
  }

  /** The format and surcharge an admin sent (either may be left out), surcharge in minor units. */
  function formatOf(body: EventPatch, currency: string): { format?: string; format_surcharge?: number } {
    const out: { format?: string; format_surcharge?: number } = {};
    if (body.format !== undefined) out.format = body.format;
    if (body.format_surcharge !== undefined) {
      const checked = checkSurcharge(body.format_surcharge, currency);
      if (!checked.ok) throw validationError([{ field: 'body/format_surcharge', message: checked.message }]);
      out.format_surcharge = checked.minor;
    }
    return out;
  }

  /** The hall's shape from the body (a layout, or a rectangle); 422 naming each problem's field. */
  function shapeOf(body: HallPatch): HallShape {
    const result = shapeFromInput(body);
    if (!result.ok) throw validationError(result.problems.map((p) => ({ ...p, field: `body/${p.field}` })));
    return result.shape;
  }

  const hallWrite = (name: string, shape: HallShape, singleSeatRule: boolean, cinemaId: number) => ({
    name: name.trim(),
    cinema_id: cinemaId,
    rows: shape.rows.length,
    seats_per_row: widthOf(shape),
    categories: rowRangesOf(shape),
    layout: shape,
    single_seat_rule: singleSeatRule,
  });

  const planHall = (shape: HallShape, basePrice: number) => planShapeSeats(shape, basePrice, applyFactor);

  function priceInMinor(price: number | undefined, fallbackMinor: number): number {
    if (price === undefined) return fallbackMinor;
    const checked = checkBasePrice(price, config.currency);
    if (!checked.ok) throw validationError([{ field: 'body/price', message: checked.message }]);
    return checked.minor;
  }

  /** The business days a listing asks for (`date`, or `from` … `to`), or null for no day filter; 422 naming the field. */
  function businessDaysOf(query: AdminEventsQuery): { from: string; to: string } | null {
    const problem = (field: string, message: string) => validationError([{ field: `querystring/${field}`, message }]);
    if (query.date !== undefined) {
      if (query.from !== undefined || query.to !== undefined) throw problem('date', 'give either date or from and to, not both');
      if (!dayRange(query.date)) throw problem('date', 'must be a date like 2030-05-01');
      return { from: query.date, to: query.date };
    }
    if (query.from === undefined && query.to === undefined) return null;
    if (query.from === undefined) throw problem('from', 'is needed with to');
    if (query.to === undefined) throw problem('to', 'is needed with from');
    const checked = checkDateRange(query.from, query.to);
    if (!checked.ok) throw problem(checked.field, checked.message);
    return checked;
  }

  async function listEvents(query: AdminEventsQuery): Promise<AdminEvent[]> {
    const days = businessDaysOf(query);
    let range = {};
    if (days) {
      const first = dayRange(days.from);
      const last = dayRange(days.to);
      // Any zone's business day lies within the UTC days either side; rows are kept by their own.
      if (first && last) range = { from: first.start - 86_400_000, to: last.end + 86_400_000 };
    }
    const rows = await events.list(
      {
        includePast: query.include_past === true || days !== null,
        cinemaId: query.cinema_id,
        hallId: query.hall_id,
        movieId: query.movie_id,
        ...range,
      },
      clock.now(),
      true,
    );
    const shown = rows.map(presentEvent);
    return days === null ? shown : shown.filter((e) => e.business_date >= days.from && e.business_date <= days.to);
  }

  /** The cinema a hall goes in: the one named (it must exist), else the first. */
  async function cinemaIdFor(requested: number | undefined): Promise<number> {
    const cinema = requested !== undefined ? await cinemas.find(requested) : await cinemas.first();
    if (!cinema) throw new AppError('CINEMA_NOT_FOUND', `Cinema ${requested ?? ''} not found`.trim());
    return cinema.id;
  }

  /** The zone a hall's wall times are read in: its cinema's. */
  async function zoneOfHall(hall: { cinema_id: number | null }): Promise<string> {
    const cinema = hall.cinema_id !== null ? await cinemas.find(hall.cinema_id) : await cinemas.first();
    return cinema?.time_zone ?? config.cinemaTimeZone;
  }

  /**
   * A start time: with an offset, that instant; without one, the wall time in `zone` (the hall's
   * cinema), refused when the clocks skip it or (without a fold) repeat it. No zone (no hall):
   * UTC, as the prototype's clients meant.
   */
  function startTime(raw: string, zone: string | null = null, fold?: Fold): number {
    const wall = zone === null ? null : parseWallTime(raw);
    if (wall && zone !== null) {
      const resolved = resolveWallTime(wall, zone, fold);
      if (resolved.ok) return resolved.epochMs;
      if (resolved.code === 'NONEXISTENT_LOCAL_TIME') {
        throw new AppError(
          'NONEXISTENT_LOCAL_TIME',
          `${raw} does not exist in ${zone}: the clocks skip it that day (daylight saving); choose another time`,
        );
      }
      const candidates = resolved.candidates.map((t) => toZonedIso(t, zone));
      throw new AppError(
        'AMBIGUOUS_LOCAL_TIME',
        `${raw} happens twice in ${zone} (the clocks go back): send "fold": "earlier" (${candidates[0]}) or "later" (${candidates[1]}), or the time with its offset`,
        { candidates },
      );
    }
    const ms = parseDateTime(raw);
    if (ms === null)
      throw validationError([
        { field: 'body/start_time', message: 'must be an ISO 8601 date-time such as 2030-05-01T19:30:00Z' },
      ]);
    return ms;
  }

  function overlapError(conflictId: number | undefined) {
    return new AppError(
      'SHOWTIME_OVERLAP',
      `The hall is busy then: it overlaps showtime ${conflictId} (film length plus a ${config.cleaningBufferMinutes}-minute cleaning break)`,
    );
  }

  return {
    // Movies
    listMovies: (): Promise<Movie[]> => films.listMovies(),
    createMovie: (body: MovieBody): Promise<Movie> => films.createMovie(body),
    updateMovie: (id: number, body: MoviePatch): Promise<Movie> => films.updateMovie(id, body),
    async deleteMovie(id: number): Promise<void> {
      const result = await movies.remove(id, clock.now());
      cache?.invalidateAll();
      if (result === 'NOT_FOUND') throw new AppError('MOVIE_NOT_FOUND', `Movie ${id} not found`);
      if (result === 'HAS_ACTIVE_BOOKINGS') {
        throw new AppError(
          'HAS_ACTIVE_BOOKINGS',
          'This movie has showtimes with pending or confirmed bookings; cancel those first',
        );
      }
    },

    // Halls
    listHalls: async (): Promise<Hall[]> => (await halls.list()).map(presentHall),
    async createHall(body: HallBody): Promise<Hall> {
      // Older clients' rectangles sell as they always did; a hall drawn as a shape refuses single-seat gaps.
      const singleSeatRule = body.single_seat_rule ?? body.layout !== undefined;
      const shape = shapeOf(body);
      const cinemaId = await cinemaIdFor(body.cinema_id);
      const result = await halls.insert(hallWrite(body.name, shape, singleSeatRule, cinemaId), clock.now());
      if (!result.ok) throw new AppError('HALL_NAME_TAKEN', `A hall named "${body.name}" already exists`);
      return presentHall(result.hall);
    },
    async updateHall(id: number, patch: HallPatch): Promise<Hall> {
      const current = await requireHall(id);
      const rectangle = patch.rows !== undefined || patch.seats_per_row !== undefined || patch.categories !== undefined;
      // A patch of the rectangle fields keeps the others of the hall as it is.
      const shape =
        patch.layout !== undefined
          ? shapeOf(patch)
          : rectangle
            ? shapeOf({
                rows: patch.rows ?? current.rows,
                seats_per_row: patch.seats_per_row ?? current.seats_per_row,
                categories: patch.categories ?? current.categories,
              })
            : current.layout;
      const cinemaId =
        patch.cinema_id !== undefined || current.cinema_id === null ? await cinemaIdFor(patch.cinema_id) : current.cinema_id;
      const next = hallWrite(patch.name ?? current.name, shape, patch.single_seat_rule ?? current.single_seat_rule, cinemaId);
      const layoutChanged = JSON.stringify(shape) !== JSON.stringify(current.layout);
      const result = await halls.update(id, next, layoutChanged, (base) => planHall(shape, base), clock.now());
      cache?.invalidateAll();
      if (result.ok) return presentHall(result.hall);
      switch (result.code) {
        case 'NOT_FOUND':
          throw new AppError('HALL_NOT_FOUND', `Hall ${id} not found`);
        case 'NAME_TAKEN':
          throw new AppError('HALL_NAME_TAKEN', `A hall named "${next.name}" already exists`);
        case 'IN_USE':
          throw new AppError('HAS_ACTIVE_BOOKINGS', 'This hall has upcoming showtimes with bookings; its layout cannot change');
      }
    },
    async deleteHall(id: number): Promise<void> {
      const result = await halls.remove(id, clock.now());
      cache?.invalidateAll();
      if (result === 'NOT_FOUND') throw new AppError('HALL_NOT_FOUND', `Hall ${id} not found`);
      if (result === 'IN_USE')
        throw new AppError('HAS_ACTIVE_BOOKINGS', 'This hall has showtimes with pending or confirmed bookings');
    },

    // Showtimes
    listEvents,

    /** A cinema's week for the planner: its halls, its business days and their showtimes. */
    async planWeek(query: PlannerQuery): Promise<WeekPlan> {
      const cinema = await cinemas.find(query.cinema_id);
      if (!cinema) throw new AppError('CINEMA_NOT_FOUND', `Cinema ${query.cinema_id} not found`);
      const zone = cinema.time_zone ?? config.cinemaTimeZone;
      const dates = weekDates(query.week_start);
      const days = dates.map((date) => plannerDay(date, zone, config.businessDayStartMinutes));
      if (dates.length === 0 || days.some((d) => d === null)) {
        throw validationError([{ field: 'querystring/week_start', message: 'must be a date like 2030-05-06' }]);
      }
      const [hallRows, showtimes] = await Promise.all([
        halls.list(),
        listEvents({ cinema_id: cinema.id, from: dates[0], to: dates[dates.length - 1] }),
      ]);
      const dayStart = config.businessDayStartMinutes;
      return {
        cinema: { id: cinema.id, name: cinema.name, time_zone: zone },
        week_start: query.week_start,
        business_day_start: clockText(dayStart),
        cleaning_buffer_minutes: config.cleaningBufferMinutes,
        days: days.flatMap((d) =>
          d
            ? [{ date: d.date, start_time: toZonedIso(d.start, zone), end_time: toZonedIso(d.end, zone), minutes: d.minutes }]
            : [],
        ),
        halls: hallRows.filter((h) => h.cinema_id === cinema.id).map((h) => ({ id: h.id, name: h.name })),
        showtimes,
      };
    },
    getEvent: adminEvent,

    async createEvent(body: EventBody): Promise<AdminEvent> {
      const movie = await requireMovie(body.movie_id);
      const hall = body.hall_id !== undefined ? await requireHall(body.hall_id) : null;
      const start = startTime(body.start_time, hall ? await zoneOfHall(hall) : null, body.fold);
      if (start <= clock.now()) throw validationError([{ field: 'body/start_time', message: 'must be in the future' }]);
      const basePrice = priceInMinor(body.price, DEFAULT_PRICE * 100);
      let seats: SeatPlan[];
      if (body.hall_id !== undefined) {
        if (body.total_seats !== undefined) {
          throw validationError([
            { field: 'body/total_seats', message: 'comes from the hall layout; leave it out when hall_id is given' },
          ]);
        }
        seats = planHall((hall ?? (await requireHall(body.hall_id))).layout, basePrice);
      } else {
        seats = planGridSeats(body.total_seats ?? DEFAULT_GRID_SEATS, basePrice);
      }
      const showtime: NewShowtime = {
        movie_id: movie.id,
        hall_id: body.hall_id ?? null,
        start_time: start,
        end_time: showtimeEnd(start, movie.duration_minutes),
        base_price: basePrice,
        currency: config.currency,
        ...formatOf(body, config.currency),
      };
      const result = await events.insert(showtime, seats, clock.now());
      cache?.invalidateAll();
      if (!result.ok) throw overlapError(result.conflictId);
      return adminEvent(result.id);
    },

    async updateEvent(id: number, patch: EventPatch): Promise<AdminEvent> {
      const current = await events.find(id, clock.now());
      if (!current) throw new AppError('EVENT_NOT_FOUND', `Showtime ${id} not found`);
      const movie = await requireMovie(patch.movie_id ?? current.movie_id);
      const hallId = patch.hall_id !== undefined ? patch.hall_id : current.hall_id;
      const hall = hallId !== null ? await requireHall(hallId) : null;
      const start =
        patch.start_time !== undefined
          ? startTime(patch.start_time, hall ? await zoneOfHall(hall) : null, patch.fold)
          : current.start_time;
      if (patch.start_time !== undefined && start <= clock.now()) {
        throw validationError([{ field: 'body/start_time', message: 'must be in the future' }]);
      }
      const basePrice = priceInMinor(patch.price, current.base_price);
      let regenerate = null;
      if (patch.hall_id !== undefined && patch.hall_id !== current.hall_id) {
        regenerate = planHall((hall ?? (await requireHall(patch.hall_id))).layout, basePrice);
      } else if (patch.total_seats !== undefined) {
        if (hallId !== null) {
          throw validationError([{ field: 'body/total_seats', message: 'comes from the hall layout for a showtime in a hall' }]);
        }
        if (patch.total_seats !== current.total_seats) regenerate = planGridSeats(patch.total_seats, basePrice);
      }
      const result = await events.update(
        id,
        {
          movie_id: movie.id,
          hall_id: hallId,
          start_time: start,
          end_time: showtimeEnd(start, movie.duration_minutes),
          base_price: basePrice,
          currency: current.currency,
          ...formatOf(patch, current.currency),
        },
        regenerate,
        clock.now(),
      );
      cache?.invalidateAll();
      if (!result.ok) {
        switch (result.code) {
          case 'NOT_FOUND':
            throw new AppError('EVENT_NOT_FOUND', `Showtime ${id} not found`);
          case 'OVERLAP':
            throw overlapError(result.conflictId);
          case 'HAS_ACTIVE_BOOKINGS':
            throw new AppError(
              'HAS_ACTIVE_BOOKINGS',
              'This showtime has bookings; it cannot move to another hall or change its seats',
            );
        }
      }
      return adminEvent(id);
    },

    async deleteEvent(id: number): Promise<void> {
      const result = await events.remove(id, clock.now());
      cache?.invalidateAll();
      if (result === 'NOT_FOUND') throw new AppError('EVENT_NOT_FOUND', `Showtime ${id} not found`);
      if (result === 'HAS_ACTIVE_BOOKINGS') {
        throw new AppError('HAS_ACTIVE_BOOKINGS', 'This showtime has pending or confirmed bookings; cancel those first');
      }
    },

    /**
     * Gives a booking imported from the prototype (owned by the placeholder account) to the
     * account with this email; it then shows in that customer's bookings. Other bookings keep
     * their owner (409).
     */
    async reassignBooking(reference: string, email: string, caller: Caller): Promise<Booking> {
      const wanted = reference.trim().toUpperCase();
      const result = await bookingOwnerStore(deps.db).giveImportedBooking(wanted, email.trim().toLowerCase(), (change) => ({
        at: clock.now(),
        actor_id: caller.user?.id ?? null,
        actor_email: caller.user?.email ?? null,
        action: 'booking.reassign',
        target_type: 'booking',
        target_id: change.reference,
        target_email: change.to.email,
        details: { from: change.from.email, to: change.to.email, to_user_id: change.to.id },
        ip: caller.ip,
        outcome: 'success',
      }));
      if (!result.ok) {
        switch (result.code) {
          case 'BOOKING_NOT_FOUND':
            throw new AppError('BOOKING_NOT_FOUND', `Booking ${reference} not found`);
          case 'USER_NOT_FOUND':
            throw new AppError('USER_NOT_FOUND', `No active account has the email ${email}`);
          case 'NOT_IMPORTED':
          case 'SAME_OWNER':
            throw new AppError(
              'BOOKING_NOT_IMPORTED',
              `Booking ${reference} already belongs to a customer; only bookings imported from the prototype can be given to an account`,
            );
        }
      }
      const now = clock.now();
      const [row] = await bookingReadStore(deps.db).list({ reference: wanted, now, limit: 1 });
      if (!row) throw new AppError('BOOKING_NOT_FOUND', `Booking ${reference} not found`);
      return presentBooking(row, now, deps.config.refundPolicy, deps.config.cinemaTimeZone);
    },

    async audit(query: AuditQuery): Promise<AuditEntry[]> {
      const rows = await auditLog.list({
        action: query.action,
        actionPrefix: query.action_prefix,
        targetType: query.target_type,
        outcome: query.outcome,
        actorId: query.actor_id,
        beforeId: query.before_id,
        limit: query.limit ?? 100,
      });
      return rows.map((r) => ({ ...r, at: toIso(r.at), label: auditLabel(r.action) }));
    },

    async analytics(): Promise<Analytics> {
      const now = clock.now();
      const since = now - 29 * 86_400_000;
      const [showtimes, counts, days, ticketTypes, cinemaRows, promoCodes] = await Promise.all([
        analytics.showtimes(now),
        analytics.bookingCounts(now),
        analytics.perDay(Math.floor(since / 86_400_000) * 86_400_000),
        analytics.byTicketType(),
        cinemas.list(),
        analytics.byPromoCode(),
      ]);
      const today = cinemaRows.map((c) => {
        const zone = c.time_zone ?? config.cinemaTimeZone;
        return {
          cinema_id: c.id,
          cinema: c.name,
          time_zone: zone,
          business_date: businessDate(now, zone, config.businessDayStartMinutes),
        };
      });
      const summary = summarizeAnalytics({
        now,
        currency: config.currency,
        showtimes,
        counts,
        days,
        ticketTypes,
        defaultZone: config.cinemaTimeZone,
        businessDayStartMinutes: config.businessDayStartMinutes,
        promoCodes,
        toMajor: (m) => toMajorUnits(m, config.currency),
        toIso,
      });
      return { ...summary, today };
    },
  };
}

export type AdminService = ReturnType<typeof adminService>;
export type { AdminBookingsQuery };
