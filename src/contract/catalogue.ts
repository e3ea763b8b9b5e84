import { type Static, Type } from 'typebox';
import { PromoCodeField } from './bookings.js';
import { Currency, DateTime, Id, Money, Nullable, Timestamp, ZonedTimestamp } from './common.js';

export const MovieFields = {
  title: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Nullable(Type.String({ maxLength: 5000 }))),
  duration_minutes: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 1000 }))),
  genre: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  rating: Type.Optional(Nullable(Type.String({ maxLength: 20, description: 'Age rating, e.g. PG-13' }))),
  poster_url: Type.Optional(Nullable(Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 }))),
  release_date: Type.Optional(Nullable(Type.String({ format: 'date', description: 'YYYY-MM-DD' }))),
};

export const Movie = Type.Object({
  id: Id,
  title: Type.String(),
  description: Nullable(Type.String()),
  duration_minutes: Nullable(Type.Integer()),
  genre: Nullable(Type.String()),
  rating: Nullable(Type.String()),
  poster_url: Nullable(Type.String()),
  release_date: Nullable(Type.String()),
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
