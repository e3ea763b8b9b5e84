import { describe, expect, it } from 'vitest';
import { type BookingFacts, effectiveStatus, LIFECYCLE_STATUSES, type LifecycleStatus, transition } from './booking-lifecycle.js';
import { MAX_DECLINES_PER_BOOKING } from './payment-declines.js';
import { DEFAULT_REFUND_POLICY } from './refund-policy.js';

const MIN = 60_000;
const NOW = 10_000 * MIN;
const seats = [
  { seatId: 1, price: 1000 },
  { seatId: 2, price: 1000 },
  { seatId: 3, price: 1500 },
];
const facts = (status: LifecycleStatus, over: Partial<BookingFacts> = {}): BookingFacts => ({
  status,
  expiresAt: NOW + 5 * MIN,
  seats,
  holdExtendedAt: null,
  showtimeStart: NOW + 24 * 60 * MIN,
  ...over,
});
const kinds = (t: ReturnType<typeof transition>) =>
  t.ok
    ? t.effects.map((e) =>
        e.kind === 'seats' || e.kind === 'tickets'
          ? `${e.kind}:${e.action}`
          : e.kind === 'email'
            ? `email:${e.template}`
            : e.kind === 'audit'
              ? `audit:${e.action}`
              : `refund:${e.reason}`,
      )
    : [];

