import type { BestSeatsBody, BestSeatsResponse } from '../contract/catalogue.js';
import { AppError } from '../contract/errors.js';
import { findBestSeats } from '../core/best-seats.js';
import { effectiveSeatStatus } from '../core/holds.js';
import { toMajorUnits } from '../core/money.js';
import { toIso } from '../core/schedule.js';
import { accessibleReleaseAt, checkSelection, indexSeats, type SeatSpot, strandedBy, takenIn } from '../core/seat-rules.js';
import { priceBooking } from '../core/ticket-pricing.js';
import { type EventSeatRow, eventStore } from '../db/stores/event-store.js';
import type { Deps } from './deps.js';

/**
 * The seating rules on a showtime as it is now: hall shape (aisles), kinds (wheelchair spaces,
 * companions, couples, blocked), no single seat left alone, best available. They read a picture
 * of the seats; the store's conditional claim still decides who gets a seat.
 */
type Seating = NonNullable<Awaited<ReturnType<ReturnType<typeof eventStore>['seatingOf']>>>;
type SeatRow = EventSeatRow;

export function seatingService(deps: Deps) {
  const events = eventStore(deps.db);

  /**
   * `gone`: seats to read as taken (lost to another buyer in a race this picture may predate).
   * `rowsOf`: read only the rows of these seats.
   */
  async function load(eventId: number, gone: ReadonlySet<number> = new Set(), rowsOf?: number[]) {
    const seating = await events.seatingOf(eventId);
    if (!seating) throw new AppError('EVENT_NOT_FOUND', `Showtime ${eventId} not found`);
    return pictureOf(seating, await events.seatMap(eventId, rowsOf), gone);
  }

  function pictureOf(seating: Seating, rows: SeatRow[], gone: ReadonlySet<number> = new Set()) {
    const now = deps.clock.now();
    const spots: SeatSpot[] = rows.map((r) => ({
      id: r.id,
      row: r.row_index,
      col: r.col ?? r.number,
      kind: r.kind,
      category: r.category,
      free: !gone.has(r.id) && effectiveSeatStatus(r.status, r.hold_expires_at, now) === 'available',
    }));
    const releaseAt = accessibleReleaseAt(seating.start_time, deps.config.accessibleReleaseMinutes);
    return { seating, rows, spots, releaseAt, protectedNow: now < releaseAt };
  }

  const labelsOf = (rows: { id: number; label: string }[], ids: number[]) => {
    const byId = new Map(rows.map((r) => [r.id, r.label]));
    const labels = ids.map((id) => byId.get(id) ?? `#${id}`);
    return labels.length <= 1 ? labels.join('') : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
  };

  return {
    /** The rows of the requested seats with their showtime, in one read (see eventStore.holdPicture). */
    holdPicture: (seatIds: number[]) => events.holdPicture(seatIds),

    /**
     * Throws the seating rule a selection breaks, if any (409, naming the seats). Answers the
     * requested seats this picture shows taken (held by a running hold, or sold): the hold is
     * refused without a transaction then. An empty answer promises nothing: the store's claim
     * still decides who gets a seat. `rowsOf`: the seats' rows and showtime, read already.
     */
    async checkHold(
      eventId: number,
      seatIds: number[],
      accessible: boolean,
      rowsOf?: { seating: Seating; rows: SeatRow[] },
    ): Promise<number[]> {
      // Every rule but the suggestion looks only at the rows chosen from: a hold reads those rows,
      // and the whole hall only when a single seat would be left: the other choice is sought in all of it.
      let { seating, rows, spots, releaseAt, protectedNow } = rowsOf
        ? pictureOf(rowsOf.seating, rowsOf.rows)
        : await load(eventId, undefined, seatIds);
      const decide = () =>
        checkSelection({
          seats: spots,
          selectedIds: seatIds,
          buyer: { accessible, protectedNow },
          singleSeatRule: seating.single_seat_rule,
        });
      let check = decide();
      if (check.ok) {
        const taken = takenIn(spots, seatIds);
        if (taken.length > 0) return taken;
      }
      if ((check.ok || check.code === 'SINGLE_SEAT_GAP') && seating.single_seat_rule && strandsASeat(spots, seatIds)) {
        ({ seating, rows, spots, releaseAt, protectedNow } = await load(eventId));
        check = decide();
      }
      if (check.ok) return [];
      const seats = labelsOf(rows, check.seatIds);
      switch (check.code) {
        case 'SEAT_NOT_FOR_SALE':
          throw new AppError('SEAT_NOT_FOR_SALE', `Seat ${seats} is out of service and not sold`, { seat_ids: check.seatIds });
        case 'ACCESSIBLE_SEATS_RESERVED':
          throw new AppError(
            'ACCESSIBLE_SEATS_RESERVED',
            `Seat ${seats} is kept for wheelchair users until ${toIso(releaseAt)}; ask for it with accessible: true if you need the space`,
            { seat_ids: check.seatIds },
          );
        case 'COMPANION_NEEDS_WHEELCHAIR':
          throw new AppError(
            'COMPANION_NEEDS_WHEELCHAIR',
            `Companion seat ${seats} is sold with its wheelchair space ${labelsOf(rows, check.wheelchairIds)}; choose both`,
            { seat_ids: check.seatIds, suggested_seat_ids: [...seatIds, ...check.wheelchairIds] },
          );
        case 'COUPLE_SEATS_TOGETHER':
          throw new AppError(
            'COUPLE_SEATS_TOGETHER',
            `Seat ${seats} is a couple seat sold with ${labelsOf(rows, check.partnerIds)}; choose both`,
            { seat_ids: check.seatIds, suggested_seat_ids: [...seatIds, ...check.partnerIds] },
          );
        case 'SINGLE_SEAT_GAP':
          throw new AppError(
            'SINGLE_SEAT_GAP',
            `This choice would leave seat ${seats} empty on its own, where nobody is likely to buy it; ` +
              `${labelsOf(rows, check.suggestion)} leave no seat alone`,
            { seat_ids: check.seatIds, suggested_seat_ids: check.suggestion },
          );
      }
    },

    /** The best seats for `count` people right now, without holding them; 409 NOT_ENOUGH_SEATS naming what there is. */
    async best(eventId: number, body: BestSeatsBody, gone?: ReadonlySet<number>): Promise<BestSeatsResponse> {
      const { seating, rows, spots, protectedNow } = await load(eventId, gone);
      const accessible = body.accessible === true;
      const result = findBestSeats({ seats: spots, count: body.count, category: body.category, accessible, protectedNow });
      if (!result.ok) {
        const { available } = result;
        const where = body.category ? ` in ${body.category}` : '';
        const kind = accessible ? ' with a wheelchair space' : '';
        throw new AppError(
          'NOT_ENOUGH_SEATS',
          `No ${body.count} seats${kind}${where} are free: ${available.seats} ${available.seats === 1 ? 'is' : 'are'}, ` +
            `at most ${available.together} side by side`,
          { available },
        );
      }
      const byId = new Map(rows.map((r) => [r.id, r]));
      const chosen = result.seatIds.map((id) => byId.get(id)).filter((r) => r !== undefined);
      // What the seats cost as adult tickets, the format surcharge included (what a hold without ticket types charges).
      const priced = priceBooking({
        card: seating.card,
        seats: chosen.map((r) => ({ seatId: r.id, category: r.category, price: r.price })),
        types: new Map(),
      });
      return {
        event_id: eventId,
        seat_ids: result.seatIds,
        seats: chosen.map((r, i) => ({
          seat_id: r.id,
          label: r.label,
          row: r.row_label,
          number: r.number,
          category: r.category,
          kind: r.kind,
          price: toMajorUnits(priced.seats[i]?.price ?? r.price, seating.currency),
        })),
        together: result.together,
        step: result.step,
        leaves_single_seat: result.strandedIds.length > 0,
        total_amount: toMajorUnits(priced.total, seating.currency),
        currency: seating.currency,
      };
    },
  };
}

export type SeatingService = ReturnType<typeof seatingService>;

const strandsASeat = (spots: SeatSpot[], seatIds: number[]) => strandedBy(indexSeats(spots), new Set(seatIds)).length > 0;
