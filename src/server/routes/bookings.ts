import { Type } from 'typebox';
import {
  Booking,
  BookSeatsBody,
  CancelBookingBody,
  CancelBookingResponse,
  CancellationQuote,
  CancellationQuoteQuery,
  ConfirmPaymentBody,
  ConfirmPaymentResult,
  HoldResponse,
} from '../../contract/bookings.js';
import { ErrorBody } from '../../contract/errors.js';
import { NEW_HOLDS_PER_CUSTOMER } from '../../core/hold-limits.js';
import { DECLINES_PER_CUSTOMER, MAX_DECLINES_PER_BOOKING } from '../../core/payment-declines.js';
import { actorOf } from '../plugins/auth.js';
import { idempotency } from '../plugins/idempotency.js';
import type { App, RouteContext } from '../types.js';

const tags = ['bookings'];
const security = [{ bearer: [] }];
const errors = { 401: ErrorBody, 402: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody, 429: ErrorBody, 502: ErrorBody };

const idempotencyHeader = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({ description: 'Retry-safe: the same key and body within 24 h returns the first answer' }),
  ),
});

/**
 * Booking changes are audited by the store, in the transaction that makes them (see
 * src/db/stores/apply-transition.ts): an acknowledged change is never missing from the log, and
 * a refused one never appears in it.
 */
export function bookingRoutes(app: App, { services, guards, deps }: RouteContext) {
  const withHooks = (route: string) => {
    const idem = idempotency(deps, route);
    return { preHandler: idem.preHandler, onSend: [idem.onSend] };
  };

  app.post('/api/book-seats', {
    schema: {
      tags,
      security,
      summary: 'Hold seats for a few minutes (all or nothing)',
      description:
        'Creates a pending booking. 409 lists the seats that are not available; nothing is held then. ' +
        `A customer holds at most ${deps.config.maxHeldSeatsPerUser} seats of one showtime at once (409 HOLD_LIMIT) ` +
        `and makes at most ${NEW_HOLDS_PER_CUSTOMER.limit} holds per ${NEW_HOLDS_PER_CUSTOMER.windowMs / 60_000} minutes (429 with Retry-After).`,
      headers: idempotencyHeader,
      body: BookSeatsBody,
      response: { 201: HoldResponse, ...errors },
    },
    onRequest: guards.requireUser,
    ...withHooks('book-seats'),
    handler: async (request, reply) => reply.status(201).send(await services.bookings.holdSeats(request.body, actorOf(request))),
  });

  app.post('/api/confirm-payment', {
    schema: {
      tags,
      security,
      summary: 'Pay for a pending booking',
      description:
        'The default processor is simulated (no money moves): Luhn-invalid or expired cards get 422, ' +
        '4000 0000 0000 0002 is declined (402), other valid numbers such as 4242 4242 4242 4242 approve. ' +
        'Confirming an already-confirmed booking returns the same result without charging again. ' +
        `The ${MAX_DECLINES_PER_BOOKING}th declined card cancels the booking (cancel_reason too_many_declines); ` +
        `after ${DECLINES_PER_CUSTOMER.limit} declined cards in ${DECLINES_PER_CUSTOMER.windowMs / 60_000} minutes ` +
        'a customer gets 429 with Retry-After, and no card reaches the processor. ' +
        'With PAYMENT_PROVIDER=stripe send no `payment`: the answer is `awaiting_payment` with the PaymentIntent the browser pays ' +
        'with Stripe.js (the hold is extended once); asked again, it reports `confirmed` once Stripe has the money.',
      headers: idempotencyHeader,
      body: ConfirmPaymentBody,
      response: { 200: ConfirmPaymentResult, ...errors },
    },
    onRequest: guards.requireUser,
    ...withHooks('confirm-payment'),
    handler: async (request) => services.bookings.confirmPayment(request.body, actorOf(request)),
  });

  app.post('/api/cancel-booking', {
    schema: {
      tags,
      security,
      summary: 'Cancel a booking and release its seats',
      description:
        'Unpaid bookings any time (whole). Paid ones until REFUND_CUTOFF_MINUTES before the showtime ' +
        `(now ${deps.config.refundPolicy.cutoffMinutes}), less CANCELLATION_FEE and CANCELLATION_FEE_PERCENT; ` +
        'with `seat_ids`, only those seats (a partial refund; the rest stays confirmed). Admins may always cancel, with a full refund. ' +
        'After the cut-off: 409 BOOKING_NOT_CANCELLABLE with the rule in words.',
      headers: idempotencyHeader,
      body: CancelBookingBody,
      response: { 200: CancelBookingResponse, ...errors },
    },
    onRequest: guards.requireUser,
    ...withHooks('cancel-booking'),
    handler: async (request) => services.bookings.cancel(request.body.booking_reference, actorOf(request), request.body.seat_ids),
  });

  app.get('/api/bookings', {
    schema: { tags, security, summary: 'My bookings, newest first', response: { 200: Type.Array(Booking), 401: ErrorBody } },
    onRequest: guards.requireUser,
    handler: async (request) => services.bookings.list({ userId: actorOf(request).id }),
  });

  app.get('/api/bookings/:booking_reference/cancellation', {
    schema: {
      tags,
      security,
      summary: 'What cancelling would refund now',
      description:
        'The refund and fee if the whole booking (or the seats in `seat_ids`) were cancelled now, under the refund policy; ' +
        '`allowed: false` with the reason in words when it cannot be cancelled. Changes nothing.',
      params: Type.Object({ booking_reference: Type.String({ minLength: 1, maxLength: 64 }) }),
      querystring: CancellationQuoteQuery,
      response: { 200: CancellationQuote, ...errors },
    },
    onRequest: guards.requireUser,
    handler: async (request) =>
      services.bookings.cancellationQuote(
        request.params.booking_reference,
        actorOf(request),
        request.query.seat_ids?.split(',').map(Number),
      ),
  });

  app.get('/api/bookings/:booking_reference', {
    schema: {
      tags,
      security,
      summary: 'One of my bookings',
      params: Type.Object({ booking_reference: Type.String({ minLength: 1, maxLength: 64 }) }),
      response: { 200: Booking, ...errors },
    },
    onRequest: guards.requireUser,
    handler: async (request) => services.bookings.get(request.params.booking_reference, actorOf(request)),
  });
}
