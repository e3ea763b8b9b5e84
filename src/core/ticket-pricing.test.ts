import { describe, expect, it } from 'vitest';
import {
  assignTicketTypes,
  checkChildTickets,
  checkPriceCard,
  checkRestrictedRatings,
  childTicketsAllowed,
  DEFAULT_CHILD_RESTRICTED_RATINGS,
  decideTicketTypes,
  defaultPriceCard,
  MAX_RESTRICTED_RATINGS,
  MAX_TICKET_PRICE,
  MAX_TICKET_TYPES,
  type PriceCard,
  priceBooking,
  priceRanges,
  ticketPrice,
} from './ticket-pricing.js';

const card = (over: Partial<PriceCard> = {}): PriceCard => ({ ...defaultPriceCard(), ...over });
const seats = [
  { seatId: 1, category: 'standard', price: 1500 },
  { seatId: 2, category: 'premium', price: 1800 },
];

describe('ticket prices', () => {
  it('sells every default type at the seat price while the admin set nothing (the state after migration 014)', () => {
    const plain = defaultPriceCard();
    expect(plain.types.map((t) => t.code)).toEqual(['adult', 'child', 'senior', 'student']);
    for (const type of ['adult', 'child', 'senior', 'student']) expect(ticketPrice(plain, type, 'premium', 1800)).toBe(1800);
  });

  it('takes the type price, then the adult price of the category, then the seat price', () => {
    const c = card({
      prices: [
        { type: 'adult', category: 'standard', amount: 1400 },
        { type: 'child', category: 'standard', amount: 900 },
      ],
    });
    expect(ticketPrice(c, 'child', 'standard', 1500)).toBe(900);
    expect(ticketPrice(c, 'senior', 'standard', 1500)).toBe(1400);
    expect(ticketPrice(c, 'child', 'premium', 1800)).toBe(1800);
  });

  it('adds the surcharge to each seat and totals the booking', () => {
    const c = card({ surcharge: 300, prices: [{ type: 'child', category: 'standard', amount: 900 }] });
    const priced = priceBooking({ card: c, seats, types: new Map([[1, 'child']]) });
    expect(priced.seats).toEqual([
      { seatId: 1, type: 'child', base: 900, surcharge: 300, price: 1200 },
      { seatId: 2, type: 'adult', base: 1800, surcharge: 300, price: 2100 },
    ]);
    expect(priced).toMatchObject({ subtotal: 3300, adjustments: [], total: 3300 });
  });

  it('takes adjustments off the subtotal in order and never goes below zero', () => {
    const priced = priceBooking({
      card: card(),
      seats,
      types: new Map(),
      adjustments: [
        { code: 'first', amount: 3000 },
        { code: 'second', amount: 1000 },
        { code: 'negative', amount: -50 },
      ],
    });
    expect(priced.subtotal).toBe(3300);
    expect(priced.adjustments).toEqual([
      { code: 'first', amount: 3000 },
      { code: 'second', amount: 300 },
      { code: 'negative', amount: 0 },
    ]);
    expect(priced.total).toBe(0);
  });

  it('gives each category its cheapest and dearest ticket, surcharge included', () => {
    const c = card({ surcharge: 100, prices: [{ type: 'child', category: 'standard', amount: 900 }] });
    expect(priceRanges(c, seats)).toEqual([
      { category: 'standard', min: 1000, max: 1600 },
      { category: 'premium', min: 1900, max: 1900 },
    ]);
  });
});

describe('ticket types of a hold', () => {
  it('makes unnamed seats adult', () => {
    const result = assignTicketTypes([1, 2], { 2: 'child' }, card());
    expect(result).toEqual({
      ok: true,
      types: new Map([
        [1, 'adult'],
        [2, 'child'],
      ]),
    });
    expect(assignTicketTypes([1], undefined, card())).toMatchObject({ ok: true });
  });

  it('names a type the showtime does not offer', () => {
    expect(assignTicketTypes([1, 2], { 2: 'member' }, card())).toEqual({
      ok: false,
      code: 'UNKNOWN_TICKET_TYPE',
      seatId: 2,
      type: 'member',
      offered: ['adult', 'child', 'senior', 'student'],
    });
    const withMember = card({ types: [...defaultPriceCard().types, { code: 'member', label: 'Member' }] });
    expect(assignTicketTypes([1, 2], { 2: 'member' }, withMember)).toMatchObject({ ok: true });
  });

  it('names seats that are not in the selection', () => {
    expect(assignTicketTypes([1, 2], { 3: 'child', 1: 'child', 9: 'adult' }, card())).toEqual({
      ok: false,
      code: 'SEAT_NOT_SELECTED',
      seatIds: [3, 9],
    });
  });
});

