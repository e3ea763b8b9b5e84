import { randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import { effectiveSeatStatus } from '../../core/holds.js';
import { waitlistOfferEmail } from '../../core/mail.js';
import { makeBookingReference } from '../../core/reference.js';
import type { SeatSpot } from '../../core/seat-rules.js';
import { priceBooking } from '../../core/ticket-pricing.js';
import { decideJoin, type JoinDecision, OFFER_HOLD_MS, planOffers, waitlistState } from '../../core/waitlist.js';
import type { Db } from '../database.js';
import type { Database } from '../schema.js';
import { mailTopic, type SeatChangeRow, seatChangeEffects } from './apply-transition.js';
import { appendAudit } from './audit-store.js';
import { isUniqueViolation } from './hall-store.js';
import { enqueueEffects, type OutboxEffect } from './outbox-store.js';
import { pricingContext } from './pricing-store.js';

type Trx = Transaction<Database>;

/**
 * Seats just freed on these showtimes go to their waitlists first, in the transaction that freed
 * them: core plans who gets which seats (first come, first served, the first whose count fits);
 * this applies it: a held booking per offer (OFFER_HOLD_MS), the entry marked offered, an email
 * with a link to pay, the seat push and an audit entry. The queue's rows are locked in order, so
 * two releases on one showtime offer one after the other, never the same place or seat twice.
 */
export async function offerFreedSeats(
  trx: Trx,
  input: { eventIds: number[]; now: number; publicUrl: string; pg: boolean },
): Promise<SeatChangeRow[]> {
  const { now, pg } = input;
  const changes: SeatChangeRow[] = [];
  for (const eventId of [...new Set(input.eventIds)].sort((a, b) => a - b)) {
    const waiting = await trx
      .selectFrom('waitlist_entries')
      .select(['id', 'user_id', 'count'])
      .where('event_id', '=', eventId)
      .where('status', '=', 'waiting')
      .orderBy('id')
      .$if(pg, (q) => q.forUpdate())
      .execute();
    if (waiting.length === 0) continue;
    // Shared, and skipped when locked: a showtime being cancelled right now (its row locked by the
    // cancellation, which may be waiting for this transaction's booking) gets no offers; once
    // it commits, cancelled_at says so. Waiting here could deadlock with it.
    const show = await trx
      .selectFrom('events')
      .select(['currency', 'start_time', 'cancelled_at'])
      .where('id', '=', eventId)
      .where('deleted_at', 'is', null)
      .$if(pg, (q) => q.forShare().skipLocked())
      .executeTakeFirst();
    if (!show || show.cancelled_at !== null || show.start_time <= now) continue;
    const seats = await trx
      .selectFrom('seats')
      .select(['id', 'row_index', 'col', 'number', 'kind', 'category', 'status', 'hold_expires_at', 'label', 'price'])
      .where('event_id', '=', eventId)
      .execute();
    const spots: SeatSpot[] = seats.map((s) => ({
      id: s.id,
      row: s.row_index,
      col: s.col ?? s.number,
      kind: s.kind,
      category: s.category,
      free: effectiveSeatStatus(s.status, s.hold_expires_at, now) === 'available',
    }));
    const offers = planOffers(
      waiting.map((w) => ({ id: w.id, userId: w.user_id, count: w.count })),
      spots,
    );
    const byId = new Map(seats.map((s) => [s.id, s]));
    // Offers are adult tickets at the showtime's price card (format surcharge included); the
    // customer pays what a hold of these seats would cost.
    const pricing = offers.length > 0 ? await pricingContext(trx, eventId) : undefined;
    for (const offer of offers) {
      if (!pricing) break;
      const seatIds = [...offer.seatIds].sort((a, b) => a - b);
      // Locked, then read again: a customer's hold may have taken one since the picture above.
      // A seat another transaction has locked is skipped, not waited for (it may be waiting for
      // this queue's lock: a deadlock); the offer then waits for the next release.
      const current = await trx
        .selectFrom('seats')
        .select(['id', 'status', 'hold_expires_at'])
        .where('id', 'in', seatIds)
        .orderBy('id')
        .$if(pg, (q) => q.forUpdate().skipLocked())
        .execute();
      const stillFree = current.filter((seat) => effectiveSeatStatus(seat.status, seat.hold_expires_at, now) === 'available');
      if (stillFree.length !== seatIds.length) continue;
      const reference = makeBookingReference((n) => randomBytes(n));
      const expiresAt = now + OFFER_HOLD_MS;
      const chosen = seatIds.map((id) => byId.get(id)).filter((s) => s !== undefined);
      const priced = priceBooking({
        card: pricing.card,
        seats: chosen.map((s) => ({ seatId: s.id, category: s.category, price: s.price })),
        types: new Map(),
      });
      const total = priced.total;
      const booking = await trx
        .insertInto('bookings')
        .values({
          reference,
          user_id: offer.userId,
          event_id: eventId,
          status: 'pending',
          total_amount: total,
          currency: show.currency,
          expires_at: expiresAt,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const claimed = await trx
        .updateTable('seats')
        .set({ status: 'held', booking_id: booking.id, hold_expires_at: expiresAt })
        .where('id', 'in', seatIds)
        .where((eb) =>
          eb.or([eb('status', '=', 'available'), eb.and([eb('status', '=', 'held'), eb('hold_expires_at', '<=', now)])]),
        )
        .returning('id')
        .execute();
      // The seats are locked and were free just now: a shortfall would be a bug; never keep half an offer.
      if (claimed.length !== seatIds.length) throw new Error(`waitlist offer could not claim seats ${seatIds.join(',')}`);
      await trx
        .insertInto('booking_seats')
        .values(
          chosen.map((s, i) => {
            const p = priced.seats[i] as (typeof priced.seats)[number];
            return {
              booking_id: booking.id,
              seat_id: s.id,
              label: s.label,
              price: p.price,
              ticket_type: p.type,
              surcharge: p.surcharge,
            };
          }),
        )
        .execute();
      await trx
        .updateTable('waitlist_entries')
        .set({ status: 'offered', booking_id: booking.id, updated_at: now })
        .where('id', '=', offer.entryId)
        .execute();
      for (const id of seatIds) changes.push({ event_id: eventId, seat_id: id, status: 'held' });
      const owner = await trx.selectFrom('users').select('email').where('id', '=', offer.userId).executeTakeFirst();
      const effects: OutboxEffect[] = [];
      if (owner) {
        const mail = waitlistOfferEmail(
          { id: booking.id, reference, userId: offer.userId },
          { to: owner.email, publicUrl: input.publicUrl, now },
        );
        effects.push({ ...mail, topic: mailTopic(booking.id) });
      }
      await enqueueEffects(trx, effects, now);
      await appendAudit(trx, [
        {
          at: now,
          actor_id: null,
          actor_email: null,
          action: 'waitlist.offer',
          target_type: 'booking',
          target_id: reference,
          details: { event_id: eventId, entry_id: offer.entryId, seat_ids: seatIds, held_until: expiresAt },
          ip: null,
        },
      ]);
    }
  }
  await enqueueEffects(trx, seatChangeEffects(changes), now);
  return changes;
}

export type JoinResult = Exclude<JoinDecision, { ok: true }> | { ok: false; code: 'NOT_FOUND' } | { ok: true; id: number };

export function waitlistStore(db: Db) {
  const k = db.kysely;
  const pg = db.dialect === 'postgres';

  /** Seats a customer could book right now (no wheelchair or companion spaces, nothing blocked). */
  async function freeSeats(trx: Trx, eventId: number, now: number) {
    const row = await trx
      .selectFrom('seats')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('event_id', '=', eventId)
      .where('kind', 'not in', ['blocked', 'wheelchair', 'companion'])
      .where((eb) =>
        eb.or([eb('status', '=', 'available'), eb.and([eb('status', '=', 'held'), eb('hold_expires_at', '<=', now)])]),
      )
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  function joinOnce(input: { eventId: number; userId: number; count: number; now: number }): Promise<JoinResult> {
    const { eventId, userId, count, now } = input;
    return db.transaction(async (trx) => {
      // The showtime's row, shared: a cancellation waits for this join, and the join sees it.
      const show = await trx
        .selectFrom('events')
        .select(['start_time', 'cancelled_at'])
        .where('id', '=', eventId)
        .where('deleted_at', 'is', null)
        .$if(pg, (q) => q.forShare())
        .executeTakeFirst();
      if (!show) return { ok: false, code: 'NOT_FOUND' };
      const mine = await trx
        .selectFrom('waitlist_entries as w')
        .leftJoin('bookings as b', 'b.id', 'w.booking_id')
        .select(['w.status', 'b.status as booking_status', 'b.expires_at'])
        .where('w.event_id', '=', eventId)
        .where('w.user_id', '=', userId)
        .where('w.status', 'in', ['waiting', 'offered'])
        .execute();
      // A live place: still waiting, or seats offered and held (core's reading of a place).
      const alreadyWaiting = mine.some((m) => {
        const offer =
          m.booking_status !== null && m.expires_at !== null ? { status: m.booking_status, expiresAt: m.expires_at } : null;
        const state = waitlistState({ status: m.status }, offer, now);
        return state === 'waiting' || state === 'offered';
      });
      const waiting = await trx
        .selectFrom('waitlist_entries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('event_id', '=', eventId)
        .where('status', '=', 'waiting')
        .executeTakeFirstOrThrow();
      const decision = decideJoin({
        count,
        now,
        showtime: { startTime: show.start_time, cancelled: show.cancelled_at !== null },
        freeSeats: await freeSeats(trx, eventId, now),
        alreadyWaiting,
        waiting: Number(waiting.n),
      });
      if (!decision.ok) return decision;
      const row = await trx
        .insertInto('waitlist_entries')
        .values({
          event_id: eventId,
          user_id: userId,
          count,
          status: 'waiting',
          created_at: now,
          updated_at: now,
          booking_id: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { ok: true, id: row.id };
    });
  }

  return {
    async join(input: { eventId: number; userId: number; count: number; now: number }): Promise<JoinResult> {
      try {
        return await joinOnce(input);
      } catch (error) {
        // Two joins by one customer at once (a double click) both passed the check; the unique
        // index on waiting places let one in.
        if (isUniqueViolation(error)) return { ok: false, code: 'ALREADY_WAITING' };
        throw error;
      }
    },

    /** Leaves the queue; false when the customer is not waiting in it. */
    async leave(eventId: number, userId: number, now: number): Promise<boolean> {
      const left = await k
        .updateTable('waitlist_entries')
        .set({ status: 'left', updated_at: now })
        .where('event_id', '=', eventId)
        .where('user_id', '=', userId)
        .where('status', '=', 'waiting')
        .returning('id')
        .execute();
      return left.length > 0;
    },

    /** Every place in a showtime's queue, first first, with the offer's booking where there is one. */
    entries: (eventId: number) =>
      k
        .selectFrom('waitlist_entries as w')
        .innerJoin('users as u', 'u.id', 'w.user_id')
        .leftJoin('bookings as b', 'b.id', 'w.booking_id')
        .select([
          'w.id',
          'w.event_id',
          'w.user_id',
          'u.email',
          'w.count',
          'w.status',
          'w.created_at',
          'w.updated_at',
          'b.reference as booking_reference',
          'b.status as booking_status',
          'b.expires_at as booking_expires_at',
        ])
        .where('w.event_id', '=', eventId)
        .orderBy('w.id')
        .execute(),
  };
}

export type WaitlistRow = Awaited<ReturnType<ReturnType<typeof waitlistStore>['entries']>>[number];
