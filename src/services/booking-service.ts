import type {
  Booking,
  BookSeatsBody,
  CancelBookingResponse,
  CancellationQuote,
  ConfirmPaymentBody,
  ConfirmPaymentResponse,
  ConfirmPaymentResult,
  HoldResponse,
} from '../contract/bookings.js';
import { AppError, validationError } from '../contract/errors.js';
import { type LifecycleRefusal, transition } from '../core/booking-lifecycle.js';
import { findCardProblems } from '../core/card.js';
import { isExemptFromHoldLimits } from '../core/hold-limits.js';
import { checkHoldRequest, decideConfirm, decideHold } from '../core/holds.js';
import { toMajorUnits } from '../core/money.js';
import { MAX_DECLINES_PER_BOOKING } from '../core/payment-declines.js';
import { makeBookingReference } from '../core/reference.js';
import type { Role } from '../core/roles.js';
import { toIso } from '../core/schedule.js';
import { decideTicketTypes, ticketLabel } from '../core/ticket-pricing.js';
import { type BookingQuery, bookingReadStore } from '../db/stores/booking-read-store.js';
import {
  type AuditActor,
  type BookingRow,
  bookingStore,
  type CounterSale,
  type SeatChangeRow,
  type StepResult,
} from '../db/stores/booking-store.js';
import { isUniqueViolation } from '../db/stores/hall-store.js';
import { priceCardOf, pricingStore } from '../db/stores/pricing-store.js';
import { webhookVerifier } from '../payments/stripe-provider.js';
import { checkoutService } from './checkout-service.js';
import type { Deps } from './deps.js';
import { presentBooking } from './presenters.js';
import { seatingService } from './seating.js';
import { stripeWebhookService } from './stripe-webhook-service.js';

/** The cinema cancelled this showtime: nothing of it can be held or sold any more. */
const showtimeCancelled = () =>
  new AppError('SHOWTIME_CANCELLED', 'The cinema has cancelled this showtime; its seats are no longer on sale');

const seatsUnavailable = (seatIds: number[]) =>
  new AppError('SEATS_UNAVAILABLE', `Seat ${seatIds.join(', ')} is no longer available`, { seat_ids: seatIds });

export type Actor = { id: number; role: Role; email?: string; ip?: string };

const auditActor = (actor: Actor): AuditActor => ({ id: actor.id, email: actor.email ?? null, ip: actor.ip ?? null });

/** A payment still 'processing' this long after it started lost its request: reconciliation asks the provider. */
export const SETTLE_UNFINISHED_PAYMENTS_AFTER_MS = 2 * 60_000;

/** The provider's idempotency key for one payment attempt: a retry, or a lookup after a crash, names the same attempt. */
const chargeKey = (paymentId: number) => `charge-${paymentId}`;

