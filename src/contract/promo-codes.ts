import { type Static, Type } from 'typebox';
import { Currency, DateTime, Id, Money, Nullable, Timestamp } from './common.js';

export const PromoCodeBody = Type.Object({
  code: Type.String({
    minLength: 3,
    maxLength: 32,
    description: 'Letters, digits, _ or - (3 to 32); codes compare without case and are stored upper-case',
    examples: ['SUMMER-10'],
  }),
  kind: Type.Union([Type.Literal('percent'), Type.Literal('fixed')]),
  value: Type.Number({
    description: 'percent: 1 to 100 (whole); fixed: an amount in major units of the currency, taken off the eligible seats',
  }),
  valid_from: Type.Optional(Nullable(DateTime)),
  valid_until: Type.Optional(Nullable(Type.String({ ...DateTime, description: 'The first moment it no longer applies' }))),
  max_uses: Type.Optional(
    Nullable(
      Type.Integer({
        description: 'Bookings that may use it at once (expired and cancelled ones give their use back); null: no cap',
      }),
    ),
  ),
  max_uses_per_user: Type.Optional(Nullable(Type.Integer({ description: 'Per customer; null: no cap' }))),
  movie_ids: Type.Optional(Nullable(Type.Array(Id, { maxItems: 100, description: 'Only these films; null: any' }))),
  event_ids: Type.Optional(Nullable(Type.Array(Id, { maxItems: 100, description: 'Only these showtimes; null: any' }))),
  ticket_types: Type.Optional(
    Nullable(
      Type.Array(Type.String({ maxLength: 24 }), {
        maxItems: 100,
        description: 'Only these ticket types are discounted (and counted for min_seats); null: every seat',
      }),
    ),
  ),
  min_seats: Type.Optional(Type.Integer({ description: 'Eligible seats a booking needs (default 1)' })),
  active: Type.Optional(Type.Boolean({ description: 'PUT only: false stops new holds using it' })),
});
export type PromoCodeBody = Static<typeof PromoCodeBody>;

export const PromoCode = Type.Object({
  id: Id,
  code: Type.String(),
  kind: Type.Union([Type.Literal('percent'), Type.Literal('fixed')]),
  value: Type.Number({ description: 'Percent, or major units of `currency`' }),
  currency: Currency,
  valid_from: Nullable(Timestamp),
  valid_until: Nullable(Timestamp),
  max_uses: Nullable(Type.Integer()),
  max_uses_per_user: Nullable(Type.Integer()),
  movie_ids: Nullable(Type.Array(Id)),
  event_ids: Nullable(Type.Array(Id)),
  ticket_types: Nullable(Type.Array(Type.String())),
  min_seats: Type.Integer(),
  uses: Type.Integer({ description: 'Bookings holding a use now (pending or paid)' }),
  active: Type.Boolean(),
  bookings: Type.Integer({ description: 'Paid bookings with the code' }),
  discount_given: Money,
  revenue: Money,
  created_at: Timestamp,
});
export type PromoCode = Static<typeof PromoCode>;

export const PromoCodeList = Type.Object({ promo_codes: Type.Array(PromoCode) });
export type PromoCodeList = Static<typeof PromoCodeList>;

export const PromoCodeDeleted = Type.Object({
  id: Id,
  outcome: Type.Union([Type.Literal('deleted'), Type.Literal('deactivated')], {
    description: 'A code with redemptions is deactivated (its history stays); one never used is deleted',
  }),
});