describe('booking lifecycle: holding and paying', () => {
  it('a live hold is confirmed by a payment: seats sold, confirmation mail, audit', () => {
    for (const status of ['pending', 'awaiting_payment'] as const) {
      const t = transition(facts(status), { type: 'payment_succeeded', now: NOW, amount: 3500, seatsFree: false });
      expect(t).toMatchObject({ ok: true, status: 'confirmed', refund: 0 });
      expect(kinds(t)).toEqual(['seats:book', 'tickets:issue', 'email:booking_confirmed', 'audit:booking.confirm']);
      expect(t.ok && t.effects[1]).toEqual({ kind: 'tickets', action: 'issue', seatIds: [1, 2, 3] });
    }
  });

  it('a repeated success changes nothing and sends nothing', () => {
    const t = transition(facts('confirmed'), { type: 'payment_succeeded', now: NOW, amount: 3500, seatsFree: true });
    expect(t).toMatchObject({ ok: true, status: 'confirmed', effects: [] });
  });

  it('money after the hold ran out books the same seats when they are still free', () => {
    for (const status of ['pending', 'awaiting_payment', 'expired'] as const) {
      const t = transition(facts(status, { expiresAt: NOW - 1 }), {
        type: 'payment_succeeded',
        now: NOW,
        amount: 3500,
        seatsFree: true,
      });
      expect(t).toMatchObject({ ok: true, status: 'confirmed', refund: 0 });
      expect(kinds(t)).toEqual(['seats:reclaim', 'tickets:issue', 'email:booking_confirmed', 'audit:booking.confirm']);
    }
  });

  it('money after the hold ran out is refunded in full when someone else has the seats', () => {
    const t = transition(facts('expired', { expiresAt: NOW - 1 }), {
      type: 'payment_succeeded',
      now: NOW,
      amount: 3500,
      seatsFree: false,
    });
    expect(t).toMatchObject({ ok: true, status: 'expired', refund: 3500 });
    expect(kinds(t)).toEqual(['refund:late_payment', 'email:late_payment_refunded', 'audit:payment.refund']);
    // Not yet swept: the dead hold is released as well.
    const unswept = transition(facts('awaiting_payment', { expiresAt: NOW }), {
      type: 'payment_succeeded',
      now: NOW,
      amount: 3500,
      seatsFree: false,
    });
    expect(kinds(unswept)).toEqual([
      'seats:release',
      'refund:late_payment',
      'email:late_payment_refunded',
      'audit:payment.refund',
    ]);
  });

  it('a success already recorded is old news: no second refund, no seats booked while the money goes back', () => {
    for (const status of ['cancelled', 'expired', 'pending'] as const) {
      const t = transition(facts(status, { expiresAt: NOW - 1 }), {
        type: 'payment_succeeded',
        now: NOW,
        amount: 3500,
        seatsFree: true,
        alreadyRecorded: true,
      });
      expect(t).toMatchObject({ ok: true, status, refund: 0, effects: [] });
    }
  });

  it('a late free booking has nothing to refund', () => {
    const t = transition(facts('expired', { expiresAt: NOW - 1 }), {
      type: 'payment_succeeded',
      now: NOW,
      amount: 0,
      seatsFree: false,
    });
    expect(kinds(t)).toEqual(['email:late_payment_refunded', 'audit:payment.refund']);
  });

  it('money for a cancelled booking goes back', () => {
    const t = transition(facts('cancelled'), { type: 'payment_succeeded', now: NOW, amount: 3500, seatsFree: true });
    expect(t).toMatchObject({ ok: true, status: 'cancelled', refund: 3500 });
    expect(kinds(t)).toEqual(['refund:paid_after_cancel', 'email:late_payment_refunded', 'audit:payment.refund']);
  });

  it("a provider's checkout extends the hold once, by one hold period", () => {
    const first = transition(facts('pending'), { type: 'start_checkout', now: NOW, holdTtlMs: 10 * MIN });
    expect(first).toMatchObject({ ok: true, status: 'awaiting_payment', expiresAt: NOW + 15 * MIN });
    expect(kinds(first)).toEqual(['audit:booking.checkout']);
    const again = transition(facts('awaiting_payment', { holdExtendedAt: NOW, expiresAt: NOW + 15 * MIN }), {
      type: 'start_checkout',
      now: NOW + MIN,
      holdTtlMs: 10 * MIN,
    });
    // Already extended once: the hold stays where it is (no new expiry), and nothing is logged again.
    expect(again).toEqual({ ok: true, status: 'awaiting_payment', refund: 0, fee: 0, effects: [] });
  });

  it('refuses a checkout for a paid, cancelled or expired booking', () => {
    const start = { type: 'start_checkout', now: NOW, holdTtlMs: MIN } as const;
    expect(transition(facts('confirmed'), start)).toEqual({ ok: false, code: 'ALREADY_PAID' });
    expect(transition(facts('cancelled'), start)).toEqual({ ok: false, code: 'ALREADY_CANCELLED' });
    expect(transition(facts('expired'), start)).toEqual({ ok: false, code: 'HOLD_EXPIRED' });
    expect(transition(facts('pending', { expiresAt: NOW }), start)).toEqual({ ok: false, code: 'HOLD_EXPIRED' });
  });

  it('a declined card keeps the hold until the last allowed decline, which cancels and frees the seats', () => {
    const kept = transition(facts('pending'), { type: 'payment_declined', now: NOW, declines: MAX_DECLINES_PER_BOOKING - 1 });
    expect(kept).toMatchObject({ ok: true, status: 'pending' });
    expect(kinds(kept)).toEqual(['audit:payment.decline']);
    const last = transition(facts('awaiting_payment'), {
      type: 'payment_declined',
      now: NOW,
      declines: MAX_DECLINES_PER_BOOKING,
    });
    expect(last).toMatchObject({ ok: true, status: 'cancelled', cancelReason: 'too_many_declines' });
    expect(kinds(last)).toEqual(['seats:release', 'audit:payment.decline', 'audit:booking.cancel']);
  });

  it('a decline cannot touch a paid, cancelled or expired booking', () => {
    const decline = { type: 'payment_declined', now: NOW, declines: 1 } as const;
    expect(transition(facts('confirmed'), decline)).toEqual({ ok: false, code: 'ALREADY_PAID' });
    expect(transition(facts('cancelled'), decline)).toEqual({ ok: false, code: 'ILLEGAL' });
    expect(transition(facts('expired'), decline)).toEqual({ ok: false, code: 'ILLEGAL' });
  });
});

describe('booking lifecycle: expiry', () => {
  it('expires a hold that has run out and frees its seats', () => {
    for (const status of ['pending', 'awaiting_payment'] as const) {
      const t = transition(facts(status, { expiresAt: NOW }), { type: 'expire', now: NOW });
      expect(t).toMatchObject({ ok: true, status: 'expired' });
      expect(kinds(t)).toEqual(['seats:release', 'audit:booking.expire']);
    }
  });

  it('refuses to expire a live hold or a finished booking', () => {
    expect(transition(facts('pending'), { type: 'expire', now: NOW })).toEqual({ ok: false, code: 'NOT_DUE' });
    for (const status of ['confirmed', 'cancelled', 'expired'] as const) {
      expect(transition(facts(status, { expiresAt: NOW - 1 }), { type: 'expire', now: NOW })).toEqual({
        ok: false,
        code: 'ILLEGAL',
      });
    }
  });

  it('reads a held booking past its expiry as expired', () => {
    expect(effectiveStatus({ status: 'pending', expiresAt: NOW }, NOW)).toBe('expired');
    expect(effectiveStatus({ status: 'awaiting_payment', expiresAt: NOW + 1 }, NOW)).toBe('awaiting_payment');
    expect(effectiveStatus({ status: 'confirmed', expiresAt: 0 }, NOW)).toBe('confirmed');
  });
});

