import { type Static, Type } from 'typebox';
import { Currency, Id, Money, Nullable, Timestamp, ZonedTimestamp } from './common.js';

export const BookingStatus = Type.Union([
  Type.Literal('pending'),
  Type.Literal('awaiting_payment'),
  Type.Literal('confirmed'),
  Type.Literal('cancelled'),
  Type.Literal('expired'),
]);

export const BookingReference = Type.String({ minLength: 1, maxLength: 64, examples: ['K7M4Q9TZ2H'] });

/** A promo code given with a hold (POST /api/book-seats, and best seats with `hold: true`). */
export const PromoCodeField = Type.Optional(
  Type.String({
    minLength: 1,
    maxLength: 64,
    description:
      'A promo code (any case). 422 PROMO_CODE_INVALID when it is unknown, deactivated, not yet valid, expired, for another film, ' +
      'showtime or ticket type, needs more seats, or the customer has used it as often as allowed (`detail` says which); ' +
      '409 PROMO_CODE_USED_UP when its total uses are taken',
  }),
);

export const BookSeatsBody = Type.Object({
  seat_ids: Type.Array(Id, { description: 'Up to 10 seats of one showtime', maxItems: 100 }),
  event_id: Type.Optional(Id),
  accessible: Type.Optional(
    Type.Boolean({
      description:
        'The customer needs a wheelchair space: wheelchair spaces and companions may be held before their general release',
    }),
  ),
  ticket_types: Type.Optional(
    Type.Record(Type.String({ maxLength: 10 }), Type.String({ minLength: 1, maxLength: 24 }), {
      maxProperties: 100,
      description:
        'Ticket type per seat, `{"<seat_id>": "child"}`; seats not named are `adult`. 422 for a type the showtime does not offer, ' +
        'a seat not in `seat_ids`, or a child ticket to a film whose rating refuses children (CHILD_TICKET_NOT_ALLOWED)',
      examples: [{ '12': 'child' }],
    }),
  ),
  // A bounded string, not any JSON value: old clients sent an email here, and an unbounded value
  // was walked whole by the idempotency fingerprint (20,000 levels deep overflowed the stack).
  user_email: Type.Optional(Type.String({ maxLength: 254, description: 'Accepted from old clients and ignored' })),
  promo_code: PromoCodeField,
});
export type BookSeatsBody = Static<typeof BookSeatsBody>;

export const SeatTicket = Type.Object({
  seat_id: Id,
  seat: Type.String({ description: 'Seat label, e.g. C7' }),
  category: Type.String(),
  ticket_type: Type.String({ description: 'The ticket type code, e.g. `child`' }),
  ticket_label: Type.String({ description: 'The ticket type as customers read it, e.g. Child' }),
  base_price: Money,
  surcharge: Money,
  price: Money,
  discount: Type.Optional(
    Type.Number({ description: "This seat's share of the promo discount (what a refund of it keeps back)" }),
  ),
});
export type SeatTicket = Static<typeof SeatTicket>;

export const BookedSeatTicket = Type.Object({
  seat_id: Id,
  seat: Type.String(),
  ticket_type: Type.String(),
  ticket_label: Type.String(),
  surcharge: Money,
  price: Money,
  discount: Type.Optional(
    Type.Number({ description: "With a promo code: this seat's share of the discount (a refund of the seat keeps it back)" }),
  ),
});
export type BookedSeatTicket = Static<typeof BookedSeatTicket>;

export const HoldResponse = Type.Object({
  booking_reference: Type.String(),
  event_id: Id,
  seat_ids: Type.Array(Id),
  seats: Type.Array(Type.String(), { description: 'Seat labels, e.g. C7' }),
  breakdown: Type.Array(SeatTicket, {
    description: 'Each seat with its ticket type and price: `base_price` for the type plus the format `surcharge`',
  }),
  format: Type.String({ description: 'The showtime format, e.g. 2D or IMAX' }),
  subtotal_amount: Money,
  discount_amount: Type.Optional(Money),
  promo_code: Type.Optional(Nullable(Type.String({ description: 'The promo code applied, upper-case' }))),
  total_amount: Type.Number({ description: 'What the customer pays, the subtotal less `discount_amount`' }),
  currency: Currency,
  status: Type.Literal('pending'),
  expires_at: Timestamp,
  message: Type.String(),
});
export type HoldResponse = Static<typeof HoldResponse>;

export const Card = Type.Object({
  card_number: Type.String({ minLength: 1, maxLength: 30 }),
  exp_month: Type.Integer({ minimum: 1, maximum: 12 }),
  exp_year: Type.Integer({ minimum: 0, maximum: 9999 }),
  cvc: Type.String({ minLength: 1, maxLength: 4 }),
  cardholder_name: Type.String({ minLength: 1, maxLength: 200 }),
});
export type Card = Static<typeof Card>;

export const ConfirmPaymentBody = Type.Object({
  booking_reference: BookingReference,
  payment: Type.Optional(
    Type.Object(Card.properties, {
      description: 'The card; required by the simulated processor. With Stripe leave it out (Stripe’s form takes the card)',
    }),
  ),
});
export type ConfirmPaymentBody = Static<typeof ConfirmPaymentBody>;