describe('child tickets and the film rating', () => {
  const restricted = DEFAULT_CHILD_RESTRICTED_RATINGS;

  it('refuses child tickets for a restricted rating, naming the rating and the seats', () => {
    const types = new Map([
      [1, 'adult'],
      [2, 'child'],
    ]);
    expect(checkChildTickets({ types, rating: 'NC-17', restricted })).toEqual({
      ok: false,
      code: 'CHILD_TICKET_NOT_ALLOWED',
      rating: 'NC-17',
      seatIds: [2],
    });
    expect(checkChildTickets({ types, rating: ' nc-17 ', restricted })).toMatchObject({ ok: false });
  });

  it('allows them for other ratings, a film without one, and adult-only bookings of restricted films', () => {
    const child = new Map([[1, 'child']]);
    expect(checkChildTickets({ types: child, rating: 'PG-13', restricted })).toEqual({ ok: true });
    expect(checkChildTickets({ types: child, rating: null, restricted })).toEqual({ ok: true });
    expect(checkChildTickets({ types: new Map([[1, 'adult']]), rating: 'NC-17', restricted })).toEqual({ ok: true });
    expect(childTicketsAllowed('PG', [])).toBe(true);
  });

  it('decides a hold in one call: unknown types first, then the rating', () => {
    const base = { seatIds: [1, 2], card: card(), rating: 'NC-17', restricted };
    expect(decideTicketTypes({ ...base, requested: { 1: 'child' } })).toMatchObject({
      ok: false,
      code: 'CHILD_TICKET_NOT_ALLOWED',
      seatIds: [1],
    });
    expect(decideTicketTypes({ ...base, requested: { 1: 'child', 2: 'vip' } })).toMatchObject({ code: 'UNKNOWN_TICKET_TYPE' });
    expect(decideTicketTypes({ ...base, requested: { 2: 'senior' } })).toMatchObject({ ok: true });
    expect(decideTicketTypes({ ...base, rating: 'PG', requested: { 1: 'child' } })).toMatchObject({ ok: true });
  });

  it('cleans the admin list and bounds it', () => {
    expect(checkRestrictedRatings([' R ', 'r', 'NC-17'])).toEqual({ ok: true, ratings: ['R', 'NC-17'] });
    expect(checkRestrictedRatings([''])).toMatchObject({ ok: false, problems: [{ field: 'ratings/0' }] });
    expect(checkRestrictedRatings(['x'.repeat(21)])).toMatchObject({ ok: false });
    expect(checkRestrictedRatings(Array.from({ length: MAX_RESTRICTED_RATINGS }, (_, i) => `R${i}`))).toMatchObject({
      ok: true,
    });
    expect(checkRestrictedRatings(Array.from({ length: MAX_RESTRICTED_RATINGS + 1 }, (_, i) => `R${i}`))).toMatchObject({
      ok: false,
      problems: [{ field: 'ratings' }],
    });
  });
});

describe('an admin price card', () => {
  const context = { categories: ['standard', 'premium'], currency: 'USD', current: defaultPriceCard('IMAX', 250) };

  it('takes major units, keeps format and surcharge when left out, and adds custom types', () => {
    const result = checkPriceCard(
      {
        ticket_types: [
          { code: 'adult', label: 'Adult', prices: { standard: 14.5 } },
          { code: 'member', label: ' Member ', prices: { premium: 10 } },
        ],
      },
      context,
    );
    expect(result).toEqual({
      ok: true,
      card: {
        types: [
          { code: 'adult', label: 'Adult' },
          { code: 'member', label: 'Member' },
        ],
        prices: [
          { type: 'adult', category: 'standard', amount: 1450 },
          { type: 'member', category: 'premium', amount: 1000 },
        ],
        format: 'IMAX',
        surcharge: 250,
      },
    });
  });

  it('names every problem', () => {
    const result = checkPriceCard(
      {
        ticket_types: [
          { code: 'Child!', label: '' },
          { code: 'senior', label: 'Senior', prices: { balcony: 5, standard: MAX_TICKET_PRICE + 1, premium: 1.234 } },
          { code: 'senior', label: 'Again' },
        ],
        format: '5D',
        format_surcharge: -1,
      },
      context,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.field).sort()).toEqual(
      [
        'ticket_types/0/code',
        'ticket_types/0/label',
        'ticket_types/1/prices/balcony',
        'ticket_types/1/prices/standard',
        'ticket_types/1/prices/premium',
        'ticket_types/2/code',
        'ticket_types',
        'format',
        'format_surcharge',
      ].sort(),
    );
  });

  it('allows at most the limit of ticket types', () => {
    const types = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ code: i === 0 ? 'adult' : `type${i}`, label: `Type ${i}` }));
    expect(checkPriceCard({ ticket_types: types(MAX_TICKET_TYPES) }, context).ok).toBe(true);
    expect(checkPriceCard({ ticket_types: types(MAX_TICKET_TYPES + 1) }, context)).toMatchObject({
      ok: false,
      problems: [{ field: 'ticket_types' }],
    });
  });
});
