import { AppError, validationError } from '../contract/errors.js';
import type { PromoCodeBody, PromoCode as PromoCodeView } from '../contract/promo-codes.js';
import { toMajorUnits } from '../core/money.js';
import { checkPromoCodeInput, type PromoCodeInput } from '../core/promo-codes.js';
import { parseDateTime, toIso } from '../core/schedule.js';
import { type PromoCodeRow, type PromoCodeStats, promoCodeOf, promoCodeStore } from '../db/stores/promo-code-store.js';
import type { Deps } from './deps.js';

type Admin = { id: number; email: string; ip: string };

/** The most codes the admin list answers (newest first). */
export const MAX_PROMO_CODES_LISTED = 500;

/** Promo codes for admins: create, list, edit, delete or deactivate; each change audited. */
export function promoCodeService(deps: Deps) {
  const store = promoCodeStore(deps.db);
  const { clock, config } = deps;
  const major = (minor: number) => toMajorUnits(minor, config.currency);

  function present({ row, stats, createdAt }: { row: PromoCodeRow; stats: PromoCodeStats; createdAt: number }): PromoCodeView {
    const p = promoCodeOf(row);
    return {
      id: p.id,
      code: p.code,
      kind: p.kind,
      value: p.kind === 'percent' ? p.value : major(p.value),
      currency: config.currency,
      valid_from: p.validFrom === null ? null : toIso(p.validFrom),
      valid_until: p.validUntil === null ? null : toIso(p.validUntil),
      max_uses: p.maxUses,
      max_uses_per_user: p.maxUsesPerUser,
      movie_ids: p.movieIds,
      event_ids: p.eventIds,
      ticket_types: p.ticketTypes,
      min_seats: p.minSeats,
      uses: p.uses,
      active: p.active,
      bookings: stats.bookings,
      discount_given: major(stats.discount),
      revenue: major(stats.revenue),
      created_at: toIso(createdAt),
    };
  }

  /** The body as core reads it; a time that does not parse is a field problem. */
  function inputOf(body: PromoCodeBody): PromoCodeInput {
    const time = (field: string, raw: string | null | undefined) => {
      if (raw === undefined || raw === null) return null;
      const ms = parseDateTime(raw);
      if (ms === null) throw validationError([{ field: `body/${field}`, message: 'must be an ISO 8601 date-time' }]);
      return ms;
    };
    return {
      code: body.code,
      kind: body.kind,
      value: body.value,
      validFrom: time('valid_from', body.valid_from),
      validUntil: time('valid_until', body.valid_until),
      maxUses: body.max_uses ?? null,
      maxUsesPerUser: body.max_uses_per_user ?? null,
      movieIds: body.movie_ids ?? null,
      eventIds: body.event_ids ?? null,
      ticketTypes: body.ticket_types ?? null,
      minSeats: body.min_seats ?? 1,
    };
  }

  const taken = (code: string) => new AppError('PROMO_CODE_TAKEN', `A promo code ${code.trim().toUpperCase()} already exists`);
  const notFound = (id: number) => new AppError('NOT_FOUND', `Promo code ${id} not found`);

  async function get(id: number) {
    const found = await store.get(id);
    if (!found) throw notFound(id);
    return present(found);
  }

  return {
    async list(): Promise<PromoCodeView[]> {
      return (await store.list(MAX_PROMO_CODES_LISTED)).map(present);
    },

    async create(body: PromoCodeBody, admin: Admin): Promise<PromoCodeView> {
      const checked = checkPromoCodeInput(inputOf(body), { currency: config.currency });
      if (!checked.ok) throw validationError(checked.problems.map((p) => ({ ...p, field: `body/${p.field}` })));
      const row = await store.create(checked.fields, clock.now(), admin);
      if (!row) throw taken(body.code);
      return get(row.id);
    },

    async update(id: number, body: PromoCodeBody, admin: Admin): Promise<PromoCodeView> {
      const input = inputOf(body);
      const result = await store.update(
        id,
        (current) => {
          const checked = checkPromoCodeInput(input, { currency: config.currency, uses: current.uses });
          return checked.ok ? { ...checked, active: body.active ?? current.active } : checked.problems;
        },
        clock.now(),
        admin,
      );
      if (!result.ok) {
        if ('refusal' in result) throw validationError(result.refusal.map((p) => ({ ...p, field: `body/${p.field}` })));
        if (result.code === 'NOT_FOUND') throw notFound(id);
        throw taken(body.code);
      }
      return get(id);
    },

    async remove(id: number, admin: Admin) {
      const outcome = await store.remove(id, clock.now(), admin);
      if (outcome === 'not_found') throw notFound(id);
      return { id, outcome };
    },
  };
}

export type PromoCodeService = ReturnType<typeof promoCodeService>;
