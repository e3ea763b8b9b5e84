import { AppError, validationError } from '../contract/errors.js';
import type { PriceCardBody, PriceCardResponse, RestrictedRatings } from '../contract/pricing.js';
import { toMajorUnits } from '../core/money.js';
import { checkPriceCard, checkRestrictedRatings, type PriceCard, TICKET_FORMATS } from '../core/ticket-pricing.js';
import { pricingStore } from '../db/stores/pricing-store.js';
import type { Deps } from './deps.js';
import { presentPricing } from './presenters.js';
import type { ReadCache } from './read-cache.js';

type Admin = { id: number; email: string; ip: string };

/** Price cards, formats and the child-ticket rule, for admins. `cache` is the catalogue's, told of every change. */
export function pricingService(deps: Deps, cache?: ReadCache) {
  const store = pricingStore(deps.db);
  const { clock } = deps;

  function present(eventId: number, found: NonNullable<Awaited<ReturnType<typeof store.showtimeCard>>>): PriceCardResponse {
    const { card, currency, categories } = found;
    const shown = presentPricing(
      card,
      categories.map((c) => ({ category: c.category, price: c.price })),
      currency,
    );
    return {
      event_id: eventId,
      currency,
      categories: categories.map((c) => ({ category: c.category, seat_price: toMajorUnits(c.price, currency) })),
      ticket_types: shown.ticket_types.map((t) => ({
        ...t,
        set_prices: Object.fromEntries(
          card.prices.filter((p) => p.type === t.code).map((p) => [p.category, toMajorUnits(p.amount, currency)]),
        ),
      })),
      format: card.format,
      format_surcharge: shown.format_surcharge,
      formats: [...TICKET_FORMATS],
    };
  }

  async function requireShowtime(eventId: number) {
    const found = await store.showtimeCard(eventId);
    if (!found) throw new AppError('EVENT_NOT_FOUND', `Showtime ${eventId} not found`);
    return found;
  }

  return {
    async priceCard(eventId: number): Promise<PriceCardResponse> {
      return present(eventId, await requireShowtime(eventId));
    },

    /**
     * Replaces a showtime's price card (and format and surcharge when given). Bookings already
     * made keep the prices they were sold at (booking_seats).
     */
    async setPriceCard(eventId: number, body: PriceCardBody, admin: Admin): Promise<PriceCardResponse> {
      const found = await requireShowtime(eventId);
      const checked = checkPriceCard(body, {
        categories: found.categories.map((c) => c.category),
        currency: found.currency,
        current: found.card,
      });
      if (!checked.ok) throw validationError(checked.problems.map((p) => ({ ...p, field: `body/${p.field}` })));
      const saved = await store.saveCard(eventId, checked.card, {
        at: clock.now(),
        actor_id: admin.id,
        actor_email: admin.email,
        action: 'event.price_card',
        target_type: 'event',
        target_id: String(eventId),
        details: describeChange(found.card, checked.card),
        ip: admin.ip,
        outcome: 'success',
      });
      if (!saved) throw new AppError('EVENT_NOT_FOUND', `Showtime ${eventId} not found`);
      cache?.invalidateAll();
      return present(eventId, await requireShowtime(eventId));
    },

    async restrictedRatings(): Promise<RestrictedRatings> {
      return { ratings: await store.restrictedRatings() };
    },

    async setRestrictedRatings(body: RestrictedRatings, admin: Admin): Promise<RestrictedRatings> {
      const checked = checkRestrictedRatings(body.ratings);
      if (!checked.ok) throw validationError(checked.problems.map((p) => ({ ...p, field: `body/${p.field}` })));
      const before = await store.restrictedRatings();
      const now = clock.now();
      await store.setRestrictedRatings(checked.ratings, now, {
        at: now,
        actor_id: admin.id,
        actor_email: admin.email,
        action: 'settings.child_restricted_ratings',
        target_type: 'settings',
        target_id: 'child_restricted_ratings',
        details: { from: before, to: checked.ratings },
        ip: admin.ip,
        outcome: 'success',
      });
      cache?.invalidateAll();
      return { ratings: checked.ratings };
    },
  };
}

/** What an audit entry keeps of a price card change: the whole card before and after, in minor units. */
function describeChange(from: PriceCard, to: PriceCard) {
  const brief = (c: PriceCard) => ({
    types: c.types.map((t) => t.code),
    prices: c.prices,
    format: c.format,
    surcharge: c.surcharge,
  });
  return { from: brief(from), to: brief(to) };
}

export type PricingService = ReturnType<typeof pricingService>;
