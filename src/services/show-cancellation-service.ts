import type { ShowCancellation } from '../contract/admin.js';
import { AppError, validationError } from '../contract/errors.js';
import { toMajorUnits } from '../core/money.js';
import { toIso } from '../core/schedule.js';
import { CANCEL_NOTE_MAX_LENGTH, cancellationProgress } from '../core/show-cancellation.js';
import type { AuditActor } from '../db/stores/apply-transition.js';
import { bookingStore } from '../db/stores/booking-store.js';
import { showCancellationStore } from '../db/stores/show-cancellation-store.js';
import type { Deps } from './deps.js';
import type { ReadCache } from './read-cache.js';

/**
 * An admin cancels a showtime that has bookings: sales stop, tickets are voided, every booking is
 * refunded in full and every customer emailed, through the outbox; the admin follows the refunds
 * and emails until all have gone out.
 */
export function showCancellationService(deps: Pick<Deps, 'db' | 'clock' | 'config' | 'outbox'>, cache?: ReadCache) {
  const store = bookingStore(deps.db, { publicUrl: deps.config.publicUrl });
  const reads = showCancellationStore(deps.db);

  async function progress(eventId: number): Promise<ShowCancellation> {
    const show = await reads.showtime(eventId);
    if (!show) throw new AppError('EVENT_NOT_FOUND', `Showtime ${eventId} not found`);
    if (show.cancelled_at === null) throw new AppError('NOT_FOUND', `Showtime ${eventId} has not been cancelled`);
    const p = cancellationProgress(await reads.rows(eventId));
    return {
      event_id: eventId,
      cancelled_at: toIso(show.cancelled_at),
      note: show.cancel_note,
      bookings_cancelled: p.bookings_cancelled,
      refunds: {
        ...p.refunds,
        amount: toMajorUnits(p.refunds.amount, show.currency),
        amount_settled: toMajorUnits(p.refunds.amount_settled, show.currency),
        amount_awaiting_counter: toMajorUnits(p.refunds.amount_awaiting_counter, show.currency),
      },
      currency: show.currency,
      emails: p.emails,
      complete: p.complete,
    };
  }

  return {
    progress,

    async cancel(eventId: number, note: string | null | undefined, actor: AuditActor): Promise<ShowCancellation> {
      const result = await store.cancelShow({ eventId, note: note ?? null, now: deps.clock.now(), actor });
      if (!result.ok) {
        switch (result.code) {
          case 'NOT_FOUND':
            throw new AppError('EVENT_NOT_FOUND', `Showtime ${eventId} not found`);
          case 'ALREADY_CANCELLED':
            throw new AppError('SHOWTIME_CANCELLED', `Showtime ${eventId} is already cancelled`);
          case 'SHOWTIME_ENDED':
            throw new AppError('SHOWTIME_ENDED', `Showtime ${eventId} has already ended; it can no longer be cancelled`);
          case 'NOTE_TOO_LONG':
            throw validationError([{ field: 'body/note', message: `at most ${CANCEL_NOTE_MAX_LENGTH} characters` }]);
        }
      }
      cache?.invalidateAll();
      // Refunds and emails are in the outbox, committed with the cancellation; start on them now.
      deps.outbox?.kick();
      return progress(eventId);
    },
  };
}

export type ShowCancellationService = ReturnType<typeof showCancellationService>;
