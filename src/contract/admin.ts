import { type Static, Type } from 'typebox';
import { AUDIT_OUTCOMES } from '../core/audit-labels.js';
import { MAX_BASE_PRICE, MAX_PRICE_FACTOR } from '../core/money.js';
import { MAX_FORMAT_SURCHARGE } from '../core/ticket-pricing.js';
import { BookingReference, BookingStatus } from './bookings.js';
import { EventSummary, MovieFields, SeatKind } from './catalogue.js';
import { Fold } from './cinemas.js';
import { Currency, Id, Money, Nullable, Timestamp, ZonedTimestamp } from './common.js';
import { TicketFormat } from './pricing.js';

export const MovieBody = Type.Object(MovieFields);
export type MovieBody = Static<typeof MovieBody>;
export const MoviePatch = Type.Partial(MovieBody, { minProperties: 1 });
export type MoviePatch = Static<typeof MoviePatch>;

export const CategoryBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 40 }),
  from_row: Type.Integer({ minimum: 1, maximum: 100 }),
  to_row: Type.Integer({ minimum: 1, maximum: 100 }),
  price_factor: Type.Number({ exclusiveMinimum: 0, maximum: MAX_PRICE_FACTOR }),
});

const CategoryName = Type.String({ minLength: 1, maxLength: 40, pattern: '^[\\w -]+$' });

export const LayoutSeat = Type.Object({
  kind: Type.Optional(SeatKind),
  category: Type.Optional(CategoryName),
  number: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 9999, description: 'Default: one more than the seat before (1 first)' }),
  ),
});

export const LayoutRow = Type.Object({
  label: Type.String({ minLength: 1, maxLength: 4, description: 'A, B, ... or any 1 to 4 letters or digits' }),
  positions: Type.Array(Type.Union([Type.Null(), LayoutSeat]), {
    maxItems: 100,
    description: 'Left to right, facing the screen; null is a gap (aisle, missing seat, stairs)',
  }),
});

export const PriceCategory = Type.Object({
  name: CategoryName,
  price_factor: Type.Number({ exclusiveMinimum: 0, maximum: MAX_PRICE_FACTOR }),
});

export const LayoutBody = Type.Object(
  {
    rows: Type.Optional(Type.Array(LayoutRow, { maxItems: 100 })),
    text: Type.Optional(
      Type.String({
        maxLength: 20_000,
        description:
          'The compact form instead of rows: one line per row, `A: SSSS__SSSS` (S standard, W wheelchair, C companion, R restricted view, P couple, X blocked, _ gap); `[vip]` switches category; digits after a letter set its number',
      }),
    ),
    categories: Type.Optional(
      Type.Array(PriceCategory, { maxItems: 20, description: 'Price factor per category; unlisted categories are 1x' }),
    ),
  },
  { description: 'Rows of positions, given as `rows` or as `text`' },
);
export type LayoutBody = Static<typeof LayoutBody>;

export const HallBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  cinema_id: Type.Optional(Id),
  rows: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 100, description: 'A rectangle (with seats_per_row), instead of layout' }),
  ),
  seats_per_row: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  categories: Type.Optional(Type.Array(CategoryBody, { maxItems: 20, description: 'Categories by row range, for a rectangle' })),
  layout: Type.Optional(LayoutBody),
  single_seat_rule: Type.Optional(
    Type.Boolean({
      description:
        'Refuse selections that leave a single seat alone (409 SINGLE_SEAT_GAP). Default: on for a hall given a layout, off for a rectangle (as older clients expect)',
    }),
  ),
});
export type HallBody = Static<typeof HallBody>;
export const HallPatch = Type.Partial(HallBody, { minProperties: 1 });
export type HallPatch = Static<typeof HallPatch>;

export const HallLayout = Type.Object({
  rows: Type.Array(
    Type.Object({
      label: Type.String(),
      positions: Type.Array(
        Type.Union([Type.Null(), Type.Object({ kind: SeatKind, category: Type.String(), number: Type.Integer() })]),
      ),
    }),
  ),
  text: Type.String({ description: 'The same rows in the compact text form' }),
  categories: Type.Array(PriceCategory),
});
export type HallLayout = Static<typeof HallLayout>;

