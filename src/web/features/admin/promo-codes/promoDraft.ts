import type { PromoCode, PromoCodeBody } from '../../../../contract/promo-codes';
import { fromDateTimeLocal, toDateTimeLocal } from '../../../lib/format';

/** The promo code form as typed: lists are comma-separated, empty means no limit. */
export type PromoDraft = {
  code: string;
  kind: 'percent' | 'fixed';
  value: number | string;
  validFrom: string;
  validUntil: string;
  maxUses: number | string;
  maxUsesPerUser: number | string;
  minSeats: number | string;
  movieIds: string;
  eventIds: string;
  ticketTypes: string;
  active: boolean;
};

export const toPromoDraft = (p: PromoCode | null): PromoDraft => ({
  code: p?.code ?? '',
  kind: p?.kind ?? 'percent',
  value: p?.value ?? '',
  validFrom: p?.valid_from ? toDateTimeLocal(p.valid_from) : '',
  validUntil: p?.valid_until ? toDateTimeLocal(p.valid_until) : '',
  maxUses: p?.max_uses ?? '',
  maxUsesPerUser: p?.max_uses_per_user ?? '',
  minSeats: p?.min_seats ?? 1,
  movieIds: p?.movie_ids?.join(', ') ?? '',
  eventIds: p?.event_ids?.join(', ') ?? '',
  ticketTypes: p?.ticket_types?.join(', ') ?? '',
  active: p?.active ?? true,
});

const items = (text: string) =>
  text
    .split(/[,\s]+/)
    .map((t) => t.trim())
    .filter((t) => t !== '');
/** Ids as typed; anything that is not a number is sent as 0 so the server names the field. */
const ids = (text: string) => (items(text).length === 0 ? null : items(text).map((t) => (/^\d+$/.test(t) ? Number(t) : 0)));
const count = (value: number | string) => (typeof value === 'number' ? value : null);

export function toPromoBody(d: PromoDraft): PromoCodeBody {
  const types = items(d.ticketTypes).map((t) => t.toLowerCase());
  return {
    code: d.code.trim(),
    kind: d.kind,
    value: typeof d.value === 'number' ? d.value : 0,
    valid_from: fromDateTimeLocal(d.validFrom),
    valid_until: fromDateTimeLocal(d.validUntil),
    max_uses: count(d.maxUses),
    max_uses_per_user: count(d.maxUsesPerUser),
    min_seats: count(d.minSeats) ?? 1,
    movie_ids: ids(d.movieIds),
    event_ids: ids(d.eventIds),
    ticket_types: types.length === 0 ? null : types,
    active: d.active,
  };
}

/** "10%" or "$5.00 off" as the list shows a code's discount. */
export const discountText = (p: Pick<PromoCode, 'kind' | 'value' | 'currency'>, money: (n: number, c: string) => string) =>
  p.kind === 'percent' ? `${p.value}% off` : `${money(p.value, p.currency)} off`;
