import { type Static, Type } from 'typebox';
import {
  MAX_FORMAT_SURCHARGE,
  MAX_RATING_LENGTH,
  MAX_RESTRICTED_RATINGS,
  MAX_TICKET_PRICE,
  MAX_TICKET_TYPES,
  TICKET_FORMATS,
} from '../core/ticket-pricing.js';
import { Currency, Id, Money } from './common.js';

export const TicketFormat = Type.Enum(TICKET_FORMATS, { description: 'How the film is shown' });

const Amount = Type.Number({ minimum: 0, maximum: MAX_TICKET_PRICE, description: 'Major units of the currency' });

export const PriceCardBody = Type.Object({
  ticket_types: Type.Array(
    Type.Object({
      code: Type.String({ minLength: 1, maxLength: 24, description: 'e.g. adult, child, member', examples: ['member'] }),
      label: Type.String({ minLength: 1, maxLength: 40, description: 'What customers read, e.g. Member' }),
      prices: Type.Optional(
        Type.Record(Type.String({ maxLength: 40 }), Amount, {
          maxProperties: 50,
          description:
            'Price per seat category; a category left out costs what adult costs there, and adult left out costs the seat price (base price times the category factor)',
        }),
      ),
    }),
    { minItems: 1, maxItems: MAX_TICKET_TYPES, description: 'The types this showtime sells; must include adult' },
  ),
  format: Type.Optional(TicketFormat),
  format_surcharge: Type.Optional(
    Type.Number({ minimum: 0, maximum: MAX_FORMAT_SURCHARGE, description: 'Added to every ticket, major units' }),
  ),
});
export type PriceCardBody = Static<typeof PriceCardBody>;

export const PriceCardResponse = Type.Object({
  event_id: Id,
  currency: Currency,
  categories: Type.Array(
    Type.Object({ category: Type.String(), seat_price: Money }, { description: 'The seat categories and their seat price' }),
  ),
  ticket_types: Type.Array(
    Type.Object({
      code: Type.String(),
      label: Type.String(),
      prices: Type.Record(Type.String(), Money, { description: 'The price in every category, set or not' }),
      set_prices: Type.Record(Type.String(), Money, { description: 'Only the prices the admin set' }),
    }),
  ),
  format: TicketFormat,
  format_surcharge: Money,
  formats: Type.Array(Type.String(), { description: 'Every format a showtime may have' }),
});
export type PriceCardResponse = Static<typeof PriceCardResponse>;

export const RestrictedRatings = Type.Object({
  ratings: Type.Array(Type.String({ maxLength: MAX_RATING_LENGTH }), {
    maxItems: MAX_RESTRICTED_RATINGS,
    description: 'Films with one of these ratings (compared without case) sell no child tickets',
    examples: [['NC-17', '18']],
  }),
});
export type RestrictedRatings = Static<typeof RestrictedRatings>;
