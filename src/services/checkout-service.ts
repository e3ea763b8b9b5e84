import type { CheckoutResponse, ConfirmPaymentResponse } from '../contract/bookings.js';
import { AppError, validationError } from '../contract/errors.js';
import { effectiveStatus } from '../core/booking-lifecycle.js';
import { toIso } from '../core/schedule.js';
import type { AuditActor, BookingRow, BookingStore, SeatChangeRow, StepResult } from '../db/stores/booking-store.js';
import { checkoutStore } from '../db/stores/checkout-store.js';
import type { ProviderEventRef } from '../db/stores/provider-event-store.js';
import type { Checkout, CheckoutProvider } from '../payments/payment-provider.js';
import type { Deps } from './deps.js';

/** The provider's idempotency key for one attempt's PaymentIntent: a retry names the same intent. */
export const intentKey = (paymentId: number) => `intent-${paymentId}`;

type Helpers = {
  store: BookingStore;
  confirmedResult(booking: BookingRow): Promise<ConfirmPaymentResponse>;
  cancelledError(booking: BookingRow): AppError;
  committed(changes?: SeatChangeRow[]): void;
  releaseExpiredHolds(): Promise<number>;
};

const holdExpired = () => new AppError('HOLD_EXPIRED', 'The hold on these seats has expired; please choose seats again');

/**
 * Paying through a provider's checkout (Stripe): confirm-payment opens (or reopens) the booking's
 * PaymentIntent and the customer pays it in the browser; the money is taken into account when
 * Stripe says so, by webhook or when confirm-payment is asked again, whichever comes first.
 */
