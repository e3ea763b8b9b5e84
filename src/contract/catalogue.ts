import { type Static, Type } from 'typebox';
import { Currency, DateTime, Id, Money, Nullable, Timestamp } from './common.js';

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
  start_time: Timestamp,
  end_time: Timestamp,
  hall: Nullable(Type.String()),
  hall_id: Nullable(Id),
  total_seats: Type.Integer(),
  available_seats: Type.Integer(),
  price_from: Money,
  currency: Currency,
});
export type EventSummary = Static<typeof EventSummary>;

export const MovieWithShowtimes = Type.Object({
  ...Movie.properties,
  showtimes: Type.Array(EventSummary),
});

export const EventListQuery = Type.Object({
  movie_id: Type.Optional(Id),
  date: Type.Optional(Type.String({ format: 'date', description: 'Only showtimes starting on this UTC day' })),
  from: Type.Optional(DateTime),
  to: Type.Optional(DateTime),
  include_past: Type.Optional(Type.Boolean({ default: false })),
});
export type EventListQuery = Static<typeof EventListQuery>;

export const SeatStatus = Type.Union([Type.Literal('available'), Type.Literal('held'), Type.Literal('booked')]);

export const Seat = Type.Object({
  seat_id: Id,
  row: Type.String(),
  number: Type.Integer(),
  label: Type.String(),
  category: Type.String(),
  price: Money,
  status: SeatStatus,
});
export type Seat = Static<typeof Seat>;

export const SeatMap = Type.Object({
  event_id: Id,
  currency: Currency,
  seats: Type.Array(Seat),
});
export type SeatMap = Static<typeof SeatMap>;

export const SeatChange = Type.Object({ seat_id: Id, status: SeatStatus });
export type SeatChange = Static<typeof SeatChange>;
