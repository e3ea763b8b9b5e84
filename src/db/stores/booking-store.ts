import type { Selectable, Transaction } from 'kysely';
import { type BookingFacts, type Transition, transition } from '../../core/booking-lifecycle.js';
import { type CounterPaymentMethod, type CounterRefusal, decideCounterMove } from '../../core/box-office.js';
import { decideHoldAllowance, NEW_HOLDS_PER_CUSTOMER } from '../../core/hold-limits.js';
import { DECLINES_PER_CUSTOMER, decidePaymentAttempt } from '../../core/payment-declines.js';
import { decidePromoDiscount, normalizePromoCode, type PromoRefusal } from '../../core/promo-codes.js';
import type { RefundPolicy } from '../../core/refund-policy.js';
import { decideShowCancellation, type ShowCancellationDecision } from '../../core/show-cancellation.js';
import { decideTicketTypes, type PriceCard, priceBooking } from '../../core/ticket-pricing.js';
import type { Db } from '../database.js';
import type { BookingsTable, Database } from '../schema.js';
import {
  type Applied,
  type ApplyFailure,
  type AuditActor,
  applyTransition,
  markPaymentRefundedIfFull,
  Rollback,
  rollbackWith,
  type SeatChangeRow,
  seatChangeEffects,
} from './apply-transition.js';
import { appendAudit } from './audit-store.js';
import { cardDeclinesOf, holdActivity, lockCustomer, paymentsInFlight, recentDeclineTimes } from './customer-activity.js';
import { isUniqueViolation } from './hall-store.js';
import { enqueueEffects } from './outbox-store.js';
import { pricingContext } from './pricing-store.js';
import { findPromoCode, givePromoUsesBack, liveUsesBy, takePromoUse } from './promo-code-store.js';
import { type DuplicateEvent, type ProviderEventRef, recordProviderEventOnce } from './provider-event-store.js';
import { offerFreedSeats } from './waitlist-store.js';

export type { AuditActor, SeatChangeRow };
export type BookingRow = Selectable<BookingsTable>;

export type HeldSeat = {
  id: number;
  label: string;
  category: string;
  type: string;
  base: number;
  surcharge: number;
  price: number;
  /** This seat's share of the promo discount. */
  discount: number;
};

export type HoldResult =
  | {
      ok: true;
      bookingId: number;
      seats: HeldSeat[];
      card: PriceCard;
      subtotal: number;
      discount: number;
      promoCode: string | null;
      total: number;
    }
  | PromoRefusal
  | TicketTypeDecisionRefusal
  | { ok: false; code: 'SEATS_UNAVAILABLE'; seatIds: number[] }
  | { ok: false; code: 'EVENT_GONE' | 'SHOWTIME_CANCELLED' }
  | { ok: false; code: 'HOLD_LIMIT'; max: number; held: number }
  | { ok: false; code: 'RATE_LIMITED'; retryAfterSeconds: number }
  | { ok: false; code: CounterRefusal };

/** A sale at the box office: recorded in the staff member's shift, paid as said, tickets emailed to the customer if any. */
export type CounterSale = { shiftId: number; paymentMethod: CounterPaymentMethod; customerEmail: string | null };

export type StartPaymentResult =
  | { ok: true; paymentId: number }
  | { ok: false; code: 'IN_PROGRESS' | 'ALREADY_PAID' | 'NOT_PAYABLE' | 'CANCELLED' }
  | { ok: false; code: 'RATE_LIMITED'; retryAfterSeconds: number };

/** A lifecycle step: what core decided and what the store did, or why core refused. */
export type StepResult =
  | {
      ok: true;
      decision: Extract<Transition, { ok: true }>;
      applied: Applied;
      /** The booking as it was before this step. */
      booking: BookingRow;
      /** Its seats before this step (what was decided on), by seat id. */
      seatIds: number[];
    }
  | Extract<Transition, { ok: false }>
  | ApplyFailure
  | DuplicateEvent;

type TicketTypeDecisionRefusal = Exclude<ReturnType<typeof decideTicketTypes>, { ok: true }>;

const HELD = ['pending', 'awaiting_payment'] as const;
/** Bookings one sweep expires at most; the rest wait for the next sweep (half a second later). */
const EXPIRE_PER_SWEEP = 500;

