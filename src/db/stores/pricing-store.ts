import type { Kysely } from 'kysely';
import {
  DEFAULT_CHILD_RESTRICTED_RATINGS,
  DEFAULT_FORMAT,
  defaultPriceCard,
  isTicketFormat,
  type PriceCard,
  type TicketPrice,
  type TicketType,
} from '../../core/ticket-pricing.js';
import type { Db } from '../database.js';
import type { Database } from '../schema.js';
import { type AuditEntry, appendAudit } from './audit-store.js';

type Reader = Kysely<Database>;
const RESTRICTED_RATINGS = 'child_restricted_ratings';

/** A showtime's card from its row: no stored card is the default types at seat prices. */
export function priceCardOf(row: { format: string; format_surcharge: number; price_card: string | null }): PriceCard {
  const format = isTicketFormat(row.format) ? row.format : DEFAULT_FORMAT;
  const surcharge = Number(row.format_surcharge);
  if (row.price_card === null) return defaultPriceCard(format, surcharge);
  const stored = JSON.parse(row.price_card) as { types: TicketType[]; prices: TicketPrice[] };
  return { types: stored.types, prices: stored.prices, format, surcharge };
}

/** What pricing a hold needs: the showtime's card and currency, its film's rating, the restricted ratings. */
export async function pricingContext(q: Reader, eventId: number) {
  const row = await q
    .selectFrom('events as e')
    .innerJoin('movies as m', 'm.id', 'e.movie_id')
    .select(['e.format', 'e.format_surcharge', 'e.price_card', 'e.currency', 'm.rating'])
    .where('e.id', '=', eventId)
    .executeTakeFirst();
  if (!row) return undefined;
  return { card: priceCardOf(row), currency: row.currency, rating: row.rating, restricted: await restrictedRatings(q) };
}

async function restrictedRatings(q: Reader): Promise<string[]> {
  const row = await q.selectFrom('settings').select('value').where('key', '=', RESTRICTED_RATINGS).executeTakeFirst();
  return row ? (JSON.parse(row.value) as string[]) : [...DEFAULT_CHILD_RESTRICTED_RATINGS];
}

export function pricingStore(db: Db) {
  const k = db.kysely;
  return {
    pricingContext: (eventId: number) => pricingContext(k, eventId),

    /** A live showtime's card, currency, and its seat categories with the seat price of each (cheapest). */
    async showtimeCard(eventId: number) {
      const row = await k
        .selectFrom('events')
        .select(['id', 'format', 'format_surcharge', 'price_card', 'currency'])
        .where('id', '=', eventId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (!row) return undefined;
      const categories = await k
        .selectFrom('seats')
        .select(['category', (eb) => eb.fn.min<number>('price').as('price')])
        .where('event_id', '=', eventId)
        .where('kind', '!=', 'blocked')
        .groupBy('category')
        .orderBy('category')
        .execute();
      return {
        card: priceCardOf(row),
        currency: row.currency,
        categories: categories.map((c) => ({ category: c.category, price: Number(c.price) })),
      };
    },

    /** Writes a showtime's card, format and surcharge with its audit entry, in one transaction. */
    async saveCard(eventId: number, card: PriceCard, audit: AuditEntry): Promise<boolean> {
      return db.transaction(async (trx) => {
        const updated = await trx
          .updateTable('events')
          .set({
            format: card.format,
            format_surcharge: card.surcharge,
            price_card: JSON.stringify({ types: card.types, prices: card.prices }),
          })
          .where('id', '=', eventId)
          .where('deleted_at', 'is', null)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) !== 1) return false;
        await appendAudit(trx, [audit]);
        return true;
      });
    },

    restrictedRatings: () => restrictedRatings(k),

    async setRestrictedRatings(ratings: string[], now: number, audit: AuditEntry): Promise<void> {
      await db.transaction(async (trx) => {
        const value = JSON.stringify(ratings);
        await trx
          .insertInto('settings')
          .values({ key: RESTRICTED_RATINGS, value, updated_at: now })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
          .execute();
        await appendAudit(trx, [audit]);
      });
    },
  };
}

export type PricingStore = ReturnType<typeof pricingStore>;
