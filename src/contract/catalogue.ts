import { type Static, Type } from 'typebox';
import { AGE_RATINGS, CAST_MAX, CAST_NAME_MAX, RATING_SYSTEMS } from '../core/film-details.js';
import { PromoCodeField } from './bookings.js';
import { Currency, DateTime, Id, Money, Nullable, Timestamp, ZonedTimestamp } from './common.js';

export const RatingSystem = Type.Union([Type.Literal('MPA'), Type.Literal('BBFC'), Type.Literal('FSK')], {
  description: `The age-rating system \`rating\` belongs to; its ratings: ${RATING_SYSTEMS.map((s) => `${s} ${AGE_RATINGS[s].join(', ')}`).join('; ')}. Null: \`rating\` is free text (older films)`,
});

export const MovieFields = {
  title: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
  duration_minutes: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1000 }))),
  genre: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  rating: Type.Optional(
    Nullable(Type.String({ maxLength: 20, description: "Age rating, e.g. PG-13: one of `rating_system`'s when one is given" })),
  ),
  rating_system: Type.Optional(Nullable(RatingSystem)),
  poster_url: Type.Optional(
    Nullable(
      Type.String({
        format: 'uri',
        pattern: '^https?://',
        maxLength: 2000,
        description: 'A poster elsewhere; an uploaded one (PUT /api/admin/movies/{movie_id}/poster) is shown instead',
      }),
    ),
  ),
  release_date: Type.Optional(Nullable(Type.String({ format: 'date', description: 'YYYY-MM-DD' }))),
  cast: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: CAST_NAME_MAX }), {
      maxItems: CAST_MAX,
      description: `Cast names in billing order (at most ${CAST_MAX}, each at most ${CAST_NAME_MAX} characters)`,
    }),
  ),
  director: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  language: Type.Optional(Nullable(Type.String({ maxLength: 100, description: 'Spoken language, e.g. English' }))),
  subtitles: Type.Optional(Nullable(Type.String({ maxLength: 100, description: 'Subtitle language, e.g. French; null: none' }))),
  trailer_url: Type.Optional(
    Nullable(Type.String({ format: 'uri', pattern: '^https://', maxLength: 2000, description: 'An https:// link only' })),
  ),
};

export const Movie = Type.Object({
  id: Id,
  title: Type.String(),
  description: Nullable(Type.String()),
  duration_minutes: Nullable(Type.Integer()),
  genre: Nullable(Type.String()),
  rating: Nullable(Type.String()),
  rating_system: Nullable(RatingSystem),
  poster_url: Nullable(
    Type.String({
      description:
        'The large uploaded poster (/api/movies/{movie_id}/poster?size=large&v=…, the small one with size=small), else the URL the admin gave',
    }),
  ),
  has_poster: Type.Boolean({ description: 'A poster was uploaded (GET /api/movies/{movie_id}/poster serves it)' }),
  release_date: Nullable(Type.String()),
  cast: Type.Array(Type.String()),
  director: Nullable(Type.String()),
  language: Nullable(Type.String()),
  subtitles: Nullable(Type.String()),
  trailer_url: Nullable(Type.String()),
  coming_soon: Type.Boolean({
    description: "Released after today (the cinema's day) or without upcoming showtimes yet",
  }),
});
export type Movie = Static<typeof Movie>;

export const EventSummary = Type.Object({
  event_id: Id,
  movie_id: Id,
  movie_title: Type.String(),
  movie_description: Nullable(Type.String()),
  start_time: ZonedTimestamp,
  end_time: ZonedTimestamp,
  time_zone: Type.String({ description: "The cinema's IANA zone, e.g. Asia/Tokyo" }),
  business_date: Type.String({
    format: 'date',
    description:
      "The cinema's day this showtime is listed under: one starting before BUSINESS_DAY_START (04:00) belongs to the day before",
  }),
  cinema_id: Nullable(Id),
  cinema: Nullable(Type.String()),
  hall: Nullable(Type.String()),
  hall_id: Nullable(Id),
  total_seats: Type.Integer(),
  available_seats: Type.Integer(),
  price_from: Money,
  currency: Currency,
  cancelled: Type.Boolean({ description: 'The cinema cancelled this showtime: nothing is on sale; listings leave it out' }),
  cancel_note: Nullable(Type.String({ description: 'What the cinema said when it cancelled the showtime' })),
  format: Type.String({ description: 'How the film is shown: 2D, 3D, IMAX, IMAX 3D, Dolby Atmos or 4DX' }),
  format_surcharge: Money,
});
export type EventSummary = Static<typeof EventSummary>;

