import { ErrorBody } from '../../contract/errors.js';
import {
  CheckInBody,
  CheckInInvalid,
  CheckInResponse,
  DoorPack,
  DoorShowtimes,
  DoorShowtimesQuery,
  EventIdParams,
  SyncBody,
  SyncResponse,
} from '../../contract/tickets.js';
import { actorOf } from '../plugins/auth.js';
import type { App, RouteContext } from '../types.js';

const tags = ['staff'];
const security = [{ bearer: [] }];
const errors = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

/** Door staff: ushers, the box office and admins. Customers get 403 on every route here. */
export function staffRoutes(app: App, { services, guards }: RouteContext) {
  app.addHook('onRequest', guards.requireStaff);
  const tickets = services.tickets;

  app.post('/api/staff/check-in', {
    schema: {
      tags,
      security,
      summary: 'Scan a ticket at the door',
      description:
        'Verifies the QR code’s signature, that the showtime’s doors are open (from 60 minutes before the start until its end) ' +
        'and, with `event_id`, that it is that showtime; then admits the ticket once. 200 `admitted`; 409 `already_used` ' +
        '(with `used_at` and `device_id` of the admission), `void` (cancelled) or `wrong_showtime`; 422 `invalid` for a bad ' +
        'signature or a malformed code. Of many scans of one ticket at the same moment exactly one is admitted.',
      body: CheckInBody,
      response: { 200: CheckInResponse, 409: CheckInResponse, 422: CheckInInvalid, ...errors },
    },
    handler: async (request, reply) => {
      const { status, body } = await tickets.checkIn(request.body, actorOf(request));
      return reply.status(status).send(body);
    },
  });

  app.post('/api/staff/check-in/sync', {
    schema: {
      tags,
      security,
      summary: 'Upload scans a device made offline',
      description:
        'Each scan is judged at the time it was made (never later than now). The earliest scan of a ticket admits it, ' +
        'even if a later one reached the server first; later scans are reported as `duplicate` with the admission’s ' +
        '`used_at` and `device_id`, and listed for staff in GET /api/admin/events/{event_id}/check-ins.',
      body: SyncBody,
      response: { 200: SyncResponse, 422: ErrorBody, ...errors },
    },
    handler: async (request) => tickets.sync(request.body, actorOf(request)),
  });

  app.get('/api/staff/showtimes', {
    schema: {
      tags,
      security,
      summary: "Today's showtimes for the door",
      description:
        "One cinema's showtimes (`cinema_id`, default the first cinema) that run on its day in its own zone, and any " +
        'whose doors are open now (a show after midnight), earliest first, with the tickets expected and admitted so far.',
      querystring: DoorShowtimesQuery,
      response: { 200: DoorShowtimes, ...errors },
    },
    handler: async (request) => tickets.doorShowtimes(request.query.cinema_id),
  });

  app.get('/api/staff/events/:event_id/door-pack', {
    schema: {
      tags,
      security,
      summary: 'What a door device needs to check tickets on its own',
      description:
        'The public keys, the showtime and its door window, the ids of voided tickets and the tickets already admitted. ' +
        'Fetch it before the doors open; a device then checks tickets offline and uploads its scans with /api/staff/check-in/sync.',
      params: EventIdParams,
      response: { 200: DoorPack, ...errors },
    },
    handler: async (request) => tickets.doorPack(request.params.event_id),
  });
}
