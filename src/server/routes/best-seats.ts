import { HoldResponse } from '../../contract/bookings.js';
import { BestSeatsBody, BestSeatsResponse } from '../../contract/catalogue.js';
import { IdParam } from '../../contract/common.js';
import { AppError, ErrorBody } from '../../contract/errors.js';
import { seatingService } from '../../services/seating.js';
import { actorOf } from '../plugins/auth.js';
import type { App, RouteContext } from '../types.js';

/** How often a hold of the best seats is retried with the next best after another buyer took them first. */
const HOLD_ATTEMPTS = 8;
const RACE_LOST = new Set(['SEATS_UNAVAILABLE', 'SINGLE_SEAT_GAP']);

export function bestSeatsRoutes(app: App, { services, guards, deps }: RouteContext) {
  const seating = seatingService(deps);

  app.post('/api/events/:event_id/best-seats', {
    schema: {
      tags: ['catalogue'],
      summary: 'The best seats available now for a group',
      description:
        'Seats side by side in one row that leave no single seat, nearest the centre two-thirds back; else side by side; ' +
        'else the nearest seats across rows; else split. Aisles separate seats. Wheelchair spaces and companions only for ' +
        '`accessible: true`. 409 NOT_ENOUGH_SEATS says what is free instead. With `hold: true` (and a token) the seats are ' +
        'held at once and the answer is that of POST /api/book-seats.',
      params: IdParam('event_id'),
      body: BestSeatsBody,
      response: {
        200: BestSeatsResponse,
        201: HoldResponse,
        401: ErrorBody,
        404: ErrorBody,
        409: ErrorBody,
        422: ErrorBody,
        429: ErrorBody,
      },
    },
    handler: async (request, reply) => {
      const eventId = request.params.event_id;
      const body = request.body;
      if (!body.hold) return seating.best(eventId, body);
      await guards.requireUser(request, reply);
      const actor = actorOf(request);
      // The claim decides: when another buyer got there first, the next best is tried, with the
      // seats lost so far read as taken even if the winner has not committed yet.
      const gone = new Set<number>();
      for (let attempt = 1; ; attempt++) {
        const best = await seating.best(eventId, body, gone);
        try {
          const held = await services.bookings.holdSeats(
            {
              seat_ids: best.seat_ids,
              event_id: eventId,
              accessible: body.accessible === true,
              ...(body.promo_code !== undefined ? { promo_code: body.promo_code } : {}),
            },
            actor,
          );
          return reply.status(201).send(held);
        } catch (error) {
          if (attempt < HOLD_ATTEMPTS && error instanceof AppError && RACE_LOST.has(error.code)) {
            for (const id of error.extra.seat_ids ?? []) gone.add(id);
            continue;
          }
          throw error;
        }
      }
    },
  });
}