export function bookingService(deps: Deps) {
  const store = bookingStore(deps.db, { publicUrl: deps.config.publicUrl });
  const reads = bookingReadStore(deps.db);
  const pricing = pricingStore(deps.db);
  const seating = seatingService(deps);
  const { clock, config } = deps;

  /**
   * After a commit that changed seats: this instance's caches forget the showtime at once, and
   * the outbox worker is woken to deliver what the transaction recorded (the seat push itself,
   * emails, refunds), durably and in order.
   */
  function committed(changes: SeatChangeRow[] = []) {
    for (const eventId of new Set(changes.map((c) => c.event_id))) deps.bus.touch(eventId);
    deps.outbox?.kick();
  }

  /** Someone else's booking is reported exactly like a missing one, so references cannot be probed. */
  async function findOwned(reference: string, actor: Actor, allowAdmin: boolean): Promise<BookingRow> {
    const booking = await store.findByReference(reference.trim().toUpperCase());
    if (!booking || (booking.user_id !== actor.id && !(allowAdmin && actor.role === 'admin'))) {
      throw new AppError('BOOKING_NOT_FOUND', `Booking ${reference} not found`);
    }
    return booking;
  }

  async function releaseExpiredHolds(): Promise<number> {
    const { changes, expiredBookings } = await store.releaseExpiredHolds(clock.now());
    if (changes.length > 0 || expiredBookings > 0) committed(changes);
    deps.metrics?.holdExpiries.inc(expiredBookings);
    return changes.length;
  }

  /** A refused ticket type, as the customer should read it. */
  function ticketTypeError(refusal: Exclude<ReturnType<typeof decideTicketTypes>, { ok: true }>): AppError {
    switch (refusal.code) {
      case 'SEAT_NOT_SELECTED':
        return validationError([
          { field: 'body/ticket_types', message: `seat ${refusal.seatIds.join(', ')} is not among seat_ids` },
        ]);
      case 'UNKNOWN_TICKET_TYPE':
        return validationError([
          {
            field: `body/ticket_types/${refusal.seatId}`,
            message: `unknown ticket type "${refusal.type}"; this showtime offers ${refusal.offered.join(', ')}`,
          },
        ]);
      case 'CHILD_TICKET_NOT_ALLOWED':
        return new AppError(
          'CHILD_TICKET_NOT_ALLOWED',
          `Child tickets are not sold for films rated ${refusal.rating} (seat ${refusal.seatIds.join(', ')})`,
          {
            seat_ids: refusal.seatIds,
            errors: [{ field: 'body/ticket_types', message: `film rating ${refusal.rating} refuses child tickets` }],
          },
        );
    }
  }

  function cancelledError(booking: BookingRow): AppError {
    if (booking.cancel_reason === 'too_many_declines') {
      return new AppError(
        'BOOKING_CANCELLED',
        `This booking was cancelled after ${MAX_DECLINES_PER_BOOKING} declined cards; its seats were released`,
      );
    }
    return new AppError('BOOKING_CANCELLED', 'This booking was cancelled');
  }

  function cancelRefusal(result: Exclude<StepResult, { ok: true }>): AppError {
    const deadline = 'deadline' in result && result.deadline !== undefined ? result.deadline : undefined;
    const cutoff = config.refundPolicy.cutoffMinutes;
    const messages: Record<LifecycleRefusal | 'SEATS_LOST' | 'DUPLICATE_EVENT', string> = {
      ALREADY_CANCELLED: 'This booking is already cancelled',
      EXPIRED: 'This booking has expired; its seats were already released',
      SHOWTIME_STARTED: 'The showtime has started; paid bookings can no longer be cancelled',
      CUTOFF_PASSED: `Paid bookings can be cancelled until ${cutoff} minutes before the showtime${deadline !== undefined ? ` (until ${toIso(deadline)})` : ''}; that time has passed`,
      SEATS_NOT_IN_BOOKING: 'Choose seats of this booking to cancel',
      PARTIAL_UNPAID: 'An unpaid booking is cancelled whole; pay for it first to cancel only some seats',
      NOT_PAID: 'This booking is not paid',
      ALREADY_PAID: 'This booking is already paid',
      HOLD_EXPIRED: 'The hold on these seats has expired',
      NOT_DUE: 'This booking changed while cancelling; reload it and try again',
      ILLEGAL: 'This booking changed while cancelling; reload it and try again',
      SEATS_LOST: 'This booking changed while cancelling; reload it and try again',
      DUPLICATE_EVENT: 'This booking changed while cancelling; reload it and try again',
    };
    if (result.code === 'SEATS_NOT_IN_BOOKING') {
      return validationError([{ field: 'body/seat_ids', message: messages.SEATS_NOT_IN_BOOKING }]);
    }
    return new AppError('BOOKING_NOT_CANCELLABLE', messages[result.code]);
  }

  /** With a provider's checkout (Stripe) the card is paid in the browser; see checkout-service.ts. */
  const checkout =
    deps.payments.flow === 'checkout'
      ? checkoutService(deps, deps.payments, {
          store,
          confirmedResult,
          cancelledError,
          committed,
          releaseExpiredHolds,
        })
      : null;

  /** A booking this request's payment step has just confirmed: paid at `paidAt`, its payment id the provider's. */
  function confirmedNow(booking: BookingRow, seatIds: number[], paidAt: number, paymentId: string): ConfirmPaymentResponse {
    return {
      booking_reference: booking.reference,
      status: 'confirmed',
      seat_ids: seatIds,
      total_amount: toMajorUnits(booking.total_amount, booking.currency),
      currency: booking.currency,
      paid_at: toIso(paidAt),
      payment_id: paymentId,
      message: 'Payment confirmed. Enjoy the film!',
    };
  }

  async function confirmedResult(booking: BookingRow): Promise<ConfirmPaymentResponse> {
    const fresh = (await store.findByReference(booking.reference)) ?? booking;
    const seats = await store.seatsOf(booking.id);
    return {
      booking_reference: fresh.reference,
      status: 'confirmed',
      seat_ids: seats.map((s) => s.seat_id),
      total_amount: toMajorUnits(fresh.total_amount, fresh.currency),
      currency: fresh.currency,
      paid_at: toIso(fresh.paid_at ?? clock.now()),
      payment_id: fresh.payment_id ?? '',
      message: 'Payment confirmed. Enjoy the film!',
    };
  }

  const stripeWebhooks =
    checkout && deps.payments.flow === 'checkout' && config.payments.provider === 'stripe'
      ? stripeWebhookService(deps, deps.payments, webhookVerifier(config.payments.webhookSecret), { store, checkout, committed })
      : null;

  return {
    releaseExpiredHolds,

    /** POST /api/payments/stripe/webhook; null unless PAYMENT_PROVIDER=stripe. */
    stripeWebhooks,

    /** `counter`: a box-office sale, held into the staff member's open shift (box-office-service.ts). */
    async holdSeats(body: BookSeatsBody, actor: Actor, counter?: CounterSale): Promise<HoldResponse> {
      const problem = checkHoldRequest(body.seat_ids);
      if (problem) {
        switch (problem.code) {
          case 'EMPTY':
            throw validationError([{ field: 'body/seat_ids', message: 'choose at least one seat' }]);
          case 'TOO_MANY':
            throw validationError([{ field: 'body/seat_ids', message: `at most ${problem.max} seats per booking` }]);
          case 'DUPLICATES':
            throw validationError([{ field: 'body/seat_ids', message: `seat ${problem.seatIds.join(', ')} is listed twice` }]);
        }
      }
      // One read before the transaction: the seats' rows, each with its showtime (see holdPicture).
      const picture = await seating.holdPicture(body.seat_ids);
      const asked = new Set(body.seat_ids);
      const seats = picture.filter((r) => asked.has(r.id));
      const eventIds = [...new Set(seats.map((s) => s.event_id))];
      const shown = eventIds.length === 1 ? seats[0] : undefined;
      const showtime = shown && shown.deleted_at === null ? shown : undefined;
      const now = clock.now();
      const decision = decideHold({
        seatIds: body.seat_ids,
        seats,
        requestedEventId: body.event_id,
        showtime,
        now,
        holdTtlSeconds: config.holdTtlSeconds,
      });
      if (!decision.ok) {
        switch (decision.code) {
          case 'SEAT_NOT_FOUND':
            throw new AppError('SEAT_NOT_FOUND', `Seat ${decision.seatIds.join(', ')} not found`, { seat_ids: decision.seatIds });
          case 'MIXED_SHOWTIMES':
            throw validationError([{ field: 'body/seat_ids', message: 'all seats must belong to one showtime' }]);
          case 'EVENT_MISMATCH':
            throw validationError([{ field: 'body/event_id', message: 'the seats do not belong to this showtime' }]);
          case 'EVENT_STARTED':
            throw validationError([{ field: 'body/seat_ids', message: 'this showtime has already started' }]);
          case 'SHOWTIME_CANCELLED':
            throw showtimeCancelled();
        }
      }

      // Ticket types before the seats: a wrong type is the request's fault whatever the seats are.
      if (body.ticket_types !== undefined) {
        const context = await pricing.pricingContext(decision.eventId);
        if (context) {
          const typed = decideTicketTypes({ seatIds: body.seat_ids, requested: body.ticket_types, ...context });
          if (!typed.ok) throw ticketTypeError(typed);
        }
      }

      // Blocked, protected and couple seats, and no single seat left alone: core decides on a
      // picture of the seats; the claim below still decides who gets them. Seats the picture shows
      // taken are refused here, as the claim would refuse them, without a transaction.
      const taken = await seating.checkHold(
        decision.eventId,
        body.seat_ids,
        body.accessible === true,
        showtime && {
          seating: {
            currency: showtime.currency,
            start_time: showtime.start_time,
            single_seat_rule: showtime.single_seat_rule !== null && showtime.single_seat_rule !== 0,
            card: priceCardOf(showtime),
            rating: showtime.rating,
          },
          rows: picture.filter((r) => r.event_id === decision.eventId),
        },
      );
      if (taken.length > 0) throw seatsUnavailable(taken);

      for (let attempt = 0; ; attempt++) {
        const reference = makeBookingReference(deps.randomBytes);
        try {
          const result = await store.holdSeats({
            reference,
            userId: actor.id,
            eventId: decision.eventId,
            seatIds: body.seat_ids,
            ...(body.ticket_types !== undefined ? { ticketTypes: body.ticket_types } : {}),
            currency: config.currency,
            now,
            expiresAt: decision.expiresAt,
            actor: auditActor(actor),
            limits: isExemptFromHoldLimits(actor.role) ? undefined : { maxHeldSeats: config.maxHeldSeatsPerUser },
            ...(counter ? { counter } : {}),
            ...(body.promo_code !== undefined ? { promoCode: body.promo_code } : {}),
          });
          if (!result.ok) {
            switch (result.code) {
              case 'EVENT_GONE':
                throw validationError([{ field: 'body/seat_ids', message: 'this showtime has already started' }]);
              case 'SHOWTIME_CANCELLED':
                throw showtimeCancelled();
              case 'HOLD_LIMIT':
                throw new AppError(
                  'HOLD_LIMIT',
                  `You can hold at most ${result.max} seats of one showtime at a time; you already hold ${result.held}. ` +
                    'Pay for or cancel a pending booking first.',
                );
              case 'RATE_LIMITED':
                throw new AppError('RATE_LIMITED', 'Too many holds in a short time; please wait before holding more seats', {
                  headers: { 'retry-after': String(result.retryAfterSeconds) },
                });
              case 'SEATS_UNAVAILABLE':
                throw seatsUnavailable(result.seatIds);
              case 'NO_OPEN_SHIFT':
              case 'NOT_YOUR_SHIFT':
                throw new AppError('NO_OPEN_SHIFT', 'Open a shift before selling at the counter');
              case 'SHIFT_CLOSED':
                throw new AppError('SHIFT_CLOSED', 'This shift has closed; its sales are final. Open a new shift to sell');
              case 'SEAT_NOT_SELECTED':
              case 'UNKNOWN_TICKET_TYPE':
              case 'CHILD_TICKET_NOT_ALLOWED':
                throw ticketTypeError(result);
              case 'PROMO_CODE_INVALID':
                throw new AppError('PROMO_CODE_INVALID', result.detail, {
                  errors: [{ field: 'body/promo_code', message: result.detail }],
                });
              case 'PROMO_CODE_USED_UP':
                throw new AppError('PROMO_CODE_USED_UP', result.detail);
            }
          }
          const major = (minor: number) => toMajorUnits(minor, config.currency);
          committed(result.seats.map((s) => ({ event_id: decision.eventId, seat_id: s.id, status: 'held' as const })));
          deps.metrics?.holds.inc();
          return {
            booking_reference: reference,
            event_id: decision.eventId,
            seat_ids: result.seats.map((s) => s.id),
            seats: result.seats.map((s) => s.label),
            breakdown: result.seats.map((s) => ({
              seat_id: s.id,
              seat: s.label,
              category: s.category,
              ticket_type: s.type,
              ticket_label: ticketLabel(result.card, s.type),
              base_price: major(s.base),
              surcharge: major(s.surcharge),
              price: major(s.price),
              ...(result.promoCode === null ? {} : { discount: major(s.discount) }),
            })),
            format: result.card.format,
            subtotal_amount: major(result.subtotal),
            discount_amount: major(result.discount),
            promo_code: result.promoCode,
            total_amount: major(result.total),
            currency: config.currency,
            status: 'pending',
            expires_at: toIso(decision.expiresAt),
            message: `Seats held for ${Math.round(config.holdTtlSeconds / 60)} minutes. Confirm payment to complete your booking.`,
          };
        } catch (error) {
          // A reference collision is astronomically rare; draw again rather than fail the buyer.
          if (attempt < 3 && isUniqueViolation(error)) continue;
          throw error;
        }
      }
    },

    async confirmPayment(body: ConfirmPaymentBody, actor: Actor): Promise<ConfirmPaymentResult> {
      if (checkout) return checkout.confirm(body, await findOwned(body.booking_reference, actor, false), auditActor(actor));
      const processor = deps.payments;
      if (processor.flow !== 'card') throw new Error('a checkout provider without its checkout service');
      const card = body.payment;
      if (!card) throw validationError([{ field: 'body/payment', message: 'is required: the card to pay with' }]);
      const booking = await findOwned(body.booking_reference, actor, false);
      const now = clock.now();
      const decision = decideConfirm({ status: booking.status, expiresAt: booking.expires_at, now });
      if (!decision.ok) {
        if (decision.code === 'CANCELLED') throw cancelledError(booking);
        await releaseExpiredHolds();
        throw new AppError('HOLD_EXPIRED', 'The hold on these seats has expired; please choose seats again');
      }
      if (decision.alreadyConfirmed) return confirmedResult(booking);

      const cardProblems = findCardProblems(card, now);
      if (cardProblems.length > 0) throw validationError(cardProblems);

      const started = await store.startPayment(booking, now, deps.payments.name);
      if (!started.ok) {
        switch (started.code) {
          case 'ALREADY_PAID':
            return confirmedResult(booking);
          case 'IN_PROGRESS':
            throw new AppError('PAYMENT_IN_PROGRESS', 'A payment for this booking is already being processed');
          case 'CANCELLED':
            throw cancelledError((await store.findByReference(booking.reference)) ?? booking);
          case 'RATE_LIMITED':
            throw new AppError('RATE_LIMITED', 'Too many declined cards in the last hour; please try again later', {
              headers: { 'retry-after': String(started.retryAfterSeconds) },
            });
          case 'NOT_PAYABLE':
            await releaseExpiredHolds();
            throw new AppError('HOLD_EXPIRED', 'The hold on these seats has expired; please choose seats again');
        }
      }

      const charge = await processor
        .charge({
          amount: booking.total_amount,
          currency: booking.currency,
          card,
          description: `bookmemovie ${booking.reference}`,
          idempotencyKey: chargeKey(started.paymentId),
        })
        .catch(async (error: unknown) => {
          // An error is not proof that no money moved (a timeout after the processor took it):
          // ask. Charged after all: carry on as approved. Not charged: the attempt ends. No
          // answer either: the payment stays 'processing' for reconciliation to settle.
          const found = await processor
            .lookup({ idempotencyKey: chargeKey(started.paymentId), intentId: null })
            .catch(() => null);
          if (found?.charged) return { ok: true as const, paymentId: found.paymentId };
          if (found) await store.markPaymentFailed(started.paymentId, clock.now());
          deps.metrics?.payments.inc({ outcome: 'provider_error' });
          throw new AppError(
            'PAYMENT_PROVIDER_ERROR',
            found
              ? 'The payment service could not be reached; you have not been charged'
              : 'The payment service did not answer; if your card was charged, the booking completes or the money is refunded automatically within a few minutes',
            { errors: [{ field: 'payment', message: String((error as Error)?.message ?? error) }] },
          );
        });
      if (!charge.ok) {
        const declined = await store
          .recordDecline({
            bookingId: booking.id,
            userId: booking.user_id,
            paymentId: started.paymentId,
            now: clock.now(),
            actor: auditActor(actor),
          })
          .catch(async (error: unknown) => {
            // The card was refused whatever happened next: a payment left 'processing' would block
            // this booking (PAYMENT_IN_PROGRESS) and count against the customer as in flight.
            await store.markPaymentFailed(started.paymentId, clock.now(), 'card_declined').catch(() => {});
            throw error;
          });
        deps.metrics?.payments.inc({ outcome: 'declined' });
        if (!declined.ok) {
          // The booking moved on while the card was out (cancelled, expired): the decline stands,
          // and the payment must not stay 'processing' (it would count as in flight).
          await store.markPaymentFailed(started.paymentId, clock.now(), 'card_declined');
          throw new AppError('PAYMENT_DECLINED', `${charge.message}.`);
        }
        committed(declined.applied.changes);
        const cancelled = declined.decision.status === 'cancelled';
        if (cancelled) deps.metrics?.cancellations.inc();
        const audit = declined.decision.effects.find((e) => e.kind === 'audit' && e.action === 'payment.decline');
        const attempt = Number(audit?.kind === 'audit' ? audit.details.attempt : 0);
        if (cancelled) {
          throw new AppError(
            'PAYMENT_DECLINED',
            `${charge.message}. After ${attempt} declined cards this booking is cancelled and its seats are released.`,
          );
        }
        const left = MAX_DECLINES_PER_BOOKING - attempt;
        throw new AppError(
          'PAYMENT_DECLINED',
          `${charge.message}. Your seats stay held until ${toIso(booking.expires_at)}; ` +
            `${left} more declined ${left === 1 ? 'card cancels' : 'cards cancel'} this booking.`,
        );
      }

      const settledAt = clock.now();
      const settled = await store.settlePayment({
        bookingId: booking.id,
        paymentId: started.paymentId,
        providerPaymentId: charge.paymentId,
        amount: booking.total_amount,
        now: settledAt,
        actor: auditActor(actor),
      });
      if (settled.ok) committed(settled.applied.changes);
      if (settled.ok && settled.decision.status === 'confirmed') {
        deps.metrics?.payments.inc({ outcome: 'approved' });
        // Confirmed by this step: the answer is what it wrote, with no read after the commit.
        if (settled.booking.status !== 'confirmed')
          return confirmedNow(settled.booking, settled.seatIds, settledAt, charge.paymentId);
        return confirmedResult(booking);
      }
      // The hold ran out while the card was being charged and the seats went to someone else:
      // the money goes back (the refund is on its way through the outbox).
      deps.metrics?.payments.inc({ outcome: 'hold_expired' });
      if (settled.ok && settled.booking.status !== 'expired') deps.metrics?.holdExpiries.inc();
      throw new AppError('HOLD_EXPIRED', 'The hold on these seats expired during payment; the charge is being refunded');
    },

    async cancel(reference: string, actor: Actor, seatIds?: number[]): Promise<CancelBookingResponse> {
      const booking = await findOwned(reference, actor, true);
      if (booking.shift_id !== null) {
        // The money of a counter sale is in a shift's drawer or its terminal: it goes back there.
        throw new AppError('BOOKING_NOT_CANCELLABLE', 'This ticket was bought at the box office; it is refunded at the counter');
      }
      const now = clock.now();
      const by = actor.role === 'admin' ? 'admin' : 'customer';
      const result = await store.cancel({
        bookingId: booking.id,
        by,
        ...(seatIds ? { seatIds } : {}),
        policy: config.refundPolicy,
        now,
        actor: auditActor(actor),
      });
      if (!result.ok) throw cancelRefusal(result);
      committed(result.applied.changes);
      deps.metrics?.cancellations.inc();
      const whole = result.decision.status === 'cancelled';
      const cancelled = result.applied.changes.map((c) => c.seat_id);
      const refund = result.decision.refund;
      const paid = result.booking.status === 'confirmed';
      return {
        booking_reference: booking.reference,
        status: whole ? 'cancelled' : 'confirmed',
        cancelled_seat_ids: whole ? (await store.everySeatOf(booking.id)).map((s) => s.seat_id) : cancelled,
        refund_amount: toMajorUnits(refund, booking.currency),
        fee: toMajorUnits(result.decision.fee, booking.currency),
        currency: booking.currency,
        message: !paid
          ? 'Booking cancelled; the seats are released'
          : refund > 0
            ? `${whole ? 'Booking' : `${cancelled.length} ${cancelled.length === 1 ? 'seat' : 'seats'}`} cancelled; the payment is being refunded`
            : `${whole ? 'Booking' : `${cancelled.length} ${cancelled.length === 1 ? 'seat' : 'seats'}`} cancelled; nothing is refunded under the cancellation fee`,
      };
    },

    /**
     * Settles payments a crash left 'processing' (the request died between the provider and the
     * commit): the provider is asked whether the attempt took money. Charged: core decides as for
     * any success (confirm if the seats are still the booking's, otherwise refund). Not charged:
     * the attempt ends as a provider error and the booking is as it was before it.
     */
    async reconcilePayments(): Promise<{ settled: number; failed: number }> {
      const now = clock.now();
      const stale = await store.unsettledPayments(now - SETTLE_UNFINISHED_PAYMENTS_AFTER_MS);
      let settled = 0;
      let failed = 0;
      for (const payment of stale) {
        if (payment.provider !== deps.payments.name) continue; // another provider's: settled where it is configured
        if (checkout) {
          const outcome = await checkout.reconcile(payment);
          if (outcome === 'settled') settled += 1;
          if (outcome === 'failed') failed += 1;
          continue;
        }
        const found = await deps.payments.lookup({ idempotencyKey: chargeKey(payment.id), intentId: payment.provider_intent_id });
        if (!found.charged) {
          await store.markPaymentFailed(payment.id, clock.now());
          failed += 1;
          continue;
        }
        const result = await store.settlePayment({
          bookingId: payment.booking_id,
          paymentId: payment.id,
          providerPaymentId: found.paymentId,
          amount: found.amount || payment.amount,
          now: clock.now(),
          actor: null,
        });
        if (result.ok) committed(result.applied.changes);
        settled += 1;
      }
      return { settled, failed };
    },

    async list(query: Omit<BookingQuery, 'now'>): Promise<Booking[]> {
      const now = clock.now();
      return (await reads.list({ ...query, now })).map((b) => presentBooking(b, now, config.refundPolicy, config.cinemaTimeZone));
    },

    /**
     * What cancelling the whole booking, or some of its seats, would give back now: the same
     * decision the cancel would make, without making it.
     */
    async cancellationQuote(reference: string, actor: Actor, seatIds?: number[]): Promise<CancellationQuote> {
      const booking = await findOwned(reference, actor, true);
      const now = clock.now();
      const seats = await store.seatsOf(booking.id);
      const showtime = await store.showtimeStart(booking.event_id);
      const decision = transition(
        {
          status: booking.status,
          expiresAt: booking.expires_at,
          seats: seats.map((s) => ({ seatId: s.seat_id, price: s.price - s.discount })),
          holdExtendedAt: booking.hold_extended_at,
          showtimeStart: showtime.start_time,
        },
        {
          type: 'cancel',
          now,
          by: actor.role === 'admin' ? 'admin' : 'customer',
          policy: config.refundPolicy,
          ...(seatIds ? { seatIds } : {}),
        },
      );
      if (!decision.ok) {
        const refusal = cancelRefusal(decision);
        return { allowed: false, reason: refusal.message, refund_amount: 0, fee: 0, currency: booking.currency };
      }
      return {
        allowed: true,
        reason: null,
        refund_amount: toMajorUnits(decision.refund, booking.currency),
        fee: toMajorUnits(decision.fee, booking.currency),
        currency: booking.currency,
      };
    },

    async get(reference: string, actor: Actor): Promise<Booking> {
      const now = clock.now();
      const [row] = await reads.list({ reference: reference.trim().toUpperCase(), now, limit: 1 });
      if (!row || (row.user_id !== actor.id && actor.role !== 'admin')) {
        throw new AppError('BOOKING_NOT_FOUND', `Booking ${reference} not found`);
      }
      return presentBooking(row, now, config.refundPolicy, config.cinemaTimeZone);
    },
  };
}

export type BookingService = ReturnType<typeof bookingService>;