export const Hall = Type.Object({
  id: Id,
  name: Type.String(),
  rows: Type.Integer(),
  seats_per_row: Type.Integer({ description: 'Positions in the widest row' }),
  total_seats: Type.Integer({ description: 'Seats that can be sold (blocked ones left out)' }),
  categories: Type.Array(CategoryBody, { description: 'Whole rows sharing a category, as row ranges (for older clients)' }),
  layout: HallLayout,
  single_seat_rule: Type.Boolean(),
  cinema_id: Nullable(Id),
  created_at: Timestamp,
});
export type Hall = Static<typeof Hall>;

export const EventBody = Type.Object({
  movie_id: Id,
  start_time: Type.String({
    maxLength: 40,
    description:
      "With an offset (`2026-12-05T19:30:00+09:00`), that instant. Without one (`2026-12-05T19:30`), the wall time of the hall's cinema; " +
      'without a hall, UTC (as the prototype). A wall time the clocks skip is 422 NONEXISTENT_LOCAL_TIME; one they repeat is 422 ' +
      'AMBIGUOUS_LOCAL_TIME unless `fold` (or an offset) says which',
    examples: ['2026-12-05T19:30', '2026-12-05T19:30:00+09:00'],
  }),
  fold: Type.Optional(Fold),
  hall_id: Type.Optional(Id),
  price: Type.Optional(
    Type.Number({ minimum: 0, maximum: MAX_BASE_PRICE, description: 'Base seat price in major units; default 15' }),
  ),
  total_seats: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 2000, description: 'Without hall_id: seats in a generated grid (default 25)' }),
  ),
  format: Type.Optional(TicketFormat),
  format_surcharge: Type.Optional(
    Type.Number({ minimum: 0, maximum: MAX_FORMAT_SURCHARGE, description: 'Added to every ticket, major units; default 0' }),
  ),
});
export type EventBody = Static<typeof EventBody>;
export const EventPatch = Type.Partial(EventBody, { minProperties: 1 });
export type EventPatch = Static<typeof EventPatch>;

export const AdminEventsQuery = Type.Object({
  include_past: Type.Optional(Type.Boolean({ default: false })),
  cinema_id: Type.Optional(Id),
  hall_id: Type.Optional(Id),
  movie_id: Type.Optional(Id),
  date: Type.Optional(Type.String({ format: 'date', description: 'Business day (`business_date`), past ones included' })),
  from: Type.Optional(
    Type.String({
      format: 'date',
      description: 'First business day of a range (with `to`, not with `date`), past ones included',
    }),
  ),
  to: Type.Optional(
    Type.String({ format: 'date', description: 'Last business day of the range, included; at most 31 days from `from`' }),
  ),
});
export type AdminEventsQuery = Static<typeof AdminEventsQuery>;

export const AdminEvent = Type.Object({
  ...EventSummary.properties,
  id: Id,
  price: Money,
  booked_seats: Type.Integer(),
  locked_seats: Type.Integer({ description: 'Seats under an active hold' }),
  has_active_bookings: Type.Boolean(),
  admitted_seats: Type.Integer({ description: 'Tickets admitted at the door (checked in)' }),
  waitlist_waiting: Type.Integer({ description: 'People on the waitlist now (GET /api/admin/events/{id}/waitlist lists them)' }),
});
export type AdminEvent = Static<typeof AdminEvent>;

export const ShowCancelBody = Type.Object({
  note: Type.Optional(
    Type.String({ maxLength: 500, description: 'Why, in words for customers: the cancellation email quotes it' }),
  ),
});
export type ShowCancelBody = Static<typeof ShowCancelBody>;