export function checkoutService(deps: Deps, provider: CheckoutProvider, helpers: Helpers) {
  const { clock, config } = deps;
  const { store } = helpers;
  const checkouts = checkoutStore(deps.db, store);

  const answer = (booking: BookingRow, checkout: Checkout, expiresAt: number): CheckoutResponse => ({
    booking_reference: booking.reference,
    status: 'awaiting_payment',
    expires_at: toIso(expiresAt),
    payment: {
      provider: 'stripe',
      client_secret: checkout.clientSecret,
      publishable_key: provider.publishableKey,
      payment_intent_id: checkout.intentId,
    },
  });

  /**
   * The provider took the money for this attempt: core decides as for any success (confirm, book
   * the same seats if the hold ran out and they are free, or refund). Exactly once, whoever asks first.
   */
  async function settle(
    payment: { id: number; booking_id: number },
    checkout: Checkout,
    actor: AuditActor,
    event?: ProviderEventRef,
  ): Promise<StepResult> {
    const result = await store.settlePayment({
      bookingId: payment.booking_id,
      paymentId: payment.id,
      providerPaymentId: checkout.intentId,
      amount: checkout.amount,
      now: clock.now(),
      actor,
      ...(event ? { event } : {}),
    });
    if (result.ok) {
      helpers.committed(result.applied.changes);
      if (result.decision.status === 'confirmed' && result.booking.status !== 'confirmed') {
        deps.metrics?.payments.inc({ outcome: 'approved' });
      } else if (result.decision.refund > 0) {
        deps.metrics?.payments.inc({ outcome: 'hold_expired' });
      }
    }
    return result;
  }

  async function afterSettle(booking: BookingRow, result: StepResult) {
    const fresh = (await store.findById(booking.id)) ?? booking;
    if (fresh.status === 'confirmed') return helpers.confirmedResult(fresh);
    if (fresh.status === 'cancelled') {
      throw new AppError(
        'BOOKING_CANCELLED',
        'This booking was cancelled before the payment arrived; the payment is being refunded',
      );
    }
    if (result.ok && result.decision.refund > 0) {
      throw new AppError(
        'HOLD_EXPIRED',
        'The hold on these seats expired before the payment arrived; the payment is being refunded',
      );
    }
    throw holdExpired();
  }

  return {
    settle,

    /** confirm-payment with a checkout provider, for the booking's owner (`booking`, already checked). */
    async confirm(
      body: { payment?: unknown },
      booking: BookingRow,
      actorId: AuditActor,
    ): Promise<ConfirmPaymentResponse | CheckoutResponse> {
      if (body.payment !== undefined) {
        // Card data never reaches this server with Stripe: the customer types it into Stripe's form.
        throw validationError([
          { field: 'body/payment', message: 'card details are not accepted here: pay in the card form from Stripe' },
        ]);
      }
      if (booking.status === 'confirmed') return helpers.confirmedResult(booking);
      const now = clock.now();
      const live = await checkouts.liveCheckout(booking.id);
      if (live && !live.provider_intent_id) {
        throw new AppError('PAYMENT_IN_PROGRESS', 'A payment for this booking is already being opened; try again in a moment');
      }
      if (live?.provider_intent_id) {
        // The customer is back (or reloaded): the intent may have been paid before its webhook came.
        const checkout = await provider.checkout(live.provider_intent_id).catch(providerError);
        if (checkout.status === 'succeeded') {
          return afterSettle(booking, await settle({ id: live.id, booking_id: booking.id }, checkout, actorId));
        }
        const held = effectiveStatus({ status: booking.status, expiresAt: booking.expires_at }, now);
        if (checkout.status !== 'canceled') {
          if (held === 'awaiting_payment' || held === 'pending') return answer(booking, checkout, booking.expires_at);
          if (booking.status === 'cancelled') throw helpers.cancelledError(booking);
          throw holdExpired();
        }
        // Closed at the provider without money: this attempt is over, and a new one may start.
        await store.markPaymentFailed(live.id, now);
      }

      const effective = effectiveStatus({ status: booking.status, expiresAt: booking.expires_at }, now);
      if (effective === 'cancelled') throw helpers.cancelledError(booking);
      if (effective === 'expired') {
        await helpers.releaseExpiredHolds();
        throw holdExpired();
      }
      const started = await store.startPayment(booking, now, provider.name);
      if (!started.ok) {
        switch (started.code) {
          case 'ALREADY_PAID':
            return helpers.confirmedResult(booking);
          case 'IN_PROGRESS':
            throw new AppError(
              'PAYMENT_IN_PROGRESS',
              'A payment for this booking is already being opened; try again in a moment',
            );
          case 'CANCELLED':
            throw helpers.cancelledError((await store.findById(booking.id)) ?? booking);
          case 'RATE_LIMITED':
            throw new AppError('RATE_LIMITED', 'Too many declined cards in the last hour; please try again later', {
              headers: { 'retry-after': String(started.retryAfterSeconds) },
            });
          case 'NOT_PAYABLE':
            await helpers.releaseExpiredHolds();
            throw holdExpired();
        }
      }
      const checkout = await provider
        .openCheckout({
          amount: booking.total_amount,
          currency: booking.currency,
          bookingReference: booking.reference,
          paymentId: started.paymentId,
          idempotencyKey: intentKey(started.paymentId),
        })
        .catch(async (error: unknown) => {
          await store.markPaymentFailed(started.paymentId, clock.now());
          deps.metrics?.payments.inc({ outcome: 'provider_error' });
          return providerError(error);
        });
      const begun = await checkouts.beginCheckout({
        bookingId: booking.id,
        paymentId: started.paymentId,
        intentId: checkout.intentId,
        holdTtlMs: config.holdTtlSeconds * 1000,
        now: clock.now(),
        actor: actorId,
      });
      if (!begun.ok) {
        // The booking moved on meanwhile (expired, cancelled): nobody has this intent's secret; close it.
        await store.markPaymentFailed(started.paymentId, clock.now());
        await provider.closeCheckout(checkout.intentId).catch(() => {});
        if (begun.code === 'ALREADY_CANCELLED') throw helpers.cancelledError(booking);
        throw holdExpired();
      }
      helpers.committed(begun.applied.changes);
      return answer(booking, checkout, begun.decision.expiresAt ?? begun.booking.expires_at);
    },

    /**
     * A payment a checkout left 'processing' for a while. Paid: settled as any success. Closed
     * without money: the attempt ends and the booking is payable again. Still open: left alone
     * while the hold lasts (the customer may be paying), closed at the provider once it has run
     * out, so no money can come for seats that are no longer kept.
     */
    async reconcile(payment: {
      id: number;
      booking_id: number;
      provider_intent_id: string | null;
    }): Promise<'settled' | 'failed' | 'open'> {
      const now = clock.now();
      const found = await provider.lookup({ idempotencyKey: intentKey(payment.id), intentId: payment.provider_intent_id });
      if (found.charged) {
        await settle(payment, await provider.checkout(found.paymentId), null);
        return 'settled';
      }
      if (!found.open || !payment.provider_intent_id) {
        await store.markPaymentFailed(payment.id, now);
        return 'failed';
      }
      const booking = await store.findById(payment.booking_id);
      const held = booking ? effectiveStatus({ status: booking.status, expiresAt: booking.expires_at }, now) : 'expired';
      if (held === 'pending' || held === 'awaiting_payment') return 'open';
      const closed = await provider.closeCheckout(payment.provider_intent_id);
      if (closed.status === 'succeeded') {
        await settle(payment, closed, null);
        return 'settled';
      }
      if (closed.status === 'canceled') {
        await store.markPaymentFailed(payment.id, clock.now());
        return 'failed';
      }
      return 'open';
    },
  };
}

function providerError(error: unknown): never {
  throw new AppError('PAYMENT_PROVIDER_ERROR', 'The payment service could not be reached; you have not been charged', {
    errors: [{ field: 'payment', message: String((error as Error)?.message ?? error) }],
  });
}

export type CheckoutService = ReturnType<typeof checkoutService>;