describe('booking lifecycle: cancelling', () => {
  const cancel = (over: Partial<{ by: 'customer' | 'admin'; seatIds: number[]; now: number }> = {}) =>
    ({ type: 'cancel', now: NOW, by: 'customer', policy: DEFAULT_REFUND_POLICY, ...over }) as const;

  it('an unpaid hold is cancelled whole, with nothing to refund', () => {
    const t = transition(facts('pending'), cancel());
    expect(t).toMatchObject({ ok: true, status: 'cancelled', refund: 0 });
    expect(kinds(t)).toEqual(['seats:release', 'audit:booking.cancel']);
    expect(transition(facts('pending'), cancel({ seatIds: [1] }))).toEqual({ ok: false, code: 'PARTIAL_UNPAID' });
  });

  it('a paid booking is cancelled whole with a full refund before the cut-off', () => {
    const t = transition(facts('confirmed'), cancel());
    expect(t).toMatchObject({ ok: true, status: 'cancelled', refund: 3500, fee: 0 });
    expect(kinds(t)).toEqual([
      'seats:release',
      'tickets:void',
      'refund:cancelled',
      'email:booking_cancelled',
      'audit:booking.cancel',
    ]);
  });

  it('cancels some seats of a paid booking and refunds only those; the rest stays confirmed', () => {
    const t = transition(facts('confirmed'), cancel({ seatIds: [3] }));
    expect(t).toMatchObject({ ok: true, status: 'confirmed', refund: 1500 });
    expect(t.ok && t.effects[0]).toEqual({ kind: 'seats', action: 'release', seatIds: [3] });
    // Only the cancelled seat's ticket is voided; the others stay valid.
    expect(t.ok && t.effects[1]).toEqual({ kind: 'tickets', action: 'void', seatIds: [3] });
    // Naming every seat is the whole booking.
    expect(transition(facts('confirmed'), cancel({ seatIds: [3, 2, 1] }))).toMatchObject({ status: 'cancelled', refund: 3500 });
  });

  it('refuses seats that are not the booking’s, and an empty choice', () => {
    expect(transition(facts('confirmed'), cancel({ seatIds: [4] }))).toEqual({ ok: false, code: 'SEATS_NOT_IN_BOOKING' });
    expect(transition(facts('confirmed'), cancel({ seatIds: [] }))).toEqual({ ok: false, code: 'SEATS_NOT_IN_BOOKING' });
  });

  it('refuses a customer after the cut-off, naming the deadline; an admin still refunds in full', () => {
    const late = NOW + 24 * 60 * MIN - 30 * MIN;
    expect(transition(facts('confirmed'), cancel({ now: late }))).toEqual({
      ok: false,
      code: 'CUTOFF_PASSED',
      deadline: NOW + 23 * 60 * MIN,
    });
    expect(transition(facts('confirmed'), cancel({ now: late, by: 'admin' }))).toMatchObject({ ok: true, refund: 3500 });
  });

  it('deducts the cancellation fee', () => {
    const t = transition(facts('confirmed'), { ...cancel(), policy: { cutoffMinutes: 60, feeMinor: 200, feePercent: 10 } });
    expect(t).toMatchObject({ ok: true, refund: 3500 - 200 - 350, fee: 550 });
  });

  it('cannot cancel twice, or cancel an expired hold', () => {
    expect(transition(facts('cancelled'), cancel())).toEqual({ ok: false, code: 'ALREADY_CANCELLED' });
    expect(transition(facts('expired'), cancel())).toEqual({ ok: false, code: 'EXPIRED' });
    expect(transition(facts('pending', { expiresAt: NOW }), cancel())).toEqual({ ok: false, code: 'EXPIRED' });
  });
});

describe('booking lifecycle: disputes', () => {
  it('flags a paid booking and refuses an unpaid one', () => {
    const flagged = transition(facts('confirmed'), { type: 'dispute_opened', now: NOW });
    expect(flagged).toMatchObject({ ok: true, status: 'confirmed', disputedAt: NOW, refund: 0 });
    expect(kinds(flagged)).toEqual(['audit:payment.dispute']);
    expect(transition(facts('pending'), { type: 'dispute_opened', now: NOW })).toEqual({ ok: false, code: 'NOT_PAID' });
    expect(transition(facts('awaiting_payment'), { type: 'dispute_opened', now: NOW })).toEqual({ ok: false, code: 'NOT_PAID' });
  });

  it('flags money that came late and was refunded, or came after a cancellation, without changing the booking', () => {
    for (const status of ['expired', 'cancelled'] as const) {
      expect(transition(facts(status), { type: 'dispute_opened', now: NOW })).toMatchObject({
        ok: true,
        status,
        disputedAt: NOW,
      });
    }
  });
});

