import { type Static, Type } from 'typebox';
import { SALES_GROUPINGS } from '../core/sales-report.js';
import { Currency, Id } from './common.js';

const LocalDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A business day, YYYY-MM-DD' });
const Format = Type.Optional(
  Type.Union([Type.Literal('json'), Type.Literal('csv')], {
    description: 'csv: the same report as CSV (or send Accept: text/csv)',
  }),
);

export const SalesReportQuery = Type.Object(
  {
    from: LocalDate,
    to: LocalDate,
    cinema_id: Type.Optional(Id),
    group_by: Type.Optional(Type.Enum(SALES_GROUPINGS, { default: 'film' })),
    format: Format,
  },
  { additionalProperties: false },
);
export type SalesReportQuery = Static<typeof SalesReportQuery>;

const Figures = {
  admissions: Type.Integer({ description: 'Seats of confirmed bookings, less seats cancelled out of them' }),
  gross: Type.Number({ description: 'Money taken (payments that succeeded, refunded ones included)' }),
  refunds: Type.Number({ description: 'Money given back (refunds paid or on their way to the provider)' }),
  net: Type.Number({ description: 'gross − refunds' }),
};

export const SalesReport = Type.Object({
  from: Type.String(),
  to: Type.String(),
  cinema_id: Type.Union([Id, Type.Null()]),
  group_by: Type.String(),
  currency: Currency,
  rows: Type.Array(Type.Object({ key: Type.String(), label: Type.String(), ...Figures })),
  totals: Type.Object(Figures),
});
export type SalesReport = Static<typeof SalesReport>;

export const DistributorReportQuery = Type.Object(
  {
    movie_id: Id,
    week_start: Type.Optional(
      Type.String({
        pattern: '^\\d{4}-\\d{2}-\\d{2}$',
        description:
          'The first day of the film week, YYYY-MM-DD: a Friday (the week runs Friday to Thursday) unless FILM_WEEK_START names ' +
          "another weekday. Default: the week holding today's business day in the cinema's zone",
      }),
    ),
    cinema_id: Type.Optional(Id),
    format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('pdf')])),
  },
  { additionalProperties: false },
);
export type DistributorReportQuery = Static<typeof DistributorReportQuery>;

export const DistributorReport = Type.Object({
  movie_id: Id,
  film: Type.String(),
  cinema_id: Type.Union([Id, Type.Null()]),
  cinema: Type.String({ description: 'The cinema, or "All cinemas"' }),
  week_start: Type.String(),
  week_end: Type.String(),
  currency: Currency,
  days: Type.Array(Type.Object({ date: Type.String(), showtimes: Type.Integer(), ...Figures })),
  showtimes: Type.Array(
    Type.Object({
      showtime_id: Id,
      date: Type.String({ description: 'Business day' }),
      time: Type.String({ description: "Start, the cinema's local time (HH:MM)" }),
      cinema: Type.Union([Type.String(), Type.Null()]),
      hall: Type.Union([Type.String(), Type.Null()]),
      ...Figures,
    }),
  ),
  totals: Type.Object(Figures),
});
export type DistributorReport = Static<typeof DistributorReport>;
