import { describe, expect, it } from 'vitest';
import { newTypeDraft, priceCardBody, toPriceCardDraft } from './priceCardDraft';

describe('price card draft', () => {
  it('round-trips the prices the admin set and leaves the others empty', () => {
    const draft = toPriceCardDraft({
      event_id: 1,
      currency: 'USD',
      categories: [
        { category: 'standard', seat_price: 15 },
        { category: 'premium', seat_price: 18 },
      ],
      ticket_types: [
        { code: 'adult', label: 'Adult', prices: { standard: 15, premium: 18 }, set_prices: {} },
        { code: 'child', label: 'Child', prices: { standard: 9, premium: 18 }, set_prices: { standard: 9 } },
      ],
      format: 'IMAX',
      format_surcharge: 2.5,
      formats: ['2D', 'IMAX'],
    });
    expect(draft.types[1]?.prices).toEqual({ standard: 9, premium: '' });
    draft.types.push({ ...newTypeDraft(), code: ' member ', label: 'Member', prices: { premium: 10 } });
    expect(priceCardBody(draft)).toEqual({
      format: 'IMAX',
      format_surcharge: 2.5,
      ticket_types: [
        { code: 'adult', label: 'Adult', prices: {} },
        { code: 'child', label: 'Child', prices: { standard: 9 } },
        { code: 'member', label: 'Member', prices: { premium: 10 } },
      ],
    });
  });
});