describe('booking lifecycle: the cinema cancels the showtime', () => {
  const cancelled = { type: 'show_cancelled', now: NOW } as const;

  it('a paid booking: seats freed, tickets voided, every seat refunded in full (no fee, even past the cutoff), email, audit', () => {
    // Ten minutes before the film: a customer could no longer cancel, the cinema's cancellation refunds anyway.
    const t = transition(facts('confirmed', { showtimeStart: NOW + 10 * MIN }), cancelled);
    expect(t).toMatchObject({ ok: true, status: 'cancelled', cancelReason: 'show_cancelled', refund: 3500, fee: 0 });
    expect(kinds(t)).toEqual([
      'seats:release',
      'tickets:void',
      'refund:show_cancelled',
      'email:show_cancelled',
      'audit:booking.cancel',
    ]);
  });

  it('a held booking: seats freed and the customer told, nothing to refund', () => {
    for (const status of ['pending', 'awaiting_payment'] as const) {
      const t = transition(facts(status), cancelled);
      expect(t).toMatchObject({ ok: true, status: 'cancelled', cancelReason: 'show_cancelled', refund: 0 });
      expect(kinds(t)).toEqual(['seats:release', 'email:show_cancelled', 'audit:booking.cancel']);
    }
  });

  it('a free booking (every seat priced 0) is cancelled with no refund effect', () => {
    const free = [{ seatId: 1, price: 0 }];
    const t = transition(facts('confirmed', { seats: free }), cancelled);
    expect(t).toMatchObject({ ok: true, refund: 0 });
    expect(kinds(t)).not.toContain('refund:show_cancelled');
  });

  it('a hold that has run out is left to expire; a cancelled booking stays as it is', () => {
    expect(transition(facts('pending', { expiresAt: NOW - 1 }), cancelled)).toEqual({ ok: false, code: 'EXPIRED' });
    expect(transition(facts('cancelled'), cancelled)).toEqual({ ok: false, code: 'ALREADY_CANCELLED' });
  });

  it('money that arrives after the showtime was cancelled goes back, even when the seats are free', () => {
    const late = transition(facts('expired', { expiresAt: NOW - 1, showtimeCancelled: true }), {
      type: 'payment_succeeded',
      now: NOW,
      amount: 3500,
      seatsFree: true,
    });
    expect(late).toMatchObject({ ok: true, status: 'expired', refund: 3500 });
    expect(kinds(late)).toEqual(['refund:late_payment', 'email:late_payment_refunded', 'audit:payment.refund']);
    // The same payment for a showtime that goes ahead sells the seats again.
    const reclaimed = transition(facts('expired', { expiresAt: NOW - 1 }), {
      type: 'payment_succeeded',
      now: NOW,
      amount: 3500,
      seatsFree: true,
    });
    expect(reclaimed).toMatchObject({ ok: true, status: 'confirmed' });
  });
});

