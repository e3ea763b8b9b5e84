import type { Kysely, Selectable, Transaction } from 'kysely';
import type { PromoCode, PromoCodeFields } from '../../core/promo-codes.js';
import type { Db } from '../database.js';
import type { Database, PromoCodesTable } from '../schema.js';
import { type AuditEntry, appendAudit } from './audit-store.js';
import { isUniqueViolation } from './hall-store.js';

type Trx = Kysely<Database> | Transaction<Database>;
export type PromoCodeRow = Selectable<PromoCodesTable>;

const parseList = <T>(text: string | null): T[] | null => (text === null ? null : (JSON.parse(text) as T[]));
const listText = (list: unknown[] | null) => (list === null ? null : JSON.stringify(list));

export function promoCodeOf(row: PromoCodeRow): PromoCode {
  return {
    id: row.id,
    code: row.code,
    kind: row.kind,
    value: row.value,
    validFrom: row.valid_from === null ? null : Number(row.valid_from),
    validUntil: row.valid_until === null ? null : Number(row.valid_until),
    maxUses: row.max_uses,
    maxUsesPerUser: row.max_uses_per_user,
    movieIds: parseList<number>(row.movie_ids),
    eventIds: parseList<number>(row.event_ids),
    ticketTypes: parseList<string>(row.ticket_types),
    minSeats: row.min_seats,
    uses: row.uses,
    active: row.active === 1,
  };
}

const columnsOf = (f: PromoCodeFields) => ({
  code: f.code,
  kind: f.kind,
  value: f.value,
  valid_from: f.validFrom,
  valid_until: f.validUntil,
  max_uses: f.maxUses,
  max_uses_per_user: f.maxUsesPerUser,
  movie_ids: listText(f.movieIds),
  event_ids: listText(f.eventIds),
  ticket_types: listText(f.ticketTypes),
  min_seats: f.minSeats,
});

export async function findPromoCode(trx: Trx, code: string): Promise<PromoCode | undefined> {
  const row = await trx.selectFrom('promo_codes').selectAll().where('code', '=', code).executeTakeFirst();
  return row && promoCodeOf(row);
}

