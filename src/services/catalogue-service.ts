import type { EventListQuery, EventSummary, SeatMap } from '../contract/catalogue.js';
import { AppError, validationError } from '../contract/errors.js';
import { effectiveSeatStatus, nextHoldExpiry, type SeatStatus } from '../core/holds.js';
import { toMajorUnits } from '../core/money.js';
import { dayRange, parseDateTime, toIso } from '../core/schedule.js';
import { accessibleReleaseAt } from '../core/seat-rules.js';
import { ADULT, childTicketsAllowed, type PriceCard, ticketPrice } from '../core/ticket-pricing.js';
import { type EventSeatRow, type EventSummaryRow, eventStore } from '../db/stores/event-store.js';
import { pricingStore } from '../db/stores/pricing-store.js';
import type { Deps } from './deps.js';
import { filmService } from './film-service.js';
import { localTimeSettings, presentEvent, presentPricing } from './presenters.js';

const DAY = 86_400_000;

import type { CachedBody, ReadCache } from './read-cache.js';

export function catalogueService(deps: Deps, cache: ReadCache) {
  const events = eventStore(deps.db);
  const films = filmService(deps, cache);
  const pricing = pricingStore(deps.db);

  const local = localTimeSettings(deps.config);
  const present = (row: EventSummaryRow) => presentEvent(row, local);

  function timeFilter(query: EventListQuery): { from?: number; to?: number } {
    const range: { from?: number; to?: number } = {};
    const problems = [];
    if (query.date !== undefined) {
      // A business day in any zone (UTC-12 to UTC+14, starting by noon) lies within the UTC day
      // before and the one after; rows are then kept by their own business_date.
      const day = dayRange(query.date);
      if (!day) problems.push({ field: 'querystring/date', message: 'must be a date like 2030-05-01' });
      else Object.assign(range, { from: day.start - DAY, to: day.end + DAY });
    }
    for (const key of ['from', 'to'] as const) {
      const raw = query[key];
      if (raw === undefined) continue;
      const ms = parseDateTime(raw);
      if (ms === null) problems.push({ field: `querystring/${key}`, message: 'must be an ISO 8601 date-time' });
      else if (key === 'from') range.from = Math.max(range.from ?? ms, ms);
      else range.to = Math.min(range.to ?? ms, ms);
    }
    if (problems.length > 0) throw validationError(problems);
    return range;
  }

  async function listEventRows(query: EventListQuery) {
    const range = timeFilter(query);
    const explicitRange = range.from !== undefined || range.to !== undefined;
    const rows = await events.list(
      {
        movieId: query.movie_id,
        cinemaId: query.cinema_id,
        ...range,
        includePast: query.include_past === true || explicitRange,
      },
      deps.clock.now(),
    );
    return query.date === undefined ? rows : rows.filter((row) => present(row).business_date === query.date);
  }

  /**
   * A showtime's seats as of now (an expired hold reads available), shaped by `shape` and cached
   * until a seat changes or the earliest running hold runs out.
   */
  async function cachedSeats(
    key: string,
    eventId: number,
    shape: (live: {
      currency: string;
      startTime: number;
      singleSeatRule: boolean;
      card: PriceCard;
      childTicketsAllowed: boolean;
      seats: (EventSeatRow & { status: SeatStatus })[];
    }) => unknown,
  ): Promise<CachedBody> {
    const cached = await cache.get(key, eventId, async () => {
      const now = deps.clock.now();
      const seating = await events.seatingOf(eventId);
      if (seating === undefined) return null;
      const rows = await events.seatMap(eventId);
      const seats = rows.map((s) => ({ ...s, status: effectiveSeatStatus(s.status, s.hold_expires_at, now) }));
      const value = shape({
        currency: seating.currency,
        startTime: seating.start_time,
        singleSeatRule: seating.single_seat_rule,
        card: seating.card,
        childTicketsAllowed: childTicketsAllowed(seating.rating, await pricing.restrictedRatings()),
        seats,
      });
      return { value, validUntil: nextHoldExpiry(rows, now) };
    });
    if (!cached) throw new AppError('EVENT_NOT_FOUND', `Showtime ${eventId} not found`);
    return cached;
  }

  return {
    listMovies: () => films.listMovies(),

    async getMovie(id: number) {
      const movie = await films.findMovie(id);
      if (!movie) throw new AppError('MOVIE_NOT_FOUND', `Movie ${id} not found`);
      const showtimes = await events.list({ movieId: id }, deps.clock.now());
      return { ...movie, showtimes: showtimes.map(present) };
    },

    /** The showtime list as ready-to-send JSON, rebuilt when any listed showtime's seats change. */
    async listEventsJson(query: EventListQuery): Promise<CachedBody> {
      const key = `events:${JSON.stringify([query.movie_id, query.cinema_id, query.date, query.from, query.to, query.include_past])}`;
      const cached = await cache.get(key, 'all', async () => {
        const rows = await listEventRows(query);
        // Counts change on their own when a hold runs out, and upcoming showtimes drop off as they start.
        let validUntil = Number.POSITIVE_INFINITY;
        for (const row of rows) {
          if (row.next_hold_expiry !== null) validUntil = Math.min(validUntil, Number(row.next_hold_expiry));
          if (!query.include_past) validUntil = Math.min(validUntil, row.start_time);
        }
        return { value: rows.map(present), validUntil };
      });
      return cached as CachedBody;
    },

    async getEvent(id: number): Promise<EventSummary> {
      const row = await events.find(id, deps.clock.now());
      if (!row) throw new AppError('EVENT_NOT_FOUND', `Showtime ${id} not found`);
      return present(row);
    },

    /** The seat map as ready-to-send JSON; rebuilt only when one of its seats changes. */
    async seatMapJson(eventId: number): Promise<CachedBody> {
      return cachedSeats(
        `seats:${eventId}`,
        eventId,
        ({ currency, startTime, singleSeatRule, card, childTicketsAllowed, seats }): SeatMap => ({
          event_id: eventId,
          currency,
          accessible_release_at: toIso(accessibleReleaseAt(startTime, deps.config.accessibleReleaseMinutes)),
          single_seat_rule: singleSeatRule,
          ...presentPricing(
            card,
            seats.filter((s) => s.kind !== 'blocked'),
            currency,
          ),
          child_tickets_allowed: childTicketsAllowed,
          seats: seats.map((s) => ({
            seat_id: s.id,
            row: s.row_label,
            number: s.number,
            label: s.label,
            category: s.category,
            price: toMajorUnits(ticketPrice(card, ADULT, s.category, s.price) + card.surcharge, currency),
            status: s.status,
            kind: s.kind,
            row_index: s.row_index,
            column: s.col ?? s.number,
          })),
        }),
      );
    },

    /** Seat statuses only, `{event_id, seats:[{seat_id, status}]}`: the first message of a live stream. */
    async seatSnapshotJson(eventId: number): Promise<CachedBody> {
      return cachedSeats(`snapshot:${eventId}`, eventId, ({ seats }) => ({
        event_id: eventId,
        seats: seats.map((s) => ({ seat_id: s.id, status: s.status })),
      }));
    },
  };
}

export type CatalogueService = ReturnType<typeof catalogueService>;