export const ConfirmPaymentResponse = Type.Object({
  booking_reference: Type.String(),
  status: Type.Literal('confirmed'),
  seat_ids: Type.Array(Id),
  total_amount: Money,
  currency: Currency,
  paid_at: Timestamp,
  payment_id: Type.String(),
  message: Type.String(),
});
export type ConfirmPaymentResponse = Static<typeof ConfirmPaymentResponse>;

/** With Stripe: the customer pays in the browser with Stripe.js, using this PaymentIntent. */
export const CheckoutResponse = Type.Object({
  booking_reference: Type.String(),
  status: Type.Literal('awaiting_payment'),
  expires_at: Timestamp,
  payment: Type.Object({
    provider: Type.Literal('stripe'),
    client_secret: Type.String({ description: 'For Stripe.js (confirmPayment); pays this intent only' }),
    publishable_key: Type.String(),
    payment_intent_id: Type.String(),
  }),
});
export type CheckoutResponse = Static<typeof CheckoutResponse>;

export const ConfirmPaymentResult = Type.Union([ConfirmPaymentResponse, CheckoutResponse]);
export type ConfirmPaymentResult = Static<typeof ConfirmPaymentResult>;

export const CancelBookingBody = Type.Object({
  booking_reference: BookingReference,
  seat_ids: Type.Optional(
    Type.Array(Id, {
      minItems: 1,
      maxItems: 10,
      description: 'Cancel only these seats of a paid booking (a partial refund); without it, the whole booking',
    }),
  ),
});

export const CancelBookingResponse = Type.Object({
  booking_reference: Type.String(),
  status: Type.Union([Type.Literal('cancelled'), Type.Literal('confirmed')], {
    description: '`confirmed` when only some seats were cancelled and the rest of the booking stands',
  }),
  cancelled_seat_ids: Type.Array(Id),
  refund_amount: Money,
  fee: Type.Optional(Money),
  currency: Currency,
  message: Type.String(),
});
export type CancelBookingResponse = Static<typeof CancelBookingResponse>;

export const CancellationQuoteQuery = Type.Object({
  seat_ids: Type.Optional(
    Type.String({
      pattern: '^[0-9]{1,10}(,[0-9]{1,10}){0,9}$',
      description: 'Comma-separated seat ids (at most 10); without it, the whole booking',
    }),
  ),
});

export const CancellationQuote = Type.Object({
  allowed: Type.Boolean(),
  /** Why not, in words, when not allowed. */
  reason: Nullable(Type.String()),
  refund_amount: Money,
  fee: Money,
  currency: Currency,
});
export type CancellationQuote = Static<typeof CancellationQuote>;

export const Booking = Type.Object({
  booking_reference: Type.String(),
  status: BookingStatus,
  event_id: Id,
  movie_id: Id,
  movie_title: Type.String(),
  start_time: ZonedTimestamp,
  time_zone: Type.String({ description: "The showtime's cinema zone (IANA)" }),
  hall: Nullable(Type.String()),
  seat_ids: Type.Array(Id),
  seats: Type.Array(Type.String()),
  breakdown: Type.Optional(
    Type.Array(BookedSeatTicket, { description: 'Each seat with its ticket type and what it was sold at' }),
  ),
  total_amount: Money,
  discount_amount: Type.Optional(Money),
  promo_code: Type.Optional(Nullable(Type.String())),
  refund_amount: Nullable(Money),
  cash_refund_due: Type.Optional(
    Type.Number({
      description:
        'Cash owed for a box-office cash sale of a cancelled showtime, paid out at the counter (POST /api/box-office/refunds); 0 when none',
    }),
  ),
  currency: Currency,
  expires_at: Timestamp,
  created_at: Timestamp,
  paid_at: Nullable(Timestamp),
  cancelled_at: Nullable(Timestamp),
  cancel_reason: Type.Optional(
    Nullable(
      Type.Union([Type.Literal('too_many_declines'), Type.Literal('show_cancelled')], {
        description:
          'Why the booking was cancelled without the customer asking: too many declined cards, or the cinema cancelled the showtime; null when the customer or an admin did',
      }),
    ),
  ),
  payment_id: Nullable(Type.String()),
  user_id: Id,
  user_email: Type.String(),
  disputed: Type.Optional(Type.Boolean({ description: "The customer's bank opened a dispute on the charge" })),
  cancellation: Type.Optional(
    Type.Object(
      {
        allowed: Type.Boolean({ description: 'Whether the customer may cancel it now' }),
        // Paid: the refund cut-off; unpaid: the end of the hold.
        until: Nullable(Timestamp),
        refund_amount: Money,
        fee: Money,
      },
      { description: 'What cancelling the whole booking now would give back under the refund policy' },
    ),
  ),
  refund_policy: Type.Optional(
    Type.Object(
      {
        cancel_until: Timestamp,
        fee: Money,
        fee_percent: Type.Number({ minimum: 0, maximum: 100 }),
      },
      {
        description:
          'Once paid, the customer may cancel until `cancel_until`, less `fee` plus `fee_percent` of the seats cancelled',
      },
    ),
  ),
});
export type Booking = Static<typeof Booking>;
