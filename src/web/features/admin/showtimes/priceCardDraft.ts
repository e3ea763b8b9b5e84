import type { PriceCardBody, PriceCardResponse } from '../../../../contract/pricing';
import type { TicketFormat } from '../../../../core/ticket-pricing';

/** The price card as the form edits it: a price left empty is not set (adult's, or the seat's, applies). */
export type TypeDraft = { key: string; code: string; label: string; prices: Record<string, number | ''>; existing: boolean };
export type PriceCardDraft = { format: TicketFormat; surcharge: number | ''; types: TypeDraft[] };

let nextKey = 0;
const key = () => `type-${++nextKey}`;

export function toPriceCardDraft(card: PriceCardResponse): PriceCardDraft {
  return {
    format: card.format,
    surcharge: card.format_surcharge,
    types: card.ticket_types.map((t) => ({
      key: key(),
      code: t.code,
      label: t.label,
      prices: Object.fromEntries(card.categories.map((c) => [c.category, t.set_prices[c.category] ?? ''])),
      existing: true,
    })),
  };
}

export const newTypeDraft = (): TypeDraft => ({ key: key(), code: '', label: '', prices: {}, existing: false });

/** The PUT body: only prices that were filled in. */
export function priceCardBody(draft: PriceCardDraft): PriceCardBody {
  return {
    format: draft.format,
    format_surcharge: draft.surcharge === '' ? 0 : draft.surcharge,
    ticket_types: draft.types.map((t) => ({
      code: t.code.trim(),
      label: t.label.trim(),
      prices: Object.fromEntries(Object.entries(t.prices).filter((e): e is [string, number] => e[1] !== '')),
    })),
  };
}
