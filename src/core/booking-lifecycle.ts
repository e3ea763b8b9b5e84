/**
 * The booking lifecycle: every state a booking can be in, the events that move it, and for each
 * transition the decision and the effects that must follow it, returned as data. This is the
 * only place that decides; stores apply a decision and record its effects in one transaction.
 *
 *   pending ──start_checkout──> awaiting_payment          (a provider's checkout; hold extended once)
 *   pending | awaiting_payment ──payment_succeeded──> confirmed        (hold alive, or seats still free)
 *   pending | awaiting_payment | expired ──payment_succeeded──> (unchanged) + refund   (seats taken)
 *   pending | awaiting_payment ──payment_declined──> (unchanged) | cancelled   (too many declines)
 *   pending | awaiting_payment ──cancel──> cancelled                    (whole booking, nothing paid)
 *   confirmed ──cancel──> cancelled | confirmed (some seats)            (refund per policy)
 *   pending | awaiting_payment | confirmed ──show_cancelled──> cancelled  (the cinema cancelled the show: full refund)
 *   pending | awaiting_payment ──expire──> expired                      (hold ran out)
 *   confirmed | cancelled | expired ──dispute_opened──> (unchanged, flagged for staff)
 *   cancelled ──payment_succeeded──> cancelled + refund                 (money after a cancel)
 *
 * Tickets follow the money: every seat sold by a confirmation gets a ticket ('issue'); seats of a
 * paid booking given back by a cancellation lose theirs ('void'). Unpaid seats never had any.
 */
import { decideAfterDecline, MAX_DECLINES_PER_BOOKING } from './payment-declines.js';
import { quoteRefund, type RefundPolicy } from './refund-policy.js';

export type LifecycleStatus = 'pending' | 'awaiting_payment' | 'confirmed' | 'cancelled' | 'expired';
export const LIFECYCLE_STATUSES: readonly LifecycleStatus[] = [
  'pending',
  'awaiting_payment',
  'confirmed',
  'cancelled',
  'expired',
];

/** What the lifecycle needs to know about a booking. */
export type BookingFacts = {
  status: LifecycleStatus;
  expiresAt: number;
  /** The booking's seats still active (not cancelled), with their prices in minor units. */
  seats: { seatId: number; price: number }[];
  /** Set once the hold was extended for a provider's checkout. */
  holdExtendedAt: number | null;
  showtimeStart: number;
  /**
   * The cinema cancelled the showtime: money that arrives now goes back, whatever the seats.
   * Absent: it goes ahead (only a payment's outcome depends on this).
   */
  showtimeCancelled?: boolean;
};

export type LifecycleEvent =
  | { type: 'start_checkout'; now: number; holdTtlMs: number }
  | {
      type: 'payment_succeeded';
      now: number;
      amount: number;
      /** Late money: whether every one of the booking's seats is free to sell again right now. */
      seatsFree: boolean;
      /** This payment's success was recorded before: old news, which changes nothing. */
      alreadyRecorded?: boolean;
    }
  | { type: 'payment_declined'; now: number; declines: number }
  | {
      type: 'cancel';
      now: number;
      by: 'customer' | 'admin';
      /** Absent: the whole booking. */
      seatIds?: number[];
      policy: RefundPolicy;
    }
  | { type: 'expire'; now: number }
  | { type: 'dispute_opened'; now: number }
  /** The cinema cancelled the showtime: every seat goes back and every penny with it, whatever the policy. */
  | { type: 'show_cancelled'; now: number };

export type EmailTemplate = 'booking_confirmed' | 'booking_cancelled' | 'late_payment_refunded' | 'show_cancelled';

/** Effects of a transition, in the order they must happen. */
export type LifecycleEffect =
  /** Seats change hands: 'book' sells the held seats, 'release' frees them, 'reclaim' holds free seats again then sells them. */
  | { kind: 'seats'; action: 'book' | 'release' | 'reclaim'; seatIds: number[] }
  /** One ticket per seat: issued when the seats are sold, voided when paid seats are cancelled. */
  | { kind: 'tickets'; action: 'issue' | 'void'; seatIds: number[] }
  | { kind: 'refund'; amount: number; reason: RefundReason }
  | { kind: 'email'; template: EmailTemplate }
  /** `system`: the service did it by itself, whoever's request set it off (no actor in the log). */
  | { kind: 'audit'; action: string; details: Record<string, unknown>; system?: true };

/** Why money goes back. */
export type RefundReason = 'cancelled' | 'late_payment' | 'paid_after_cancel' | 'show_cancelled';

/** Why the service (not the customer) cancelled a booking. */
export type BookingCancelReason = 'too_many_declines' | 'show_cancelled';