export function bookingStore(db: Db, options: { publicUrl: string }) {
  const k = db.kysely;
  const pg = db.dialect === 'postgres';
  const { publicUrl } = options;

  /**
   * PostgreSQL: locks seat rows in id order, as holdSeats does, before a multi-row seat UPDATE.
   * An UPDATE locks rows in whatever order it scans them, which can cross a hold's ordered locks
   * and deadlock (one side then fails with a 500).
   */
  async function lockSeatsInOrder(trx: Transaction<Database>, seatIds: number[]) {
    if (!pg || seatIds.length === 0) return;
    await trx.selectFrom('seats').select('id').where('id', 'in', seatIds).orderBy('id').forUpdate().execute();
  }

  /**
   * A box-office shift, read under a lock that lets sales into it proceed side by side but makes
   * closing it wait for them (PostgreSQL; SQLite's write lock already runs one at a time).
   */
  async function lockShift(trx: Transaction<Database>, shiftId: number) {
    return trx
      .selectFrom('box_office_shifts')
      .select(['id', 'staff_id', 'status'])
      .where('id', '=', shiftId)
      .$if(pg, (q) => q.forShare())
      .executeTakeFirst();
  }

  /** Everything the lifecycle needs about one booking, read under its locks. */
  async function factsOf(trx: Transaction<Database>, bookingId: number) {
    if (pg) await trx.selectFrom('bookings').select('id').where('id', '=', bookingId).forUpdate().execute();
    const booking = await trx.selectFrom('bookings').selectAll().where('id', '=', bookingId).executeTakeFirstOrThrow();
    const seats = await trx
      .selectFrom('booking_seats')
      .select(['seat_id', 'price', 'discount'])
      .where('booking_id', '=', bookingId)
      .where('cancelled_at', 'is', null)
      .orderBy('seat_id')
      .execute();
    await lockSeatsInOrder(
      trx,
      seats.map((s) => s.seat_id),
    );
    const showtime = await trx
      .selectFrom('events')
      .select(['start_time', 'cancelled_at'])
      .where('id', '=', booking.event_id)
      .executeTakeFirstOrThrow();
    const facts: BookingFacts = {
      status: booking.status,
      expiresAt: booking.expires_at,
      // What each seat was paid: a refund never gives back a promo discount.
      seats: seats.map((s) => ({ seatId: s.seat_id, price: s.price - s.discount })),
      holdExtendedAt: booking.hold_extended_at,
      showtimeStart: showtime.start_time,
      showtimeCancelled: showtime.cancelled_at !== null,
    };
    return { booking, facts };
  }

  /** Whether every seat of a booking could be sold to it right now (its own, free, or a dead hold). */
  async function seatsFreeFor(trx: Transaction<Database>, bookingId: number, seatIds: number[], now: number) {
    if (seatIds.length === 0) return false;
    const free = await trx
      .selectFrom('seats')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('id', 'in', seatIds)
      .where((eb) =>
        eb.or([
          eb('booking_id', '=', bookingId),
          eb('status', '=', 'available'),
          eb.and([eb('status', '=', 'held'), eb('hold_expires_at', '<=', now)]),
        ]),
      )
      .executeTakeFirstOrThrow();
    return Number(free.n) === seatIds.length;
  }

  /** Runs one lifecycle step in one transaction: read facts, ask core, apply. */
  function step(
    bookingId: number,
    now: number,
    decide: (
      facts: BookingFacts,
      trx: Transaction<Database>,
      booking: BookingRow,
      /** What `before` answered (e.g. whether it recorded news). */
      prior: unknown,
    ) => Promise<Transition> | Transition,
    apply: {
      actor: AuditActor;
      paymentId?: number;
      providerPaymentId?: string;
      /** A refund of this step is paid out now from this shift's drawer (or filed under it, for a card). */
      refundShiftId?: number;
      before?: (trx: Transaction<Database>) => Promise<unknown>;
      /** Runs after the decision is applied, in the same transaction (e.g. to file a refund under a shift). */
      after?: (trx: Transaction<Database>, applied: Applied) => Promise<void>;
    },
  ): Promise<StepResult> {
    return rollbackWith(
      db.transaction(async (trx): Promise<StepResult> => {
        const prior = apply.before ? await apply.before(trx) : undefined;
        const { booking, facts } = await factsOf(trx, bookingId);
        const decision = await decide(facts, trx, booking, prior);
        if (!decision.ok) {
          // A refusal writes nothing, not even what `before` did.
          throw new Rollback<StepResult>(decision);
        }
        const applied = await applyTransition(trx, {
          booking,
          decision,
          now,
          actor: apply.actor,
          publicUrl,
          ...(apply.paymentId !== undefined ? { paymentId: apply.paymentId } : {}),
          ...(apply.providerPaymentId !== undefined ? { providerPaymentId: apply.providerPaymentId } : {}),
          ...(apply.refundShiftId !== undefined ? { refundShiftId: apply.refundShiftId } : {}),
        });
        if (apply.after) await apply.after(trx, applied);
        // Seats given back go to the showtime's waitlist first, in this same transaction.
        const freed = applied.changes.filter((c) => c.status === 'available');
        if (freed.length > 0) {
          const offered = await offerFreedSeats(trx, { eventIds: freed.map((c) => c.event_id), now, publicUrl, pg });
          applied.changes.push(...offered);
        }
        return { ok: true, decision, applied, booking, seatIds: facts.seats.map((s) => s.seatId) };
      }),
    );
  }

  return {
    step,
    lockShift,

    /**
     * Holds every requested seat for a new pending booking, or none. One conditional UPDATE is
     * the judge: it claims only seats that are free (or whose hold has run out) and the claim
     * must cover every seat asked for, else the whole transaction rolls back. The audit entry and
     * the seat push are written in the same transaction.
     */
    async holdSeats(input: {
      reference: string;
      userId: number;
      eventId: number;
      seatIds: number[];
      /** Seat id → ticket type code, as the customer asked; seats not named are adult. */
      ticketTypes?: Record<string, string>;
      currency: string;
      now: number;
      expiresAt: number;
      actor: AuditActor;
      /** Absent for staff, who are exempt. */
      limits?: { maxHeldSeats: number };
      /** A sale at the box office: only into the staff member's own open shift. */
      counter?: CounterSale;
      /** As the customer typed it; any case. */
      promoCode?: string;
    }): Promise<HoldResult> {
      const { seatIds, now } = input;
      return rollbackWith(
        db.transaction(async (trx): Promise<HoldResult> => {
          if (input.limits || input.promoCode !== undefined) {
            // Counted under the customer's lock and before anything is written, so concurrent
            // holds by one customer are judged one after another on what the others committed.
            // The per-customer cap of a promo code is counted under this lock too.
            await lockCustomer(trx, pg, input.userId);
            if (input.limits) {
              const activity = await holdActivity(trx, {
                userId: input.userId,
                eventId: input.eventId,
                now,
                since: now - NEW_HOLDS_PER_CUSTOMER.windowMs,
                limit: NEW_HOLDS_PER_CUSTOMER.limit,
              });
              const allowance = decideHoldAllowance({
                requestedSeats: seatIds.length,
                heldSeats: activity.heldSeats,
                maxHeldSeats: input.limits.maxHeldSeats,
                recentHolds: activity.recentHolds,
                now,
              });
              if (!allowance.ok) return allowance;
            }
          }
          if (input.counter) {
            // Shift first (the order every counter step locks in): a shift cannot close while a
            // sale is being held into it, and closing waits for this one to commit and count it.
            const shift = await lockShift(trx, input.counter.shiftId);
            const move = decideCounterMove(shift && { staffId: shift.staff_id, status: shift.status }, input.userId);
            if (!move.ok) return move;
          }
          // Shared lock: a cancellation of the showtime (which updates this row) waits for this hold
          // to commit and then cancels it too, or this hold waits and sees the showtime cancelled.
          const event = await trx
            .selectFrom('events')
            .select(['id', 'cancelled_at', 'movie_id'])
            .where('id', '=', input.eventId)
            .where('deleted_at', 'is', null)
            .where('start_time', '>', now)
            .$if(pg, (q) => q.forShare())
            .executeTakeFirst();
          if (!event) return { ok: false, code: 'EVENT_GONE' };
          if (event.cancelled_at !== null) return { ok: false, code: 'SHOWTIME_CANCELLED' };
          // Priced from the card as it is in this transaction (the service checked the types
          // before; an admin may have changed the card since).
          const pricing = await pricingContext(trx, input.eventId);
          if (!pricing) return { ok: false, code: 'EVENT_GONE' };
          const typed = decideTicketTypes({ seatIds, requested: input.ticketTypes, ...pricing });
          if (!typed.ok) return typed;
          if (pg) {
            // Lock in id order so two overlapping holds queue instead of deadlocking.
            await trx.selectFrom('seats').select('id').where('id', 'in', seatIds).orderBy('id').forUpdate().execute();
          }
          const booking = await trx
            .insertInto('bookings')
            .values({
              reference: input.reference,
              user_id: input.userId,
              event_id: input.eventId,
              status: 'pending',
              total_amount: 0,
              currency: input.currency,
              expires_at: input.expiresAt,
              created_at: now,
              ...(input.counter
                ? {
                    shift_id: input.counter.shiftId,
                    payment_method: input.counter.paymentMethod,
                    customer_email: input.counter.customerEmail,
                  }
                : {}),
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          const claimed = await trx
            .updateTable('seats')
            .set({ status: 'held', booking_id: booking.id, hold_expires_at: input.expiresAt })
            .where('event_id', '=', input.eventId)
            .where('id', 'in', seatIds)
            .where('kind', '!=', 'blocked')
            .where((eb) =>
              eb.or([eb('status', '=', 'available'), eb.and([eb('status', '=', 'held'), eb('hold_expires_at', '<=', now)])]),
            )
            .returning(['id', 'label', 'price', 'category'])
            .execute();
          if (claimed.length !== seatIds.length) {
            const won = new Set(claimed.map((s) => s.id));
            throw new Rollback<HoldResult>({
              ok: false,
              code: 'SEATS_UNAVAILABLE',
              seatIds: seatIds.filter((id) => !won.has(id)),
            });
          }
          claimed.sort((a, b) => a.id - b.id);
          const toPrice = {
            card: pricing.card,
            seats: claimed.map((s) => ({ seatId: s.id, category: s.category, price: s.price })),
            types: typed.types,
          };
          let priced = priceBooking(toPrice);
          let promo: { id: number; code: string; perSeat: Map<number, number> } | null = null;
          if (input.promoCode !== undefined) {
            const code = await findPromoCode(trx, normalizePromoCode(input.promoCode));
            const decided = decidePromoDiscount(code, {
              now,
              movieId: event.movie_id,
              eventId: input.eventId,
              seats: priced.seats.map((s) => ({ seatId: s.seatId, type: s.type, price: s.price })),
              userUses: code && !input.counter ? await liveUsesBy(trx, code.id, input.userId) : 0,
              atCounter: input.counter !== undefined,
            });
            if (!decided.ok) throw new Rollback<HoldResult>(decided);
            // After the seats are claimed: a hold that loses its seats never counted a use.
            if (!(await takePromoUse(trx, decided.promo.id))) {
              throw new Rollback<HoldResult>({
                ok: false,
                code: 'PROMO_CODE_USED_UP',
                detail: `Promo code ${decided.promo.code} has been used up`,
              });
            }
            promo = { id: decided.promo.id, code: decided.promo.code, perSeat: decided.perSeat };
            priced = priceBooking({ ...toPrice, adjustments: [{ code: decided.promo.code, amount: decided.discount }] });
          }
          const discount = priced.subtotal - priced.total;
          const total = priced.total;
          const held: HeldSeat[] = claimed.map((s, i) => {
            const p = priced.seats[i] as (typeof priced.seats)[number];
            return {
              id: s.id,
              label: s.label,
              category: s.category,
              type: p.type,
              base: p.base,
              surcharge: p.surcharge,
              price: p.price,
              discount: promo?.perSeat.get(s.id) ?? 0,
            };
          });
          await trx
            .insertInto('booking_seats')
            .values(
              held.map((s) => ({
                booking_id: booking.id,
                seat_id: s.id,
                label: s.label,
                price: s.price,
                ticket_type: s.type,
                surcharge: s.surcharge,
                discount: s.discount,
              })),
            )
            .execute();
          await trx
            .updateTable('bookings')
            .set({ total_amount: total, discount_amount: discount, promo_code: promo?.code ?? null })
            .where('id', '=', booking.id)
            .execute();
          if (promo) {
            await trx
              .insertInto('promo_redemptions')
              .values({ promo_code_id: promo.id, booking_id: booking.id, user_id: input.userId, discount, created_at: now })
              .execute();
          }
          await appendAudit(trx, [
            {
              at: now,
              actor_id: input.actor?.id ?? null,
              actor_email: input.actor?.email ?? null,
              action: 'booking.hold',
              target_type: 'booking',
              target_id: input.reference,
              details: {
                seat_ids: claimed.map((s) => s.id),
                amount: total,
                ...(promo ? { promo_code: promo.code, discount } : {}),
                ...(held.some((s) => s.type !== 'adult')
                  ? { ticket_types: Object.fromEntries(held.map((s) => [s.id, s.type])) }
                  : {}),
              },
              ip: input.actor?.ip ?? null,
              outcome: 'success',
            },
          ]);
          await enqueueEffects(
            trx,
            seatChangeEffects(claimed.map((s) => ({ event_id: input.eventId, seat_id: s.id, status: 'held' as const }))),
            now,
          );
          return {
            ok: true,
            bookingId: booking.id,
            seats: held,
            card: pricing.card,
            subtotal: priced.subtotal,
            discount,
            promoCode: promo?.code ?? null,
            total,
          };
        }),
      );
    },

    showtimeStart: (eventId: number) =>
      k.selectFrom('events').select('start_time').where('id', '=', eventId).executeTakeFirstOrThrow(),

    findByReference: (reference: string) =>
      k.selectFrom('bookings').selectAll().where('reference', '=', reference).executeTakeFirst(),

    findById: (id: number) => k.selectFrom('bookings').selectAll().where('id', '=', id).executeTakeFirst(),

    /** Every seat the booking ever had, cancelled ones included (what a whole cancellation reports). */
    everySeatOf: (bookingId: number) =>
      k.selectFrom('booking_seats').select('seat_id').where('booking_id', '=', bookingId).orderBy('seat_id').execute(),

    /** The booking's seats still in it (a partly cancelled booking has fewer). */
    seatsOf: (bookingId: number) =>
      k
        .selectFrom('booking_seats')
        .select(['seat_id', 'label', 'price', 'discount'])
        .where('booking_id', '=', bookingId)
        .where('cancelled_at', 'is', null)
        .orderBy('seat_id')
        .execute(),

    /**
     * Opens a payment for a held booking still inside its hold. The partial unique index on
     * payments lets only one open-or-paid payment exist per booking, so racing confirms cannot
     * both charge. A customer whose cards were declined too often this hour gets no new payment:
     * counted under their lock with the attempts still at the processor, so that concurrent
     * confirms of several bookings cannot together send more cards than the limit.
     */
    async startPayment(booking: BookingRow, now: number, provider: string): Promise<StartPaymentResult> {
      try {
        return await db.transaction(async (trx): Promise<StartPaymentResult> => {
          await lockCustomer(trx, pg, booking.user_id);
          const fresh = await trx
            .selectFrom('bookings')
            .select(['status', 'expires_at'])
            .where('id', '=', booking.id)
            .executeTakeFirstOrThrow();
          if (fresh.status === 'confirmed') return { ok: false, code: 'ALREADY_PAID' };
          if (fresh.status === 'cancelled') return { ok: false, code: 'CANCELLED' };
          if (!(HELD as readonly string[]).includes(fresh.status) || fresh.expires_at <= now)
            return { ok: false, code: 'NOT_PAYABLE' };
          const since = now - DECLINES_PER_CUSTOMER.windowMs;
          const allowance = decidePaymentAttempt({
            recentDeclines: await recentDeclineTimes(trx, booking.user_id, since, DECLINES_PER_CUSTOMER.limit),
            inFlight: await paymentsInFlight(trx, booking.user_id, since),
            now,
          });
          if (!allowance.ok) return { ok: false, code: 'RATE_LIMITED', retryAfterSeconds: allowance.retryAfterSeconds };
          const row = await trx
            .insertInto('payments')
            .values({
              booking_id: booking.id,
              status: 'processing',
              amount: booking.total_amount,
              currency: booking.currency,
              provider,
              created_at: now,
              updated_at: now,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          return { ok: true, paymentId: row.id };
        });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        const paid = await k.selectFrom('bookings').select('status').where('id', '=', booking.id).executeTakeFirst();
        return { ok: false, code: paid?.status === 'confirmed' ? 'ALREADY_PAID' : 'IN_PROGRESS' };
      }
    },

    /** The payment ended without a sale: the processor could not be reached, or (when the decline itself could not be recorded) refused the card. */
    async markPaymentFailed(
      paymentId: number,
      now: number,
      kind: 'provider_error' | 'card_declined' = 'provider_error',
    ): Promise<void> {
      await k
        .updateTable('payments')
        .set({ status: 'declined', failure_kind: kind, updated_at: now })
        .where('id', '=', paymentId)
        .where('status', '=', 'processing')
        .execute();
    },

    /**
     * Records that the processor refused the card and applies what core decides about the
     * booking: after too many refusals it is cancelled and its seats are freed. The decline is
     * audited in the same transaction, so no refused card goes unrecorded.
     */
    recordDecline(input: { bookingId: number; userId: number; paymentId: number; now: number; actor: AuditActor }) {
      const { now } = input;
      return step(
        input.bookingId,
        now,
        async (facts, trx) => {
          // One payment per booking is at the processor at a time (payments_one_live), so the
          // declines of one booking are recorded one after another and this count is exact.
          return transition(facts, { type: 'payment_declined', now, declines: await cardDeclinesOf(trx, input.bookingId) });
        },
        {
          actor: input.actor,
          before: async (trx) => {
            // startPayment counts declines and payments in flight in two statements; without the
            // customer's lock this payment could move from one count to the other between them
            // (READ COMMITTED), and a concurrent start would count it in neither.
            await lockCustomer(trx, pg, input.userId);
            await trx
              .updateTable('payments')
              .set({ status: 'declined', failure_kind: 'card_declined', updated_at: now })
              .where('id', '=', input.paymentId)
              .execute();
          },
        },
      );
    },

    /**
     * The provider took the money. The payment is recorded as succeeded and core decides the
     * rest: a live hold is confirmed; money that came after the hold ran out books the same seats
     * if they are still free, and is otherwise refunded (through the outbox); a repeat does
     * nothing. Safe to call twice, from a customer's return and a webhook at once.
     */
    settlePayment(input: {
      bookingId: number;
      paymentId: number;
      providerPaymentId: string;
      amount: number;
      now: number;
      actor: AuditActor;
      /** The provider's webhook event that brought the news: recorded in this transaction, and a repeat changes nothing. */
      event?: ProviderEventRef;
    }): Promise<StepResult> {
      const { now } = input;
      return step(
        input.bookingId,
        now,
        async (facts, trx, _booking, recorded) =>
          transition(facts, {
            type: 'payment_succeeded',
            now,
            amount: input.amount,
            // The payment was already recorded as succeeded: this is a repeat of old news (a
            // second webhook, a return racing reconciliation) and must not refund or book again.
            alreadyRecorded: recorded === false,
            seatsFree: await seatsFreeFor(
              trx,
              input.bookingId,
              facts.seats.map((s) => s.seatId),
              now,
            ),
          }),
        {
          actor: input.actor,
          paymentId: input.paymentId,
          providerPaymentId: input.providerPaymentId,
          before: async (trx) => {
            if (input.event) await recordProviderEventOnce(trx, input.event, now);
            const updated = await trx
              .updateTable('payments')
              .set({ status: 'succeeded', provider_payment_id: input.providerPaymentId, failure_kind: null, updated_at: now })
              .where('id', '=', input.paymentId)
              .where('status', 'in', ['processing', 'declined'])
              .executeTakeFirst();
            return Number(updated.numUpdatedRows) === 1;
          },
        },
      );
    },

    /** Cancels a whole booking or some of its seats, as core's refund policy allows. */
    cancel(input: {
      bookingId: number;
      by: 'customer' | 'admin';
      seatIds?: number[];
      policy: RefundPolicy;
      now: number;
      actor: AuditActor;
    }): Promise<StepResult> {
      const { now } = input;
      return step(
        input.bookingId,
        now,
        (facts) =>
          transition(facts, {
            type: 'cancel',
            now,
            by: input.by,
            policy: input.policy,
            ...(input.seatIds ? { seatIds: input.seatIds } : {}),
          }),
        { actor: input.actor },
      );
    },

    /**
     * The cinema cancels a showtime, all in one transaction: the showtime is marked cancelled (no
     * hold can start after this commits: holds read it under a shared lock), and every live
     * booking of it goes through the lifecycle's `show_cancelled` step (seats freed, tickets
     * voided, a full refund and an email through the outbox, audit entries). A hold whose time
     * ran out is left to the expiry sweep; money that arrives for it later goes back
     * (`showtimeCancelled` in its facts).
     */
    async cancelShow(input: {
      eventId: number;
      note?: string | null;
      now: number;
      actor: AuditActor;
    }): Promise<Exclude<ShowCancellationDecision, { ok: true }> | { ok: true; bookings: number; refundTotal: number }> {
      const { eventId, now } = input;
      return db.transaction(async (trx) => {
        const show = await trx
          .selectFrom('events')
          .select(['deleted_at', 'cancelled_at', 'end_time'])
          .where('id', '=', eventId)
          // NO KEY UPDATE: holds (which read this row FOR SHARE) wait for the cancellation, but
          // the key-share locks of foreign-key checks (a ticket or a booking inserted for this
          // showtime by a step that holds its booking) do not, so neither waits for the other.
          .$if(pg, (q) => q.forNoKeyUpdate())
          .executeTakeFirst();
        const decision = decideShowCancellation(
          show && { deletedAt: show.deleted_at, cancelledAt: show.cancelled_at, endTime: show.end_time },
          { now, note: input.note ?? null },
        );
        if (!decision.ok) return decision;
        await trx
          .updateTable('events')
          .set({ cancelled_at: now, cancel_note: decision.note })
          .where('id', '=', eventId)
          .execute();
        const live = await trx
          .selectFrom('bookings')
          .select('id')
          .where('event_id', '=', eventId)
          .where('status', 'in', [...HELD, 'confirmed'])
          .orderBy('id')
          // Every live booking locked, in id order, before any of them is changed: a step holds
          // one booking and then what it touches (its seats, a promo code's row), so it can only
          // make this wait, never wait for something this already holds.
          .$if(pg, (q) => q.forUpdate())
          .execute();
        // Nobody is offered seats of a showtime that will not play: its queue is closed.
        await trx
          .updateTable('waitlist_entries')
          .set({ status: 'left', updated_at: now })
          .where('event_id', '=', eventId)
          .where('status', '=', 'waiting')
          .execute();
        let bookings = 0;
        let refundTotal = 0;
        for (const { id } of live) {
          const { booking, facts } = await factsOf(trx, id);
          const step = transition(facts, { type: 'show_cancelled', now });
          if (!step.ok) continue; // an expired hold: nothing to give back
          await applyTransition(trx, { booking, decision: step, now, actor: input.actor, publicUrl });
          bookings++;
          refundTotal += step.refund;
        }
        await appendAudit(trx, [
          {
            at: now,
            actor_id: input.actor?.id ?? null,
            actor_email: input.actor?.email ?? null,
            action: 'showtime.cancel',
            target_type: 'event',
            target_id: String(eventId),
            details: { bookings, refund_total: refundTotal, note: decision.note },
            ip: input.actor?.ip ?? null,
            outcome: 'success',
          },
        ]);
        return { ok: true as const, bookings, refundTotal };
      });
    },

    /** The refund went through at the provider: recorded, and a payment refunded in full says so. */
    async completeRefund(refundId: number, providerRefundId: string | null, now: number): Promise<void> {
      await db.transaction(async (trx) => {
        const refund = await trx
          .updateTable('refunds')
          .set({ status: 'succeeded', provider_refund_id: providerRefundId, updated_at: now })
          .where('id', '=', refundId)
          .returning(['payment_id'])
          .executeTakeFirst();
        if (!refund) return;
        await markPaymentRefundedIfFull(trx, refund.payment_id, providerRefundId, now);
      });
    },

    refundToSend: (refundId: number) =>
      k
        .selectFrom('refunds')
        .innerJoin('payments', 'payments.id', 'refunds.payment_id')
        .select([
          'refunds.id',
          'refunds.amount',
          'refunds.currency',
          'refunds.status',
          'refunds.shift_id',
          'payments.provider',
          'payments.provider_payment_id',
        ])
        .where('refunds.id', '=', refundId)
        .executeTakeFirst(),

    /** Payments still 'processing' since before `before`: their request died between the provider and the commit. */
    unsettledPayments: (before: number) =>
      k
        .selectFrom('payments')
        .innerJoin('bookings', 'bookings.id', 'payments.booking_id')
        .select([
          'payments.id',
          'payments.booking_id',
          'payments.amount',
          'payments.provider',
          'payments.provider_intent_id',
          'payments.created_at',
          'bookings.user_id',
        ])
        .where('payments.status', '=', 'processing')
        .where('payments.created_at', '<', before)
        .orderBy('payments.id')
        .limit(100)
        .execute(),

    /**
     * Frees every hold that has run out and marks its booking expired, as core decides for each.
     * Safe to run from many instances at once: each booking row changes once (its conditional
     * UPDATE), and only that caller reports it.
     */
    async releaseExpiredHolds(now: number): Promise<{ changes: SeatChangeRow[]; expiredBookings: number }> {
      return db.transaction(async (trx) => {
        // Bookings first, then their seats: the order every lifecycle step takes its locks in, so
        // the sweeper never deadlocks with a late payment or a cancel. A booking another
        // transaction holds right now is left for the next sweep (SKIP LOCKED).
        const due = await trx
          .selectFrom('bookings')
          .select(['id', 'reference', 'status', 'expires_at', 'hold_extended_at'])
          .where('status', 'in', HELD)
          .where('expires_at', '<=', now)
          .orderBy('id')
          .limit(EXPIRE_PER_SWEEP)
          .$if(pg, (q) => q.forUpdate().skipLocked())
          .execute();
        const expired = due
          .map((b) => ({
            booking: b,
            decision: transition(
              // Expiry depends on the state and the hold alone; the seats go with the booking.
              {
                status: b.status,
                expiresAt: b.expires_at,
                seats: [],
                holdExtendedAt: b.hold_extended_at,
                showtimeStart: Infinity,
              },
              { type: 'expire', now },
            ),
          }))
          .filter((d) => d.decision.ok);
        const ids = expired.map((e) => e.booking.id);
        if (ids.length === 0) return { changes: [], expiredBookings: 0 };
        if (pg) {
          await trx.selectFrom('seats').select('id').where('booking_id', 'in', ids).orderBy('id').forUpdate().execute();
        }
        await trx.updateTable('bookings').set({ status: 'expired' }).where('id', 'in', ids).execute();
        // Promo codes get these bookings' uses back, in this same transaction.
        await givePromoUsesBack(trx, ids, now);
        const freed = await trx
          .updateTable('seats')
          .set({ status: 'available', booking_id: null, hold_expires_at: null })
          .where('booking_id', 'in', ids)
          .where('status', '=', 'held')
          .returning(['id', 'event_id'])
          .execute();
        const changes: SeatChangeRow[] = freed.map((s) => ({
          event_id: s.event_id,
          seat_id: s.id,
          status: 'available' as const,
        }));
        // The expiry is a booking state change like any other: the audit log records it, in the
        // same transaction, with no actor (the system did it).
        await appendAudit(
          trx,
          expired.flatMap(({ booking, decision }) =>
            decision.ok
              ? decision.effects
                  .filter((e) => e.kind === 'audit')
                  .map((e) => ({
                    at: now,
                    actor_id: null,
                    actor_email: null,
                    action: e.action,
                    target_type: 'booking',
                    target_id: booking.reference,
                    details: e.details,
                    ip: null,
                  }))
              : [],
          ),
        );
        await enqueueEffects(trx, seatChangeEffects(changes), now);
        // Seats of holds that ran out go to the showtimes' waitlists first (an offer not paid
        // for runs out here too, and its seats go to the next in line).
        if (changes.length > 0) {
          changes.push(...(await offerFreedSeats(trx, { eventIds: changes.map((c) => c.event_id), now, publicUrl, pg })));
        }
        return { changes, expiredBookings: expired.length };
      });
    },
  };
}

export type BookingStore = ReturnType<typeof bookingStore>;
