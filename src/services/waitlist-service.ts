import { AppError, validationError } from '../contract/errors.js';
import type { AdminWaitlist, WaitlistEntry } from '../contract/waitlist.js';
import { toIso } from '../core/schedule.js';
import { MAX_WAITLIST_LENGTH, MAX_WAITLIST_SEATS, waitlistState } from '../core/waitlist.js';
import { type WaitlistRow, waitlistStore } from '../db/stores/waitlist-store.js';
import type { Deps } from './deps.js';

type Customer = { id: number };

/** The waitlist of sold-out showtimes (src/core/waitlist.ts): join, leave, see your place; admins see the queue. */
export function waitlistService(deps: Pick<Deps, 'db' | 'clock'>) {
  const store = waitlistStore(deps.db);

  function present(row: WaitlistRow, all: WaitlistRow[], now: number): WaitlistEntry {
    const offer =
      row.booking_status !== null && row.booking_expires_at !== null
        ? { status: row.booking_status, expiresAt: row.booking_expires_at }
        : null;
    const state = waitlistState({ status: row.status }, offer, now);
    const ahead = all.filter((other) => other.status === 'waiting' && other.id < row.id).length;
    return {
      entry_id: row.id,
      event_id: row.event_id,
      count: row.count,
      state,
      position: state === 'waiting' ? ahead + 1 : null,
      joined_at: toIso(row.created_at),
      booking_reference: row.booking_reference,
      offer_expires_at: state === 'offered' && row.booking_expires_at !== null ? toIso(row.booking_expires_at) : null,
    };
  }

  /** The customer's latest place in this showtime's queue. */
  async function mine(eventId: number, customer: Customer): Promise<WaitlistEntry | undefined> {
    const all = await store.entries(eventId);
    const own = all.filter((row) => row.user_id === customer.id).at(-1);
    return own && present(own, all, deps.clock.now());
  }

  return {
    async join(eventId: number, count: number, customer: Customer): Promise<WaitlistEntry> {
      const result = await store.join({ eventId, userId: customer.id, count, now: deps.clock.now() });
      if (!result.ok) {
        switch (result.code) {
          case 'NOT_FOUND':
            throw new AppError('EVENT_NOT_FOUND', `Showtime ${eventId} not found`);
          case 'INVALID_COUNT':
            throw validationError([{ field: 'body/count', message: `must be between 1 and ${MAX_WAITLIST_SEATS}` }]);
          case 'SHOWTIME_CANCELLED':
            throw new AppError('SHOWTIME_CANCELLED', 'The cinema has cancelled this showtime');
          case 'SHOWTIME_STARTED':
            throw new AppError('SHOWTIME_ENDED', 'This showtime has already started');
          case 'SEATS_AVAILABLE':
            throw new AppError('SEATS_AVAILABLE', `${count} seats are free now: book them instead of waiting`);
          case 'ALREADY_WAITING':
            throw new AppError(
              'ALREADY_ON_WAITLIST',
              'You are already on the waitlist for this showtime (or have seats offered)',
            );
          case 'WAITLIST_FULL':
            throw new AppError('WAITLIST_FULL', `The waitlist is full (${MAX_WAITLIST_LENGTH} people)`);
        }
      }
      return (await mine(eventId, customer)) as WaitlistEntry;
    },

    async mine(eventId: number, customer: Customer): Promise<WaitlistEntry> {
      const entry = await mine(eventId, customer);
      if (!entry) throw new AppError('NOT_FOUND', 'You are not on the waitlist for this showtime');
      return entry;
    },

    async leave(eventId: number, customer: Customer): Promise<void> {
      if (!(await store.leave(eventId, customer.id, deps.clock.now()))) {
        throw new AppError('NOT_FOUND', 'You are not waiting on the waitlist for this showtime');
      }
    },

    async forAdmin(eventId: number): Promise<AdminWaitlist> {
      const all = await store.entries(eventId);
      const now = deps.clock.now();
      const entries = all.map((row) => ({ ...present(row, all, now), email: row.email }));
      const waiting = entries.filter((e) => e.state === 'waiting');
      return {
        event_id: eventId,
        waiting: waiting.length,
        seats_wanted: waiting.reduce((sum, e) => sum + e.count, 0),
        offered: entries.filter((e) => e.state === 'offered').length,
        entries,
      };
    },
  };
}

export type WaitlistService = ReturnType<typeof waitlistService>;
