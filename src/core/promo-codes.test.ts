import { describe, expect, it } from 'vitest';
import { checkPromoCodeInput, decidePromoDiscount, normalizePromoCode, type PromoCode, shareOut } from './promo-codes.js';

const promo = (over: Partial<PromoCode> = {}): PromoCode => ({
  id: 1,
  code: 'SUMMER',
  kind: 'percent',
  value: 10,
  validFrom: null,
  validUntil: null,
  maxUses: null,
  maxUsesPerUser: null,
  movieIds: null,
  eventIds: null,
  ticketTypes: null,
  minSeats: 1,
  uses: 0,
  active: true,
  ...over,
});

const seats = [
  { seatId: 1, type: 'adult', price: 1000 },
  { seatId: 2, type: 'child', price: 700 },
];
const context = { now: 5_000, movieId: 3, eventId: 4, seats, userUses: 0 };

describe('decidePromoDiscount', () => {
  it('takes a percentage off every seat and shares it out by price', () => {
    const d = decidePromoDiscount(promo(), context);
    expect(d).toMatchObject({ ok: true, discount: 170 });
    if (d.ok)
      expect([...d.perSeat]).toEqual([
        [1, 100],
        [2, 70],
      ]);
  });

  it('applies a percentage to the eligible ticket types only', () => {
    const d = decidePromoDiscount(promo({ ticketTypes: ['child'], value: 50 }), context);
    expect(d).toMatchObject({ ok: true, discount: 350 });
    if (d.ok) expect([...d.perSeat]).toEqual([[2, 350]]);
  });

  it('never takes a fixed amount beyond the eligible seats', () => {
    expect(decidePromoDiscount(promo({ kind: 'fixed', value: 500 }), context)).toMatchObject({ discount: 500 });
    expect(decidePromoDiscount(promo({ kind: 'fixed', value: 99_999 }), context)).toMatchObject({ discount: 1700 });
    expect(decidePromoDiscount(promo({ kind: 'fixed', value: 99_999, ticketTypes: ['child'] }), context)).toMatchObject({
      discount: 700,
    });
  });

  it.each([
    [undefined, 'unknown'],
    [promo({ active: false }), 'inactive'],
    [promo({ validFrom: 5_001 }), 'not_yet_valid'],
    [promo({ validUntil: 5_000 }), 'expired'],
    [promo({ movieIds: [9] }), 'wrong_film'],
    [promo({ eventIds: [9] }), 'wrong_showtime'],
    [promo({ ticketTypes: ['senior'] }), 'wrong_ticket_type'],
    [promo({ minSeats: 3 }), 'too_few_seats'],
    [promo({ ticketTypes: ['adult'], minSeats: 2 }), 'too_few_seats'],
  ])('refuses %#: %s', (code, reason) => {
    expect(decidePromoDiscount(code, context)).toMatchObject({ ok: false, code: 'PROMO_CODE_INVALID', reason });
  });

  it('is valid from its first moment to just before its end', () => {
    expect(decidePromoDiscount(promo({ validFrom: 5_000, validUntil: 5_001 }), context).ok).toBe(true);
  });

  it('refuses a customer at the per-user cap, and a code at its total cap as used up', () => {
    expect(decidePromoDiscount(promo({ maxUsesPerUser: 2 }), { ...context, userUses: 1 }).ok).toBe(true);
    expect(decidePromoDiscount(promo({ maxUsesPerUser: 2 }), { ...context, userUses: 2 })).toMatchObject({
      reason: 'per_user_limit',
    });
    expect(decidePromoDiscount(promo({ maxUses: 10, uses: 9 }), context).ok).toBe(true);
    expect(decidePromoDiscount(promo({ maxUses: 10, uses: 10 }), context)).toMatchObject({ code: 'PROMO_CODE_USED_UP' });
  });

  it('at the box office takes codes without a per-customer cap only (a walk-in cannot be counted)', () => {
    expect(decidePromoDiscount(promo({ maxUses: 10 }), { ...context, atCounter: true }).ok).toBe(true);
    expect(decidePromoDiscount(promo({ maxUsesPerUser: 5 }), { ...context, atCounter: true })).toMatchObject({
      code: 'PROMO_CODE_INVALID',
      reason: 'per_customer_at_counter',
    });
    expect(decidePromoDiscount(promo({ maxUses: 10, uses: 10 }), { ...context, atCounter: true })).toMatchObject({
      code: 'PROMO_CODE_USED_UP',
    });
  });
});

