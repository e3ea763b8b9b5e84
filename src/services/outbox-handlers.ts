import { refundPayout } from '../core/box-office.js';
import { EMAIL_KIND } from '../core/mail.js';
import { PAYMENT_REFUND, type RefundPayload, SEATS_CHANGED, type SeatsChangedPayload } from '../db/stores/apply-transition.js';
import { bookingStore } from '../db/stores/booking-store.js';
import type { Deps } from './deps.js';
import { emailHandler } from './mail/deliver.js';
import type { Mailer } from './mail/mailer.js';
import type { OutboxHandlers } from './outbox-worker.js';

/**
 * What each kind of outbox effect does. Every handler can run twice for one effect (at least
 * once delivery) without doing it twice: a seat push restates statuses, a refund carries an
 * idempotency key per refund row and is skipped once recorded, an email keeps its Message-ID.
 */
export function outboxHandlers(deps: Deps, options: { mailer?: Mailer } = {}): OutboxHandlers {
  const store = bookingStore(deps.db, { publicUrl: deps.config.publicUrl });
  return {
    [SEATS_CHANGED]: async (payload) => {
      const { event_id, changes } = payload as SeatsChangedPayload;
      deps.feed.publish(event_id, changes);
    },

    [PAYMENT_REFUND]: async (payload) => {
      const { refund_id } = payload as RefundPayload;
      const refund = await store.refundToSend(refund_id);
      if (!refund || refund.status === 'succeeded') return;
      const now = deps.clock.now();
      const payout = refundPayout({
        provider: refund.provider,
        providerPaymentId: refund.provider_payment_id,
        counterShiftId: refund.shift_id,
      });
      // Cash owed stays owed until a clerk pays it out at a counter (a row queued before that rule).
      if (payout === 'counter_due') return;
      if (payout === 'outside' || payout === 'drawer' || !refund.provider_payment_id) {
        // Nothing to call: the money was taken outside bookmemovie (an imported booking) and is
        // given back there, or it is cash the box office handed back from its drawer.
        await store.completeRefund(refund.id, null, now);
        return;
      }
      if (refund.provider !== deps.payments.name) {
        throw new Error(`refund ${refund.id} is for a ${refund.provider} payment, but PAYMENT_PROVIDER is ${deps.payments.name}`);
      }
      const result = await deps.payments.refund({
        paymentId: refund.provider_payment_id,
        amount: refund.amount,
        currency: refund.currency,
        idempotencyKey: `refund-${refund.id}`,
      });
      await store.completeRefund(refund.id, result.refundId, deps.clock.now());
    },

    [EMAIL_KIND]: emailHandler({ ...deps, ...(options.mailer ? { mailer: options.mailer } : {}) }),
  };
}