export type LifecycleRefusal =
  | 'ALREADY_CANCELLED'
  | 'EXPIRED'
  | 'NOT_PAID'
  | 'ALREADY_PAID'
  | 'HOLD_EXPIRED'
  | 'CUTOFF_PASSED'
  | 'SHOWTIME_STARTED'
  | 'SEATS_NOT_IN_BOOKING'
  | 'PARTIAL_UNPAID'
  | 'NOT_DUE'
  | 'ILLEGAL';

export type Transition =
  | {
      ok: true;
      /** The state after the event (may equal the one before). */
      status: LifecycleStatus;
      /** New hold expiry, when the transition moves it (the seats' holds move with it). */
      expiresAt?: number;
      /** Set when the customer's bank disputes the charge: staff see the booking flagged. */
      disputedAt?: number;
      /** Cancelled by the service or the cinema, not at the customer's request. */
      cancelReason?: BookingCancelReason;
      /** Money given back by this transition, minor units (0 when none). */
      refund: number;
      fee: number;
      effects: LifecycleEffect[];
    }
  | { ok: false; code: LifecycleRefusal; deadline?: number };

const refuse = (code: LifecycleRefusal, deadline?: number): Transition =>
  deadline === undefined ? { ok: false, code } : { ok: false, code, deadline };

/** A held booking whose hold has run out counts as expired, whether or not the sweeper got to it. */
export function effectiveStatus(facts: Pick<BookingFacts, 'status' | 'expiresAt'>, now: number): LifecycleStatus {
  const held = facts.status === 'pending' || facts.status === 'awaiting_payment';
  return held && facts.expiresAt <= now ? 'expired' : facts.status;
}

/** A refund effect, or none when there is nothing to give back (a free booking). */
const refundOf = (amount: number, reason: 'late_payment' | 'paid_after_cancel'): LifecycleEffect[] =>
  amount > 0 ? [{ kind: 'refund', amount, reason }] : [];

const isHeld = (status: LifecycleStatus) => status === 'pending' || status === 'awaiting_payment';
const sum = (seats: { price: number }[]) => seats.reduce((total, s) => total + s.price, 0);

