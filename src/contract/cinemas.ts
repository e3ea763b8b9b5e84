import { type Static, Type } from 'typebox';
import { Id, Money, Nullable } from './common.js';

export const TimeZoneName = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'IANA time zone, e.g. `Asia/Tokyo`; an unknown zone is refused (422)',
  examples: ['America/Los_Angeles'],
});

export const Cinema = Type.Object({
  id: Id,
  name: Type.String(),
  address: Type.String(),
  time_zone: Type.String({ description: "IANA zone of the cinema's wall times (CINEMA_TIME_ZONE until one is set)" }),
});
export type Cinema = Static<typeof Cinema>;

export const CinemaBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  address: Type.Optional(Type.String({ maxLength: 500 })),
  time_zone: TimeZoneName,
});
export type CinemaBody = Static<typeof CinemaBody>;
export const CinemaPatch = Type.Partial(CinemaBody, { minProperties: 1 });
export type CinemaPatch = Static<typeof CinemaPatch>;

export const Fold = Type.Union([Type.Literal('earlier'), Type.Literal('later')], {
  description:
    'For a wall time that happens twice (the clocks go back): the first or the second. Without it such a time is refused (422 AMBIGUOUS_LOCAL_TIME)',
});

export const Weekday = Type.Union(
  [
    Type.Literal('mon'),
    Type.Literal('tue'),
    Type.Literal('wed'),
    Type.Literal('thu'),
    Type.Literal('fri'),
    Type.Literal('sat'),
    Type.Literal('sun'),
  ],
  { description: 'mon … sun' },
);

export const ScheduleRunBody = Type.Object({
  movie_id: Id,
  hall_ids: Type.Array(Id, { minItems: 1, maxItems: 20, uniqueItems: true }),
  from_date: Type.String({ maxLength: 10, description: "First day, YYYY-MM-DD, in each hall's cinema" }),
  to_date: Type.String({ maxLength: 10, description: 'Last day (included), at most 92 days after from_date counting both' }),
  weekdays: Type.Array(Weekday, { minItems: 1, maxItems: 7 }),
  times: Type.Array(Type.String({ maxLength: 5, description: 'HH:MM' }), {
    minItems: 1,
    maxItems: 24,
    description: "Wall times in each hall's cinema zone",
  }),
  price: Type.Number({ minimum: 0, description: 'Base seat price in major units' }),
  fold: Type.Optional(Fold),
  dry_run: Type.Optional(
    Type.Boolean({ description: 'Answer 200 with what would be created and its conflicts; create nothing' }),
  ),
});
export type ScheduleRunBody = Static<typeof ScheduleRunBody>;

export const RunConflict = Type.Object({
  type: Type.Union(
    [
      Type.Literal('overlap'),
      Type.Literal('overlap_in_run'),
      Type.Literal('hall_closed'),
      Type.Literal('in_past'),
      Type.Literal('nonexistent_local_time'),
      Type.Literal('ambiguous_local_time'),
    ],
    {
      description:
        '`overlap`: with showtime `event_id` in the hall (film plus CLEANING_BUFFER_MINUTES); `overlap_in_run`: with another of this run; `hall_closed`: the hall is deleted; `in_past`; the wall time does not exist that day, or happens twice and no `fold` was given',
    },
  ),
  event_id: Type.Optional(Id),
  start_time: Type.Optional(Type.String()),
});

export const PlannedShowtime = Type.Object({
  event_id: Nullable(Id),
  hall_id: Id,
  hall: Type.String(),
  time_zone: Type.String(),
  local_date: Type.String(),
  local_time: Type.String(),
  start_time: Nullable(Type.String({ description: "With the cinema's offset; null when the wall time does not exist" })),
  end_time: Nullable(Type.String()),
  price: Money,
  conflicts: Type.Array(RunConflict),
});

export const ScheduleRunResult = Type.Object({
  dry_run: Type.Boolean(),
  count: Type.Integer(),
  conflict_count: Type.Integer(),
  showtimes: Type.Array(PlannedShowtime),
});
export type ScheduleRunResult = Static<typeof ScheduleRunResult>;