describe('shareOut', () => {
  it('adds up to the amount and never exceeds a seat', () => {
    const s = [
      { seatId: 3, price: 333 },
      { seatId: 1, price: 333 },
      { seatId: 2, price: 334 },
    ];
    const shares = shareOut(1000, s);
    expect([...shares.values()].reduce((a, b) => a + b, 0)).toBe(1000);
    for (const seat of s) expect(shares.get(seat.seatId)).toBeLessThanOrEqual(seat.price);
    expect(shareOut(1, s).get(2)).toBe(1);
    expect([...shareOut(0, s).values()]).toEqual([0, 0, 0]);
  });
});

describe('checkPromoCodeInput', () => {
  const input = {
    code: ' summer-10 ',
    kind: 'percent' as const,
    value: 10,
    validFrom: null,
    validUntil: null,
    maxUses: 10,
    maxUsesPerUser: 1,
    movieIds: null,
    eventIds: [4, 4],
    ticketTypes: null,
    minSeats: 1,
  };

  it('normalizes the code and keeps one of each limit', () => {
    expect(normalizePromoCode(' a-b_c ')).toBe('A-B_C');
    expect(checkPromoCodeInput(input, { currency: 'USD' })).toMatchObject({
      ok: true,
      fields: { code: 'SUMMER-10', eventIds: [4] },
    });
  });

  it('takes a fixed amount in major units and stores minor units', () => {
    expect(checkPromoCodeInput({ ...input, kind: 'fixed', value: 2.5 }, { currency: 'USD' })).toMatchObject({
      fields: { value: 250 },
    });
    expect(checkPromoCodeInput({ ...input, kind: 'fixed', value: 2.5 }, { currency: 'JPY' }).ok).toBe(false);
  });

  it.each([
    [{ code: 'ab' }, 'code'],
    [{ code: 'a'.repeat(33) }, 'code'],
    [{ code: 'SUMMER 10' }, 'code'],
    [{ value: 0 }, 'value'],
    [{ value: 101 }, 'value'],
    [{ value: 2.5 }, 'value'],
    [{ kind: 'fixed' as const, value: 0 }, 'value'],
    [{ validFrom: 10, validUntil: 10 }, 'valid_until'],
    [{ maxUses: 0 }, 'max_uses'],
    [{ maxUsesPerUser: 1_000_001 }, 'max_uses_per_user'],
    [{ minSeats: 0 }, 'min_seats'],
    [{ minSeats: 101 }, 'min_seats'],
    [{ movieIds: [] }, 'movie_ids'],
    [{ movieIds: Array.from({ length: 101 }, (_, i) => i + 1) }, 'movie_ids'],
    [{ eventIds: [0] }, 'event_ids/0'],
    [{ ticketTypes: ['Adult'] }, 'ticket_types/0'],
  ])('refuses %o (%s)', (over, field) => {
    const result = checkPromoCodeInput({ ...input, ...over }, { currency: 'USD' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((p) => p.field)).toContain(field);
  });

  it('refuses a cap below the uses already counted', () => {
    expect(checkPromoCodeInput({ ...input, maxUses: 3 }, { currency: 'USD', uses: 4 }).ok).toBe(false);
    expect(checkPromoCodeInput({ ...input, maxUses: 4 }, { currency: 'USD', uses: 4 }).ok).toBe(true);
  });
});
