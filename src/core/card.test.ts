import { describe, expect, it } from 'vitest';
import { findCardProblems, isCardExpired, normalizeCardNumber, passesLuhn } from './card.js';

describe('card checks', () => {
  it('accepts Luhn-valid numbers and refuses others', () => {
    expect(passesLuhn('4242424242424242')).toBe(true);
    expect(passesLuhn('4000000000000002')).toBe(true);
    expect(passesLuhn('4242424242424241')).toBe(false);
    expect(passesLuhn('42424242')).toBe(false);
    expect(passesLuhn('4242x24242424242')).toBe(false);
    expect(normalizeCardNumber('4242 4242-4242 4242')).toBe('4242424242424242');
  });

  it('treats a card as valid through its expiry month', () => {
    const now = Date.UTC(2030, 4, 31, 23, 59); // 31 May 2030
    expect(isCardExpired(5, 2030, now)).toBe(false);
    expect(isCardExpired(4, 2030, now)).toBe(true);
    expect(isCardExpired(5, 30, now)).toBe(false);
    expect(isCardExpired(5, 2030, Date.UTC(2030, 5, 1))).toBe(true);
  });

  it('names each problem by field', () => {
    const problems = findCardProblems({ card_number: '1234', exp_month: 1, exp_year: 2000, cvc: 'ab' }, Date.UTC(2030, 0, 1));
    expect(problems.map((p) => p.field)).toEqual(['payment/card_number', 'payment/exp_year', 'payment/cvc']);
  });
});