export function transition(facts: BookingFacts, event: LifecycleEvent): Transition {
  const seatIds = facts.seats.map((s) => s.seatId);
  const status = effectiveStatus(facts, event.now);
  const same = { status: facts.status, refund: 0, fee: 0 } as const;

  switch (event.type) {
    case 'start_checkout': {
      if (status === 'confirmed') return refuse('ALREADY_PAID');
      if (status === 'cancelled') return refuse('ALREADY_CANCELLED');
      if (status === 'expired') return refuse('HOLD_EXPIRED');
      // The customer is now on the provider's page: give them one more hold period, once.
      if (facts.holdExtendedAt !== null) return { ok: true, status: 'awaiting_payment', refund: 0, fee: 0, effects: [] };
      return {
        ok: true,
        status: 'awaiting_payment',
        expiresAt: facts.expiresAt + event.holdTtlMs,
        refund: 0,
        fee: 0,
        effects: [{ kind: 'audit', action: 'booking.checkout', details: { hold_extended_by_ms: event.holdTtlMs } }],
      };
    }

    case 'payment_succeeded': {
      // A repeat of news already acted on (the booking confirmed, refunded or cancelled since):
      // acting again would refund twice or book seats whose money is on its way back.
      if (event.alreadyRecorded || facts.status === 'confirmed') return { ok: true, ...same, effects: [] };
      if (facts.status === 'cancelled') {
        return {
          ok: true,
          ...same,
          refund: event.amount,
          effects: [
            ...refundOf(event.amount, 'paid_after_cancel'),
            { kind: 'email', template: 'late_payment_refunded' },
            { kind: 'audit', action: 'payment.refund', details: { reason: 'paid_after_cancel', amount: event.amount } },
          ],
        };
      }
      if (status !== 'expired') {
        return {
          ok: true,
          status: 'confirmed',
          refund: 0,
          fee: 0,
          effects: [
            { kind: 'seats', action: 'book', seatIds },
            { kind: 'tickets', action: 'issue', seatIds },
            { kind: 'email', template: 'booking_confirmed' },
            { kind: 'audit', action: 'booking.confirm', details: { amount: event.amount } },
          ],
        };
      }
      // The money came after the hold ran out: sell the same seats if nobody else took them
      // (and the showtime still goes ahead).
      if (event.seatsFree && facts.showtimeCancelled !== true) {
        return {
          ok: true,
          status: 'confirmed',
          refund: 0,
          fee: 0,
          effects: [
            { kind: 'seats', action: 'reclaim', seatIds },
            { kind: 'tickets', action: 'issue', seatIds },
            { kind: 'email', template: 'booking_confirmed' },
            { kind: 'audit', action: 'booking.confirm', details: { amount: event.amount, late: true } },
          ],
        };
      }
      return {
        ok: true,
        status: 'expired',
        refund: event.amount,
        fee: 0,
        effects: [
          ...(facts.status === 'expired' ? [] : [{ kind: 'seats' as const, action: 'release' as const, seatIds }]),
          ...refundOf(event.amount, 'late_payment'),
          { kind: 'email', template: 'late_payment_refunded' },
          { kind: 'audit', action: 'payment.refund', details: { reason: 'late_payment', amount: event.amount } },
        ],
      };
    }

    case 'payment_declined': {
      if (!isHeld(facts.status)) return refuse(facts.status === 'confirmed' ? 'ALREADY_PAID' : 'ILLEGAL');
      const after = decideAfterDecline(event.declines, MAX_DECLINES_PER_BOOKING);
      const audit: LifecycleEffect = {
        kind: 'audit',
        action: 'payment.decline',
        details: { outcome: 'declined', attempt: after.attempt, booking_cancelled: after.cancel },
      };
      if (!after.cancel) return { ok: true, ...same, effects: [audit] };
      return {
        ok: true,
        status: 'cancelled',
        cancelReason: after.reason,
        refund: 0,
        fee: 0,
        effects: [
          { kind: 'seats', action: 'release', seatIds },
          audit,
          { kind: 'audit', action: 'booking.cancel', details: { reason: after.reason }, system: true },
        ],
      };
    }

    case 'cancel': {
      if (status === 'cancelled') return refuse('ALREADY_CANCELLED');
      if (status === 'expired') return refuse('EXPIRED');
      const chosen = event.seatIds ? [...new Set(event.seatIds)] : seatIds;
      const owned = new Set(seatIds);
      if (chosen.length === 0 || chosen.some((id) => !owned.has(id))) return refuse('SEATS_NOT_IN_BOOKING');
      const whole = chosen.length === seatIds.length;
      if (isHeld(status)) {
        if (!whole) return refuse('PARTIAL_UNPAID');
        return {
          ok: true,
          status: 'cancelled',
          refund: 0,
          fee: 0,
          effects: [
            { kind: 'seats', action: 'release', seatIds },
            { kind: 'audit', action: 'booking.cancel', details: { by: event.by, paid: false } },
          ],
        };
      }
      // confirmed
      const amount = sum(facts.seats.filter((s) => chosen.includes(s.seatId)));
      const quote = quoteRefund({
        amount,
        showtimeStart: facts.showtimeStart,
        now: event.now,
        by: event.by,
        policy: event.policy,
      });
      if (!quote.ok) return refuse(quote.code, quote.deadline);
      return {
        ok: true,
        status: whole ? 'cancelled' : 'confirmed',
        refund: quote.refund,
        fee: quote.fee,
        effects: [
          { kind: 'seats', action: 'release', seatIds: chosen },
          { kind: 'tickets', action: 'void', seatIds: chosen },
          ...(quote.refund > 0 ? [{ kind: 'refund' as const, amount: quote.refund, reason: 'cancelled' as const }] : []),
          { kind: 'email', template: 'booking_cancelled' },
          {
            kind: 'audit',
            action: 'booking.cancel',
            details: { by: event.by, seat_ids: chosen, partial: !whole, refund: quote.refund, fee: quote.fee },
          },
        ],
      };
    }

    case 'expire': {
      if (!isHeld(facts.status)) return refuse('ILLEGAL');
      if (facts.expiresAt > event.now) return refuse('NOT_DUE');
      return {
        ok: true,
        status: 'expired',
        refund: 0,
        fee: 0,
        effects: [
          { kind: 'seats', action: 'release', seatIds },
          { kind: 'audit', action: 'booking.expire', details: { reason: 'hold ran out before payment' } },
        ],
      };
    }

    case 'show_cancelled': {
      if (facts.status === 'cancelled') return refuse('ALREADY_CANCELLED');
      // An expired hold has nothing to give back; its seats are already free (or freed by the sweeper).
      if (status === 'expired') return refuse('EXPIRED');
      const paid = status === 'confirmed';
      const refund = paid ? sum(facts.seats) : 0;
      return {
        ok: true,
        status: 'cancelled',
        cancelReason: 'show_cancelled',
        refund,
        fee: 0,
        effects: [
          { kind: 'seats', action: 'release', seatIds },
          ...(paid ? [{ kind: 'tickets' as const, action: 'void' as const, seatIds }] : []),
          ...(refund > 0 ? [{ kind: 'refund' as const, amount: refund, reason: 'show_cancelled' as const }] : []),
          { kind: 'email', template: 'show_cancelled' },
          { kind: 'audit', action: 'booking.cancel', details: { by: 'cinema', reason: 'show_cancelled', paid, refund } },
        ],
      };
    }

    case 'dispute_opened': {
      // Held bookings have taken no money; any other may have (a late payment refunded, a cancellation).
      if (isHeld(facts.status)) return refuse('NOT_PAID');
      return {
        ok: true,
        ...same,
        disputedAt: event.now,
        effects: [{ kind: 'audit', action: 'payment.dispute', details: {}, system: true }],
      };
    }
  }
}
