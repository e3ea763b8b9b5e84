import { type RawBuilder, sql } from 'kysely';

/**
 * Seat and booking counts as SQL, with expired holds read as free: the same rule as
 * core/holds effectiveSeatStatus, so listings agree with the claim statement.
 */
export function availableSeatsOf(eventRef: string, now: number): RawBuilder<number> {
  return sql<number>`(select count(*) from seats s where s.event_id = ${sql.ref(eventRef)} and s.kind <> 'blocked'
    and (s.status = 'available' or (s.status = 'held' and s.hold_expires_at <= ${now})))`;
}

export function heldSeatsOf(eventRef: string, now: number): RawBuilder<number> {
  return sql<number>`(select count(*) from seats s where s.event_id = ${sql.ref(eventRef)}
    and s.status = 'held' and s.hold_expires_at > ${now})`;
}

export function bookedSeatsOf(eventRef: string): RawBuilder<number> {
  return sql<number>`(select count(*) from seats s where s.event_id = ${sql.ref(eventRef)} and s.status = 'booked')`;
}

export function minSeatPriceOf(eventRef: string): RawBuilder<number | null> {
  return sql<number | null>`(select min(s.price) from seats s where s.event_id = ${sql.ref(eventRef)} and s.kind <> 'blocked')`;
}

/** Held bookings (pending, or paying at a provider) still inside their hold, or confirmed ones: what blocks deletes and moves. */
export function activeBookingCondition(bookingAlias: string, now: number): RawBuilder<boolean> {
  const b = (column: string) => sql.ref(`${bookingAlias}.${column}`);
  return sql<boolean>`(${b('status')} = 'confirmed' or (${b('status')} in ('pending', 'awaiting_payment') and ${b('expires_at')} > ${now}))`;
}

export function hasActiveBookingsOf(eventRef: string, now: number): RawBuilder<number> {
  return sql<number>`(case when exists (select 1 from bookings ab where ab.event_id = ${sql.ref(eventRef)}
    and ${activeBookingCondition('ab', now)}) then 1 else 0 end)`;
}

/** When the first live hold of a showtime runs out: until then its counts stay as they are. */
export function nextHoldExpiryOf(eventRef: string, now: number): RawBuilder<number | null> {
  return sql<number | null>`(select min(s.hold_expires_at) from seats s where s.event_id = ${sql.ref(eventRef)}
    and s.status = 'held' and s.hold_expires_at > ${now})`;
}

/** People waiting on the showtime's waitlist now (an offer made is no longer waiting). */
export function waitlistWaitingOf(eventRef: string): RawBuilder<number> {
  return sql<number>`(select count(*) from waitlist_entries w where w.event_id = ${sql.ref(eventRef)} and w.status = 'waiting')`;
}
