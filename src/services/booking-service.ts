import type {
  Booking,
  BookSeatsBody,
  CancelBookingResponse,
  ConfirmPaymentBody,
  ConfirmPaymentResponse,
  HoldResponse,
} from '../contract/bookings.js';
import { AppError, validationError } from '../contract/errors.js';
import { findCardProblems } from '../core/card.js';
import { isExemptFromHoldLimits } from '../core/hold-limits.js';
import { checkHoldRequest, decideCancel, decideConfirm, decideHold } from '../core/holds.js';
import { toMajorUnits } from '../core/money.js';
import { MAX_DECLINES_PER_BOOKING } from '../core/payment-declines.js';
import { makeBookingReference } from '../core/reference.js';
import { toIso } from '../core/schedule.js';
import { type BookingQuery, bookingReadStore } from '../db/stores/booking-read-store.js';
import { type BookingRow, bookingStore, type SeatChangeRow } from '../db/stores/booking-store.js';
import { isUniqueViolation } from '../db/stores/hall-store.js';
import type { Deps } from './deps.js';
import { presentBooking } from './presenters.js';

export type Actor = { id: number; role: 'user' | 'admin' };

export function bookingService(deps: Deps) {
  const store = bookingStore(deps.db);
  const reads = bookingReadStore(deps.db);
  const { clock, config } = deps;

  /** Seat changes go out only after their transaction has committed. */
  function publish(changes: SeatChangeRow[]) {
    const byEvent = new Map<number, { seat_id: number; status: SeatChangeRow['status'] }[]>();
    for (const c of changes) {
      const list = byEvent.get(c.event_id) ?? [];
      list.push({ seat_id: c.seat_id, status: c.status });
      byEvent.set(c.event_id, list);
    }
    for (const [eventId, list] of byEvent) deps.feed.publish(eventId, list);
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
    publish(changes);
    deps.metrics?.holdExpiries.inc(expiredBookings);
    return changes.length;
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

  return {
    releaseExpiredHolds,

    async holdSeats(body: BookSeatsBody, actor: Actor): Promise<HoldResponse> {
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
      const seats = await store.seatsForHold(body.seat_ids);
      const eventIds = [...new Set(seats.map((s) => s.event_id))];
      const showtime = eventIds.length === 1 ? await store.showtimeForHold(eventIds[0] as number) : undefined;
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
        }
      }

      for (let attempt = 0; ; attempt++) {
        const reference = makeBookingReference(deps.randomBytes);
        try {
          const result = await store.holdSeats({
            reference,
            userId: actor.id,
            eventId: decision.eventId,
            seatIds: body.seat_ids,
            currency: config.currency,
            now,
            expiresAt: decision.expiresAt,
            limits: isExemptFromHoldLimits(actor.role) ? undefined : { maxHeldSeats: config.maxHeldSeatsPerUser },
          });
          if (!result.ok) {
            switch (result.code) {
              case 'EVENT_GONE':
                throw validationError([{ field: 'body/seat_ids', message: 'this showtime has already started' }]);
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
                throw new AppError('SEATS_UNAVAILABLE', `Seat ${result.seatIds.join(', ')} is no longer available`, {
                  seat_ids: result.seatIds,
                });
            }
          }
          publish(result.seats.map((s) => ({ event_id: decision.eventId, seat_id: s.id, status: 'held' as const })));
          deps.metrics?.holds.inc();
          return {
            booking_reference: reference,
            event_id: decision.eventId,
            seat_ids: result.seats.map((s) => s.id),
            seats: result.seats.map((s) => s.label),
            total_amount: toMajorUnits(result.total, config.currency),
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

    async confirmPayment(body: ConfirmPaymentBody, actor: Actor): Promise<ConfirmPaymentResponse> {
      const booking = await findOwned(body.booking_reference, actor, false);
      const now = clock.now();
      const decision = decideConfirm({ status: booking.status, expiresAt: booking.expires_at, now });
      if (!decision.ok) {
        if (decision.code === 'CANCELLED') throw cancelledError(booking);
        await releaseExpiredHolds();
        throw new AppError('HOLD_EXPIRED', 'The hold on these seats has expired; please choose seats again');
      }
      if (decision.alreadyConfirmed) return confirmedResult(booking);

      const cardProblems = findCardProblems(body.payment, now);
      if (cardProblems.length > 0) throw validationError(cardProblems);

      const started = await store.startPayment(booking, now);
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

      const charge = await deps.payments
        .charge({
          amount: booking.total_amount,
          currency: booking.currency,
          card: body.payment,
          description: `bookmemovie ${booking.reference}`,
          idempotencyKey: `charge-${started.paymentId}`,
        })
        .catch(async (error: unknown) => {
          await store.markPaymentFailed(started.paymentId, clock.now());
          deps.metrics?.payments.inc({ outcome: 'provider_error' });
          throw new AppError('PAYMENT_PROVIDER_ERROR', 'The payment service could not be reached; you have not been charged', {
            errors: [{ field: 'payment', message: String((error as Error)?.message ?? error) }],
          });
        });
      if (!charge.ok) {
        const declined = await store
          .recordDecline({ booking, paymentId: started.paymentId, now: clock.now() })
          .catch(async (error: unknown) => {
            // The card was refused whatever happened next: a payment left 'processing' would block
            // this booking (PAYMENT_IN_PROGRESS) and count against the customer as in flight.
            await store.markPaymentFailed(started.paymentId, clock.now(), 'card_declined').catch(() => {});
            throw error;
          });
        publish(declined.changes);
        deps.metrics?.payments.inc({ outcome: 'declined' });
        if (declined.cancelled) deps.metrics?.cancellations.inc();
        if (declined.decision.cancel) {
          throw new AppError(
            'PAYMENT_DECLINED',
            `${charge.message}. After ${declined.decision.attempt} declined cards this booking is cancelled and its seats are released.`,
          );
        }
        const left = declined.decision.attemptsLeft;
        throw new AppError(
          'PAYMENT_DECLINED',
          `${charge.message}. Your seats stay held until ${toIso(booking.expires_at)}; ` +
            `${left} more declined ${left === 1 ? 'card cancels' : 'cards cancel'} this booking.`,
        );
      }

      const completedAt = clock.now();
      const completed = await store.completePayment({
        booking,
        paymentId: started.paymentId,
        providerPaymentId: charge.paymentId,
        now: completedAt,
      });
      if (!completed.ok) {
        // The hold ran out while the card was being charged: give the money back.
        const refund = await deps.payments.refund({
          paymentId: charge.paymentId,
          amount: booking.total_amount,
          currency: booking.currency,
          idempotencyKey: `refund-${started.paymentId}`,
        });
        await store.markPaymentRefunded(started.paymentId, refund.refundId, clock.now());
        deps.metrics?.payments.inc({ outcome: 'hold_expired' });
        await releaseExpiredHolds();
        throw new AppError('HOLD_EXPIRED', 'The hold on these seats expired during payment; the charge was refunded');
      }
      publish(completed.changes);
      deps.metrics?.payments.inc({ outcome: 'approved' });
      return confirmedResult(booking);
    },

    async cancel(reference: string, actor: Actor): Promise<CancelBookingResponse> {
      const booking = await findOwned(reference, actor, true);
      const now = clock.now();
      const showtime = await store.showtimeStart(booking.event_id);
      const decision = decideCancel({
        status: booking.status,
        expiresAt: booking.expires_at,
        showtimeStart: showtime.start_time,
        now,
      });
      if (!decision.ok) {
        const messages = {
          ALREADY_CANCELLED: 'This booking is already cancelled',
          EXPIRED: 'This booking has expired; its seats were already released',
          SHOWTIME_STARTED: 'The showtime has started; paid bookings can no longer be cancelled',
        } as const;
        throw new AppError('BOOKING_NOT_CANCELLABLE', messages[decision.code]);
      }
      const refundAmount = decision.refund ? booking.total_amount : 0;
      const result = await store.cancel({
        booking,
        expectedStatus: decision.refund ? 'confirmed' : 'pending',
        refundAmount,
        now,
      });
      if (!result.ok) {
        throw new AppError('BOOKING_NOT_CANCELLABLE', 'This booking changed while cancelling; reload it and try again');
      }
      publish(result.changes);
      deps.metrics?.cancellations.inc();
      if (decision.refund) {
        const payment = await store.successfulPayment(booking.id);
        if (payment?.provider_payment_id) {
          const refund = await deps.payments.refund({
            paymentId: payment.provider_payment_id,
            amount: refundAmount,
            currency: booking.currency,
            idempotencyKey: `refund-${payment.id}`,
          });
          await store.markPaymentRefunded(payment.id, refund.refundId, clock.now());
        }
      }
      return {
        booking_reference: booking.reference,
        status: 'cancelled',
        cancelled_seat_ids: (await store.seatsOf(booking.id)).map((s) => s.seat_id),
        refund_amount: toMajorUnits(refundAmount, booking.currency),
        currency: booking.currency,
        message: decision.refund
          ? 'Booking cancelled; the payment is being refunded'
          : 'Booking cancelled; the seats are released',
      };
    },

    async list(query: Omit<BookingQuery, 'now'>): Promise<Booking[]> {
      const now = clock.now();
      return (await reads.list({ ...query, now })).map((b) => presentBooking(b, now));
    },

    async get(reference: string, actor: Actor): Promise<Booking> {
      const now = clock.now();
      const [row] = await reads.list({ reference: reference.trim().toUpperCase(), now, limit: 1 });
      if (!row || (row.user_id !== actor.id && actor.role !== 'admin')) {
        throw new AppError('BOOKING_NOT_FOUND', `Booking ${reference} not found`);
      }
      return presentBooking(row, now);
    },
  };
}

export type BookingService = ReturnType<typeof bookingService>;