/** The customer's live redemptions of a code (bookings neither expired nor cancelled). */
export async function liveUsesBy(trx: Trx, promoCodeId: number, userId: number): Promise<number> {
  const row = await trx
    .selectFrom('promo_redemptions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('promo_code_id', '=', promoCodeId)
    .where('user_id', '=', userId)
    .where('released_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Counts one use of an active code, or none when the cap is reached. This conditional UPDATE is
 * the judge of the cap: concurrent holds queue on the code's row (PostgreSQL re-reads `uses` once
 * the one before commits; SQLite runs one writer at a time), so no more than `max_uses` succeed.
 */
export async function takePromoUse(trx: Trx, promoCodeId: number): Promise<boolean> {
  const taken = await trx
    .updateTable('promo_codes')
    .set((eb) => ({ uses: eb('uses', '+', 1) }))
    .where('id', '=', promoCodeId)
    .where('active', '=', 1)
    .where((eb) => eb.or([eb('max_uses', 'is', null), eb('uses', '<', eb.ref('max_uses'))]))
    .executeTakeFirst();
  return Number(taken.numUpdatedRows) === 1;
}

/**
 * Gives back the uses of bookings that expired or were cancelled whole. Each redemption is given
 * back once (released_at), so a repeated step changes nothing. Codes are updated in id order: two
 * sweeps that share codes lock them in the same order.
 */
export async function givePromoUsesBack(trx: Trx, bookingIds: number[], now: number): Promise<number> {
  if (bookingIds.length === 0) return 0;
  const released = await trx
    .updateTable('promo_redemptions')
    .set({ released_at: now })
    .where('booking_id', 'in', bookingIds)
    .where('released_at', 'is', null)
    .returning('promo_code_id')
    .execute();
  const perCode = new Map<number, number>();
  for (const r of released) perCode.set(r.promo_code_id, (perCode.get(r.promo_code_id) ?? 0) + 1);
  for (const [id, n] of [...perCode].sort((a, b) => a[0] - b[0])) {
    await trx
      .updateTable('promo_codes')
      .set((eb) => ({ uses: eb('uses', '-', n) }))
      .where('id', '=', id)
      .execute();
  }
  return released.length;
}

/**
 * Money that came after the hold ran out sold the seats after all: the booking counts its use
 * again if the code's cap still allows (it keeps its discount either way: that is what was paid).
 */
export async function retakePromoUse(trx: Trx, bookingId: number): Promise<void> {
  const redemption = await trx
    .selectFrom('promo_redemptions')
    .select(['promo_code_id'])
    .where('booking_id', '=', bookingId)
    .where('released_at', 'is not', null)
    .executeTakeFirst();
  if (!redemption) return;
  if (!(await takePromoUse(trx, redemption.promo_code_id))) return;
  await trx.updateTable('promo_redemptions').set({ released_at: null }).where('booking_id', '=', bookingId).execute();
}

export type PromoCodeStats = { bookings: number; discount: number; revenue: number };

/** Admin's promo codes: list, create, edit, delete (or deactivate once used), each audited. */
export function promoCodeStore(db: Db) {
  const k = db.kysely;
  const pg = db.dialect === 'postgres';

  /** Confirmed bookings with the code, their discounts and what they paid, per code id. */
  async function statsOf(ids: number[]): Promise<Map<number, PromoCodeStats>> {
    const stats = new Map<number, PromoCodeStats>();
    if (ids.length === 0) return stats;
    const rows = await k
      .selectFrom('promo_redemptions as r')
      .innerJoin('bookings as b', 'b.id', 'r.booking_id')
      .select((eb) => [
        'r.promo_code_id',
        eb.fn.countAll<number>().as('bookings'),
        eb.fn.sum<number>('b.discount_amount').as('discount'),
        eb.fn.sum<number>(eb('b.total_amount', '-', eb.fn.coalesce('b.refund_amount', eb.val(0)))).as('revenue'),
      ])
      .where('r.promo_code_id', 'in', ids)
      .where('b.status', '=', 'confirmed')
      .groupBy('r.promo_code_id')
      .execute();
    for (const r of rows) {
      stats.set(r.promo_code_id, {
        bookings: Number(r.bookings),
        discount: Number(r.discount ?? 0),
        revenue: Number(r.revenue ?? 0),
      });
    }
    return stats;
  }

  async function withStats(rows: PromoCodeRow[]) {
    const stats = await statsOf(rows.map((r) => r.id));
    return rows.map((row) => ({
      row,
      stats: stats.get(row.id) ?? { bookings: 0, discount: 0, revenue: 0 },
      createdAt: Number(row.created_at),
    }));
  }

  const audit = (trx: Trx, entry: Omit<AuditEntry, 'target_type'>) =>
    appendAudit(trx as Kysely<Database>, [{ ...entry, target_type: 'promo_code', outcome: 'success' }]);

  type Actor = { id: number; email: string | null; ip: string | null };
  const by = (actor: Actor) => ({ actor_id: actor.id, actor_email: actor.email, ip: actor.ip });

  return {
    async list(limit: number) {
      const rows = await k.selectFrom('promo_codes').selectAll().orderBy('id', 'desc').limit(limit).execute();
      return withStats(rows);
    },

    async get(id: number) {
      const row = await k.selectFrom('promo_codes').selectAll().where('id', '=', id).executeTakeFirst();
      return row && (await withStats([row]))[0];
    },

    /** Undefined when another code has this name. */
    async create(fields: PromoCodeFields, now: number, actor: Actor) {
      try {
        return await db.transaction(async (trx) => {
          const row = await trx
            .insertInto('promo_codes')
            .values({ ...columnsOf(fields), created_at: now, updated_at: now })
            .returningAll()
            .executeTakeFirstOrThrow();
          await audit(trx, {
            at: now,
            ...by(actor),
            action: 'promo_code.create',
            target_id: String(row.id),
            details: columnsOf(fields),
          });
          return row;
        });
      } catch (error) {
        if (isUniqueViolation(error)) return undefined;
        throw error;
      }
    },

    /**
     * Replaces a code's terms. `check` sees the code as it is under its lock (its uses) and
     * answers the fields to write, or refuses.
     */
    async update<R>(
      id: number,
      check: (current: PromoCode) => { ok: true; fields: PromoCodeFields; active: boolean } | R,
      now: number,
      actor: Actor,
    ): Promise<{ ok: true; row: PromoCodeRow } | { ok: false; code: 'NOT_FOUND' | 'CODE_TAKEN' } | { ok: false; refusal: R }> {
      try {
        return await db.transaction(async (trx) => {
          const current = await trx
            .selectFrom('promo_codes')
            .selectAll()
            .where('id', '=', id)
            .$if(pg, (q) => q.forUpdate())
            .executeTakeFirst();
          if (!current) return { ok: false as const, code: 'NOT_FOUND' as const };
          const checked = check(promoCodeOf(current));
          if (!(typeof checked === 'object' && checked !== null && 'fields' in checked))
            return { ok: false as const, refusal: checked as R };
          const row = await trx
            .updateTable('promo_codes')
            .set({ ...columnsOf(checked.fields), active: checked.active ? 1 : 0, updated_at: now })
            .where('id', '=', id)
            .returningAll()
            .executeTakeFirstOrThrow();
          await audit(trx, {
            at: now,
            ...by(actor),
            action: 'promo_code.update',
            target_id: String(id),
            details: { ...columnsOf(checked.fields), active: checked.active },
          });
          return { ok: true as const, row };
        });
      } catch (error) {
        if (isUniqueViolation(error)) return { ok: false, code: 'CODE_TAKEN' };
        throw error;
      }
    },

    /** Deletes a code never redeemed; one with redemptions (their history) is deactivated instead. */
    async remove(id: number, now: number, actor: Actor): Promise<'deleted' | 'deactivated' | 'not_found'> {
      return db.transaction(async (trx) => {
        const current = await trx
          .selectFrom('promo_codes')
          .select(['id', 'code'])
          .where('id', '=', id)
          .$if(pg, (q) => q.forUpdate())
          .executeTakeFirst();
        if (!current) return 'not_found';
        const used = await trx
          .selectFrom('promo_redemptions')
          .select('id')
          .where('promo_code_id', '=', id)
          .limit(1)
          .executeTakeFirst();
        if (used) await trx.updateTable('promo_codes').set({ active: 0, updated_at: now }).where('id', '=', id).execute();
        else await trx.deleteFrom('promo_codes').where('id', '=', id).execute();
        const outcome = used ? 'deactivated' : 'deleted';
        await audit(trx, {
          at: now,
          ...by(actor),
          action: used ? 'promo_code.deactivate' : 'promo_code.delete',
          target_id: String(id),
          details: { code: current.code },
        });
        return outcome;
      });
    },
  };
}

export type PromoCodeStore = ReturnType<typeof promoCodeStore>;
