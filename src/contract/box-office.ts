import { type Static, Type } from 'typebox';
import { BookingReference, PromoCodeField } from './bookings.js';
import { Currency, Id, Money, Nullable, Timestamp } from './common.js';
import { Ticket } from './tickets.js';

/** The largest float, count or cash handed over, in major units (core's MAX_DRAWER_AMOUNT in a two-digit currency). */
const DrawerAmount = (description: string) => Type.Number({ minimum: 0, maximum: 100_000, description });

export const PaymentMethod = Type.Union([Type.Literal('cash'), Type.Literal('card')]);

export const OpenShiftBody = Type.Object({
  opening_float: DrawerAmount('Cash in the drawer at the start, major units'),
});
export type OpenShiftBody = Static<typeof OpenShiftBody>;

export const CloseShiftBody = Type.Object({
  counted_cash: DrawerAmount('Cash counted in the drawer at the end, major units'),
});
export type CloseShiftBody = Static<typeof CloseShiftBody>;

export const ShiftIdParams = Type.Object({ shift_id: Id });

export const Shift = Type.Object({
  shift_id: Id,
  staff_id: Id,
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  currency: Currency,
  opening_float: Money,
  opened_at: Timestamp,
  counted_cash: Nullable(Money),
  closed_at: Nullable(Timestamp),
});
export type Shift = Static<typeof Shift>;

const MethodTotals = Type.Object({ count: Type.Integer({ minimum: 0 }), amount: Money });
const ByMethod = Type.Object({ cash: MethodTotals, card: MethodTotals, total: MethodTotals });

export const ShiftReport = Type.Object({
  shift: Shift,
  sales: ByMethod,
  refunds: ByMethod,
  promo_discounts: Type.Object(
    { count: Type.Integer({ minimum: 0 }), amount: Money },
    { description: 'Sales of this shift with a promo code, and what the codes took off (sales amounts are after it)' },
  ),
  cash_expected: Type.Number({ description: 'opening_float + cash sales − cash refunds' }),
  counted_cash: Nullable(Money),
  difference: Nullable(Type.Number({ description: 'counted_cash − cash_expected; negative when cash is missing' })),
});
export type ShiftReport = Static<typeof ShiftReport>;

export const CounterSaleBody = Type.Object({
  event_id: Id,
  seat_ids: Type.Array(Id, { minItems: 1, maxItems: 100, description: 'Seats of this showtime (at most 10 per sale)' }),
  payment_method: PaymentMethod,
  cash_given: Type.Optional(DrawerAmount('Cash: what the customer handed over (major units); required for cash')),
  customer_email: Type.Optional(
    Type.String({ format: 'email', maxLength: 254, description: 'Email the tickets here; leave out to send none' }),
  ),
  promo_code: PromoCodeField,
  card_number: Type.Optional(
    Type.String({
      minLength: 12,
      maxLength: 23,
      pattern: '^[0-9 ]+$',
      description:
        'Card: what the terminal read (the simulated processor declines 4000 0000 0000 0002); leave out for an approved card',
    }),
  ),
});
export type CounterSaleBody = Static<typeof CounterSaleBody>;

export const CounterSale = Type.Object({
  booking_reference: Type.String(),
  status: Type.Literal('confirmed'),
  shift_id: Id,
  event_id: Id,
  seat_ids: Type.Array(Id),
  seats: Type.Array(Type.String()),
  total_amount: Type.Number({ description: 'What was charged: the seats less `discount_amount`' }),
  discount_amount: Money,
  promo_code: Nullable(Type.String({ description: 'The promo code applied, upper-case' })),
  currency: Currency,
  payment_method: PaymentMethod,
  cash_given: Nullable(Money),
  change_due: Money,
  customer_email: Nullable(Type.String()),
  tickets: Type.Array(Ticket),
  tickets_pdf: Type.String({ description: 'Where the printable tickets are (GET, with the same token)' }),
});
export type CounterSale = Static<typeof CounterSale>;

export const CounterRefundBody = Type.Object({
  booking_reference: BookingReference,
  seat_ids: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 100, description: 'Only these seats; leave out for all' })),
});
export type CounterRefundBody = Static<typeof CounterRefundBody>;

export const CounterRefund = Type.Object({
  booking_reference: Type.String(),
  status: Type.Union([Type.Literal('cancelled'), Type.Literal('confirmed')]),
  shift_id: Id,
  refunded_seat_ids: Type.Array(Id),
  refund_amount: Money,
  currency: Currency,
  payment_method: PaymentMethod,
});
export type CounterRefund = Static<typeof CounterRefund>;

export const CashRefundParams = Type.Object({ booking_reference: BookingReference });

export const CashRefundDue = Type.Object({
  booking_reference: Type.String(),
  status: Type.String({ description: 'The booking’s status (cancelled when the showtime was)' }),
  payment_method: PaymentMethod,
  seats: Type.Array(Type.String()),
  cash_refund_due: Type.Number({ description: 'Cash owed at the counter, major units; 0 when none (or already paid out)' }),
  currency: Currency,
});
export type CashRefundDue = Static<typeof CashRefundDue>;