export const PosterQuery = Type.Object({
  size: Type.Optional(
    Type.Union([Type.Literal('small'), Type.Literal('large')], {
      default: 'large',
      description: 'small: 300 px wide; large: 600 px wide (narrower only when the upload was)',
    }),
  ),
  v: Type.Optional(
    Type.String({
      maxLength: 64,
      description: 'A version from `poster_url`; ignored by the server, it changes the URL when the poster changes',
    }),
  ),
});

export const MovieWithShowtimes = Type.Object({
  ...Movie.properties,
  showtimes: Type.Array(EventSummary),
});

export const EventListQuery = Type.Object({
  movie_id: Type.Optional(Id),
  cinema_id: Type.Optional(Id),
  date: Type.Optional(
    Type.String({ format: 'date', description: "Only showtimes of this business day (`business_date`) in their cinema's zone" }),
  ),
  from: Type.Optional(DateTime),
  to: Type.Optional(DateTime),
  include_past: Type.Optional(Type.Boolean({ default: false })),
});
export type EventListQuery = Static<typeof EventListQuery>;

export const SeatStatus = Type.Union([Type.Literal('available'), Type.Literal('held'), Type.Literal('booked')]);

export const SeatKind = Type.Union(
  [
    Type.Literal('standard'),
    Type.Literal('wheelchair'),
    Type.Literal('companion'),
    Type.Literal('restricted_view'),
    Type.Literal('couple'),
    Type.Literal('blocked'),
  ],
  {
    description:
      '`wheelchair`: a space for a wheelchair; `companion`: beside one; `couple`: two seats sold together; `blocked`: never sold',
  },
);

export const Seat = Type.Object({
  seat_id: Id,
  row: Type.String(),
  number: Type.Integer(),
  label: Type.String(),
  category: Type.String(),
  price: Type.Number({ description: 'An adult ticket for this seat, the format surcharge included (major units)' }),
  status: SeatStatus,
  kind: SeatKind,
  row_index: Type.Integer({ description: 'Rows from the screen, from 1' }),
  column: Type.Integer({
    description: 'Position in the row, gaps included, from 1: seats whose columns differ by one are side by side',
  }),
});
export type Seat = Static<typeof Seat>;

export const SeatMap = Type.Object({
  event_id: Id,
  currency: Currency,
  seats: Type.Array(Seat),
  accessible_release_at: Timestamp,
  single_seat_rule: Type.Boolean({ description: 'Selections that leave a single seat alone are refused (409 SINGLE_SEAT_GAP)' }),
  format: Type.String(),
  format_surcharge: Money,
  ticket_types: Type.Array(
    Type.Object({
      code: Type.String(),
      label: Type.String(),
      prices: Type.Record(Type.String(), Money, { description: 'Price per seat category, before the format surcharge' }),
    }),
    { description: 'The ticket types this showtime sells (send them as `ticket_types` to POST /api/book-seats)' },
  ),
  price_ranges: Type.Array(Type.Object({ category: Type.String(), min: Money, max: Money }), {
    description: 'Cheapest and dearest ticket per seat category, the surcharge included',
  }),
  child_tickets_allowed: Type.Boolean({ description: "False when the film's rating refuses child tickets" }),
});
export type SeatMap = Static<typeof SeatMap>;

export const SeatChange = Type.Object({ seat_id: Id, status: SeatStatus });
export type SeatChange = Static<typeof SeatChange>;

export const BestSeatsBody = Type.Object({
  count: Type.Integer({ minimum: 1, maximum: 10, description: 'How many seats' }),
  category: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'Only seats of this category' })),
  accessible: Type.Optional(
    Type.Boolean({ description: 'Include a wheelchair space (with its companion seat when there is room)' }),
  ),
  hold: Type.Optional(
    Type.Boolean({
      description: 'Hold them at once (needs a token): the answer is then exactly that of POST /api/book-seats (201)',
    }),
  ),
  promo_code: PromoCodeField,
});
export type BestSeatsBody = Static<typeof BestSeatsBody>;

export const BestSeatsResponse = Type.Object({
  event_id: Id,
  seat_ids: Type.Array(Id),
  seats: Type.Array(
    Type.Object({
      seat_id: Id,
      label: Type.String(),
      row: Type.String(),
      number: Type.Integer(),
      category: Type.String(),
      kind: SeatKind,
      price: Money,
    }),
  ),
  together: Type.Boolean({ description: 'Side by side in one row' }),
  step: Type.Union(
    [Type.Literal('row_no_single_seat'), Type.Literal('row'), Type.Literal('rows_no_single_seat'), Type.Literal('split')],
    { description: 'Which step found them: one row leaving no single seat, one row, across rows leaving no single seat, split' },
  ),
  leaves_single_seat: Type.Boolean({ description: 'True only when no choice of this size avoids leaving a seat alone' }),
  total_amount: Money,
  currency: Currency,
});
export type BestSeatsResponse = Static<typeof BestSeatsResponse>;