export const ShowCancellation = Type.Object({
  event_id: Id,
  cancelled_at: Timestamp,
  note: Nullable(Type.String()),
  bookings_cancelled: Type.Integer({ description: 'Bookings the cancellation cancelled (held and paid)' }),
  refunds: Type.Object({
    count: Type.Integer(),
    settled: Type.Integer({ description: 'Confirmed by the payment provider, or cash paid out at a counter' }),
    pending: Type.Integer({ description: 'On their way to the payment provider' }),
    awaiting_counter: Type.Integer({
      description: 'Cash sales at the box office: owed until a clerk pays them out from a shift (POST /api/box-office/refunds)',
    }),
    amount: Money,
    amount_settled: Money,
    amount_awaiting_counter: Money,
  }),
  currency: Currency,
  emails: Type.Object({
    count: Type.Integer(),
    sent: Type.Integer(),
    pending: Type.Integer(),
    failing: Type.Integer({ description: 'Tried and not sent yet (the mail server refused or was down); retried with backoff' }),
  }),
  complete: Type.Boolean({ description: 'Every refund settled (cash paid out at a counter included) and every email sent' }),
});
export type ShowCancellation = Static<typeof ShowCancellation>;

export const AdminBookingsQuery = Type.Object({
  event_id: Type.Optional(Id),
  status: Type.Optional(BookingStatus),
  q: Type.Optional(Type.String({ maxLength: 254, description: 'Booking reference or user email (part of)' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  // Bounded: 10^20 overflowed SQLite's and PostgreSQL's 64-bit OFFSET (a 500); deeper pages than
  // this are better reached with the filters above.
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
});
export type AdminBookingsQuery = Static<typeof AdminBookingsQuery>;

export const BookingReferenceParam = Type.Object({ booking_reference: BookingReference });

export const BookingOwnerBody = Type.Object({
  email: Type.String({ minLength: 3, maxLength: 254, description: 'Email of the active account that gets the booking' }),
});
export type BookingOwnerBody = Static<typeof BookingOwnerBody>;

const ShowtimeStats = Type.Object({
  event_id: Id,
  movie_title: Type.String(),
  start_time: Timestamp,
  time_zone: Type.String({ description: "The showtime's cinema zone (IANA): people read its time there" }),
  hall: Nullable(Type.String()),
  total_seats: Type.Integer(),
  booked_seats: Type.Integer(),
  held_seats: Type.Integer(),
  available_seats: Type.Integer(),
  occupancy_rate: Type.Number({ description: 'Booked seats / total, 0..100' }),
  revenue: Money,
});

const DayStats = Type.Object({
  date: Type.String({ format: 'date' }),
  bookings: Type.Integer({ description: 'Bookings confirmed that day' }),
  revenue: Money,
});

export const Analytics = Type.Object({
  currency: Currency,
  totals: Type.Object({
    showtimes: Type.Integer(),
    upcoming_showtimes: Type.Integer(),
    total_seats: Type.Integer(),
    booked_seats: Type.Integer(),
    held_seats: Type.Integer(),
    available_seats: Type.Integer(),
    occupancy_rate: Type.Number(),
    confirmed_bookings: Type.Integer(),
    pending_bookings: Type.Integer(),
    cancelled_bookings: Type.Integer(),
    expired_bookings: Type.Integer(),
    revenue: Money,
  }),
  per_showtime: Type.Array(ShowtimeStats),
  per_day: Type.Array(DayStats),
  by_ticket_type: Type.Array(
    Type.Object({
      ticket_type: Type.String(),
      seats: Type.Integer({ description: 'Seats of paid bookings sold with this type and not cancelled' }),
      revenue: Money,
    }),
    { description: 'Sales per ticket type, most seats first (seat prices less promo discounts, before cancellation fees)' },
  ),
  by_promo_code: Type.Array(
    Type.Object({
      code: Type.String(),
      bookings: Type.Integer({ description: 'Paid bookings held with the code' }),
      discount: Money,
      revenue: Money,
    }),
    { description: 'Paid bookings per promo code, most first: the discount given and what they paid, less refunds' },
  ),
  occupancy_heatmap: Type.Array(
    Type.Object({
      weekday: Type.Integer({ minimum: 1, maximum: 7, description: '1 Monday … 7 Sunday, in the cinema’s wall time' }),
      hour: Type.Integer({ minimum: 0, maximum: 23, description: 'Hour the showtimes start, cinema wall time' }),
      showtimes: Type.Integer(),
      sold: Type.Integer({ description: 'Booked seats of those showtimes' }),
      capacity: Type.Integer({ description: 'Seats of those showtimes' }),
    }),
    {
      description:
        'Occupancy by weekday × hour over every showtime not cancelled (past ones included), each placed by its own cinema’s zone; weekdays are business days (a 00:30 show counts for the evening before); only cells with showtimes, Monday first, then by hour from business_day_start',
    },
  ),
  business_day_start: Type.String({ description: 'BUSINESS_DAY_START, HH:MM local: where the heat map’s hours begin' }),
  today: Type.Array(
    Type.Object({
      cinema_id: Id,
      cinema: Type.String(),
      time_zone: Type.String(),
      business_date: Type.String({ format: 'date', description: 'The cinema’s business day now (BUSINESS_DAY_START)' }),
    }),
    { description: 'Each cinema’s business day now, for `GET /api/admin/events?date=…&cinema_id=…`' },
  ),
});
export type Analytics = Static<typeof Analytics>;

/** Null on entries recorded before outcomes were (admin actions and booking changes then). */
const AuditOutcome = Type.Enum(AUDIT_OUTCOMES);

export const AuditQuery = Type.Object({
  action: Type.Optional(Type.String({ maxLength: 64, description: 'e.g. movie.delete, booking.cancel' })),
  action_prefix: Type.Optional(
    Type.String({ minLength: 1, maxLength: 64, description: 'Actions starting with this, e.g. `auth.` for every sign-in event' }),
  ),
  outcome: Type.Optional(AuditOutcome),
  target_type: Type.Optional(Type.String({ maxLength: 32 })),
  actor_id: Type.Optional(Id),
  before_id: Type.Optional(Id),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
});
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditEntry = Type.Object({
  id: Id,
  at: Timestamp,
  actor_id: Nullable(Id),
  actor_email: Nullable(Type.String()),
  action: Type.String(),
  label: Type.String({ description: 'The action in plain words, e.g. "Signed in" for auth.login' }),
  outcome: Nullable(AuditOutcome),
  target_type: Type.String(),
  target_id: Nullable(Type.String()),
  target_email: Nullable(Type.String({ description: 'The account an event is about, by email (sign-in events)' })),
  details: Type.Record(Type.String(), Type.Unknown()),
  ip: Nullable(Type.String({ description: 'The client address the request came from' })),
});
export type AuditEntry = Static<typeof AuditEntry>;

export const PlannerQuery = Type.Object({
  cinema_id: Id,
  week_start: Type.String({
    format: 'date',
    description: 'First business day shown (the planner sends a Monday); 7 days from it',
  }),
});
export type PlannerQuery = Static<typeof PlannerQuery>;

export const PlannerDay = Type.Object({
  date: Type.String({ format: 'date' }),
  start_time: ZonedTimestamp,
  end_time: ZonedTimestamp,
  minutes: Type.Integer({ description: 'Real length: 1380 or 1500 on the days the clocks change' }),
});

export const WeekPlan = Type.Object({
  cinema: Type.Object({ id: Id, name: Type.String(), time_zone: Type.String() }),
  week_start: Type.String({ format: 'date' }),
  business_day_start: Type.String({ description: 'BUSINESS_DAY_START, HH:MM local' }),
  cleaning_buffer_minutes: Type.Integer({ description: 'CLEANING_BUFFER_MINUTES: a hall is busy this long after a film ends' }),
  days: Type.Array(PlannerDay),
  halls: Type.Array(Type.Object({ id: Id, name: Type.String() })),
  showtimes: Type.Array(AdminEvent, {
    description: "The cinema's showtimes of these business days, past and cancelled ones included",
  }),
});
export type WeekPlan = Static<typeof WeekPlan>;
