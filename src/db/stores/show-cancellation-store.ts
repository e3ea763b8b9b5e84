import { refundState } from '../../core/box-office.js';
import type { CancellationRows } from '../../core/show-cancellation.js';
import type { Db } from '../database.js';
import { mailTopic } from './apply-transition.js';

/** What a cancelled showtime's bookings, refunds and emails hold now (the progress screen). */
export function showCancellationStore(db: Db) {
  const k = db.kysely;
  return {
    async showtime(eventId: number) {
      return k
        .selectFrom('events')
        .select(['id', 'cancelled_at', 'cancel_note', 'currency'])
        .where('id', '=', eventId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst();
    },

    async rows(eventId: number): Promise<CancellationRows> {
      const bookings = await k
        .selectFrom('bookings')
        .select(['id', 'status', 'refund_amount'])
        .where('event_id', '=', eventId)
        .where('cancel_reason', '=', 'show_cancelled')
        .execute();
      if (bookings.length === 0) return { bookings: [], refunds: [], emails: [] };
      const ids = bookings.map((b) => b.id);
      const refunds = await k
        .selectFrom('refunds')
        .innerJoin('payments', 'payments.id', 'refunds.payment_id')
        .select(['refunds.amount', 'refunds.status', 'refunds.shift_id', 'payments.provider'])
        .where('refunds.booking_id', 'in', ids)
        // Money that arrived after the cancellation (a checkout already open) goes back too.
        .where('refunds.reason', 'in', ['show_cancelled', 'paid_after_cancel'])
        .execute();
      // The cancellation's emails: one per booking on the booking's mail topic.
      const emails = await k
        .selectFrom('outbox')
        .select(['payload', 'delivered_at', 'attempts'])
        .where('topic', 'in', ids.map(mailTopic))
        .where('kind', '=', 'email')
        .execute();
      return {
        bookings: bookings.map((b) => ({ status: b.status, refundAmount: b.refund_amount ?? 0 })),
        refunds: refunds.map((r) => ({
          amount: Number(r.amount),
          state: refundState({ status: r.status, provider: r.provider, shiftId: r.shift_id }),
        })),
        emails: emails
          .filter((e) => (JSON.parse(e.payload) as { template?: string }).template === 'show_cancelled')
          .map((e) => ({ delivered: e.delivered_at !== null, attempts: e.attempts })),
      };
    },
  };
}