describe('booking lifecycle: every state against every event', () => {
  // Hold alive, show a day away; expire is asked once the hold has run out.
  const events = {
    start_checkout: { type: 'start_checkout', now: NOW, holdTtlMs: MIN },
    payment_succeeded: { type: 'payment_succeeded', now: NOW, amount: 3500, seatsFree: true },
    payment_declined: { type: 'payment_declined', now: NOW, declines: 1 },
    cancel: { type: 'cancel', now: NOW, by: 'customer', policy: DEFAULT_REFUND_POLICY },
    expire: { type: 'expire', now: NOW + 5 * MIN },
    dispute_opened: { type: 'dispute_opened', now: NOW },
    show_cancelled: { type: 'show_cancelled', now: NOW },
  } as const;
  // The state after the event, or the refusal code.
  const table: Record<LifecycleStatus, Record<keyof typeof events, string>> = {
    pending: {
      start_checkout: 'awaiting_payment',
      payment_succeeded: 'confirmed',
      payment_declined: 'pending',
      cancel: 'cancelled',
      expire: 'expired',
      dispute_opened: 'NOT_PAID',
      show_cancelled: 'cancelled',
    },
    awaiting_payment: {
      start_checkout: 'awaiting_payment',
      payment_succeeded: 'confirmed',
      payment_declined: 'awaiting_payment',
      cancel: 'cancelled',
      expire: 'expired',
      dispute_opened: 'NOT_PAID',
      show_cancelled: 'cancelled',
    },
    confirmed: {
      start_checkout: 'ALREADY_PAID',
      payment_succeeded: 'confirmed',
      payment_declined: 'ALREADY_PAID',
      cancel: 'cancelled',
      expire: 'ILLEGAL',
      dispute_opened: 'confirmed',
      show_cancelled: 'cancelled',
    },
    cancelled: {
      start_checkout: 'ALREADY_CANCELLED',
      payment_succeeded: 'cancelled',
      payment_declined: 'ILLEGAL',
      cancel: 'ALREADY_CANCELLED',
      expire: 'ILLEGAL',
      dispute_opened: 'cancelled',
      show_cancelled: 'ALREADY_CANCELLED',
    },
    expired: {
      start_checkout: 'HOLD_EXPIRED',
      payment_succeeded: 'confirmed', // late money, seats still free
      payment_declined: 'ILLEGAL',
      cancel: 'EXPIRED',
      expire: 'ILLEGAL',
      dispute_opened: 'expired',
      show_cancelled: 'EXPIRED',
    },
  };
  for (const status of LIFECYCLE_STATUSES) {
    for (const [name, event] of Object.entries(events) as [keyof typeof events, (typeof events)[keyof typeof events]][]) {
      it(`${status} + ${name} → ${table[status][name]}`, () => {
        const t = transition(facts(status), event);
        expect(t.ok ? t.status : t.code).toBe(table[status][name]);
      });
    }
  }
});

describe('booking lifecycle: audit actions', () => {
  it('names only actions the audit screen can label', async () => {
    const { AUDIT_LABELS } = await import('./audit-labels.js');
    const events = [
      { type: 'payment_succeeded', now: NOW, amount: 1, seatsFree: false },
      { type: 'payment_declined', now: NOW, declines: MAX_DECLINES_PER_BOOKING },
      { type: 'cancel', now: NOW, by: 'customer', policy: DEFAULT_REFUND_POLICY },
      { type: 'expire', now: NOW + 10 * MIN },
      { type: 'dispute_opened', now: NOW },
      { type: 'show_cancelled', now: NOW },
    ] as const;
    for (const status of LIFECYCLE_STATUSES) {
      for (const event of events) {
        const t = transition(facts(status), event);
        for (const effect of t.ok ? t.effects : []) {
          if (effect.kind === 'audit') expect(Object.keys(AUDIT_LABELS)).toContain(effect.action);
        }
      }
    }
  });
});

describe('booking lifecycle: tickets', () => {
  const ticketEffects = (t: ReturnType<typeof transition>) => (t.ok ? t.effects.filter((e) => e.kind === 'tickets') : []);

  it('only money that sells seats issues tickets, and only paid seats given back void them', () => {
    const events = [
      { type: 'start_checkout', now: NOW, holdTtlMs: MIN },
      { type: 'payment_succeeded', now: NOW, amount: 1, seatsFree: false },
      { type: 'payment_declined', now: NOW, declines: MAX_DECLINES_PER_BOOKING },
      { type: 'cancel', now: NOW, by: 'customer', policy: DEFAULT_REFUND_POLICY },
      { type: 'expire', now: NOW + 10 * MIN },
      { type: 'dispute_opened', now: NOW },
      { type: 'show_cancelled', now: NOW },
    ] as const;
    const seen: string[] = [];
    for (const status of LIFECYCLE_STATUSES) {
      for (const event of events) {
        const t = transition(facts(status), event);
        for (const e of ticketEffects(t)) seen.push(`${status}/${event.type}/${e.kind === 'tickets' ? e.action : ''}`);
      }
    }
    expect(seen.sort()).toEqual([
      'awaiting_payment/payment_succeeded/issue',
      'confirmed/cancel/void',
      'confirmed/show_cancelled/void',
      'pending/payment_succeeded/issue',
    ]);
  });

  it('money that comes too late and is refunded issues no tickets', () => {
    const t = transition(facts('expired', { expiresAt: NOW - 1 }), {
      type: 'payment_succeeded',
      now: NOW,
      amount: 3500,
      seatsFree: false,
    });
    expect(ticketEffects(t)).toEqual([]);
  });
});
