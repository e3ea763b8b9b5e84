import { Type } from 'typebox';
import {
  AdminBookingsQuery,
  AdminEvent,
  AdminEventsQuery,
  Analytics,
  AuditEntry,
  AuditQuery,
  BookingOwnerBody,
  BookingReferenceParam,
  EventBody,
  EventPatch,
  Hall,
  HallBody,
  HallPatch,
  MovieBody,
  MoviePatch,
  PlannerQuery,
  ShowCancelBody,
  ShowCancellation,
  WeekPlan,
} from '../../contract/admin.js';
import { Booking } from '../../contract/bookings.js';
import { Movie } from '../../contract/catalogue.js';
import { IdParam } from '../../contract/common.js';
import { ErrorBody } from '../../contract/errors.js';
import { actorOf } from '../plugins/auth.js';
import type { App, RouteContext } from '../types.js';

const tags = ['admin'];
const security = [{ bearer: [] }];
const errors = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };
const deleted = { 204: Type.Null({ description: 'Deleted' }) };

export function adminRoutes(app: App, { services, guards, audited }: RouteContext) {
  const admin = services.admin;
  // Every route in this scope needs an admin; a user token gets 403.
  app.addHook('onRequest', guards.requireAdmin);

  app.get('/api/admin/movies', {
    schema: { tags, security, summary: 'All movies', response: { 200: Type.Array(Movie), ...errors } },
    handler: async () => admin.listMovies(),
  });
  app.post('/api/admin/movies', {
    onSend: audited('movie.create', 'movie', (_q, r) => r?.id as number).onSend,
    schema: { tags, security, summary: 'Add a movie', body: MovieBody, response: { 201: Movie, ...errors } },
    handler: async (request, reply) => reply.status(201).send(await admin.createMovie(request.body)),
  });
  app.put('/api/admin/movies/:movie_id', {
    onSend: audited('movie.update', 'movie', (q) => (q.params as { movie_id: number }).movie_id).onSend,
    schema: {
      tags,
      security,
      summary: 'Change a movie',
      params: IdParam('movie_id'),
      body: MoviePatch,
      response: { 200: Movie, ...errors },
    },
    handler: async (request) => admin.updateMovie(request.params.movie_id, request.body),
  });
  app.delete('/api/admin/movies/:movie_id', {
    onSend: audited('movie.delete', 'movie', (q) => (q.params as { movie_id: number }).movie_id).onSend,
    schema: {
      tags,
      security,
      summary: 'Delete a movie and its showtimes',
      description: '409 while any of its showtimes has pending or confirmed bookings.',
      params: IdParam('movie_id'),
      response: { ...deleted, ...errors },
    },
    handler: async (request, reply) => {
      await admin.deleteMovie(request.params.movie_id);
      return reply.status(204).send(null);
    },
  });

  app.get('/api/admin/halls', {
    schema: { tags, security, summary: 'All halls', response: { 200: Type.Array(Hall), ...errors } },
    handler: async () => admin.listHalls(),
  });
  app.post('/api/admin/halls', {
    onSend: audited('hall.create', 'hall', (_q, r) => r?.id as number).onSend,
    schema: {
      tags,
      security,
      summary: 'Add a hall',
      description:
        'A `layout` (rows of seats and gaps, or its text form `A: SSSS__SSSS`) or an older rectangle (`rows`, `seats_per_row`, ' +
        'row-range `categories`), which becomes a layout. Seats outside every listed category are `standard` (factor 1).',
      body: HallBody,
      response: { 201: Hall, ...errors },
    },
    handler: async (request, reply) => reply.status(201).send(await admin.createHall(request.body)),
  });
  app.put('/api/admin/halls/:hall_id', {
    onSend: audited('hall.update', 'hall', (q) => (q.params as { hall_id: number }).hall_id).onSend,
    schema: {
      tags,
      security,
      summary: 'Change a hall',
      params: IdParam('hall_id'),
      body: HallPatch,
      response: { 200: Hall, ...errors },
    },
    handler: async (request) => admin.updateHall(request.params.hall_id, request.body),
  });
  app.delete('/api/admin/halls/:hall_id', {
    onSend: audited('hall.delete', 'hall', (q) => (q.params as { hall_id: number }).hall_id).onSend,
    schema: { tags, security, summary: 'Delete a hall', params: IdParam('hall_id'), response: { ...deleted, ...errors } },
    handler: async (request, reply) => {
      await admin.deleteHall(request.params.hall_id);
      return reply.status(204).send(null);
    },
  });

  app.get('/api/admin/events', {
    schema: {
      tags,
      security,
      summary: 'Showtimes with seat counts',
      description:
        'Filters: `cinema_id`, `hall_id`, `movie_id`, and a business day (`date`) or range (`from` … `to`, both included, at most ' +
        "31 days) in each showtime's cinema; a day filter includes past showtimes. A bad or reversed date is 422 naming the field.",
      querystring: AdminEventsQuery,
      response: { 200: Type.Array(AdminEvent), ...errors },
    },
    handler: async (request) => admin.listEvents(request.query),
  });
  app.get('/api/admin/planner', {
    schema: {
      tags,
      security,
      summary: "A cinema's week for the planner: halls, business days and their showtimes",
      description:
        "Seven business days from `week_start` in the cinema's zone (each from BUSINESS_DAY_START to the next day's; a show " +
        'after midnight belongs to the day before), the cleaning buffer drawn after each film, and the showtimes of those days.',
      querystring: PlannerQuery,
      response: { 200: WeekPlan, ...errors },
    },
    handler: async (request) => admin.planWeek(request.query),
  });
  app.post('/api/admin/events', {
    onSend: audited('event.create', 'event', (_q, r) => r?.event_id as number).onSend,
    schema: {
      tags,
      security,
      summary: 'Schedule a showtime (seats are generated)',
      description:
        'With `hall_id` the seats follow the hall layout. Without it, `total_seats` (default 25) seats are laid out ' +
        'in a near-square grid priced 1.2x / 1x / 0.8x by row thirds. Showtimes in one hall may not overlap ' +
        '(film length plus CLEANING_BUFFER_MINUTES, 15 by default). `start_time` without an offset is the wall time of the ' +
        "hall's cinema (see `fold` for the hour the clocks repeat).",
      body: EventBody,
      response: { 201: AdminEvent, ...errors },
    },
    handler: async (request, reply) => reply.status(201).send(await admin.createEvent(request.body)),
  });
  app.put('/api/admin/events/:event_id', {
    onSend: audited('event.update', 'event', (q) => (q.params as { event_id: number }).event_id).onSend,
    schema: {
      tags,
      security,
      summary: 'Change a showtime',
      params: IdParam('event_id'),
      body: EventPatch,
      response: { 200: AdminEvent, ...errors },
    },
    handler: async (request) => admin.updateEvent(request.params.event_id, request.body),
  });
  app.delete('/api/admin/events/:event_id', {
    onSend: audited('event.delete', 'event', (q) => (q.params as { event_id: number }).event_id).onSend,
    schema: { tags, security, summary: 'Delete a showtime', params: IdParam('event_id'), response: { ...deleted, ...errors } },
    handler: async (request, reply) => {
      await admin.deleteEvent(request.params.event_id);
      return reply.status(204).send(null);
    },
  });

  // Audited in the same transaction as the change (showtime.cancel, and booking.cancel per booking).
  app.post('/api/admin/events/:event_id/cancel', {
    schema: {
      tags,
      security,
      summary: 'Cancel a showtime: stop sales, void tickets, refund and email every customer',
      description:
        'Marks the showtime cancelled (no hold or sale can start after this answers) and, in the same transaction, ' +
        'cancels every live booking: held seats are released; paid bookings get their tickets voided and a full refund ' +
        '(whatever the refund policy) sent to the payment provider; every customer gets an email quoting `note`. ' +
        'Refunds and emails go out through the outbox after the answer; follow them with GET …/cancellation. ' +
        '409 SHOWTIME_CANCELLED when already cancelled, 409 SHOWTIME_ENDED once it has ended.',
      params: IdParam('event_id'),
      body: ShowCancelBody,
      response: { 200: ShowCancellation, ...errors },
    },
    handler: async (request) => {
      const actor = actorOf(request);
      return services.showCancellations.cancel(request.params.event_id, request.body.note, {
        id: actor.id,
        email: actor.email,
        ip: actor.ip,
      });
    },
  });
  app.get('/api/admin/events/:event_id/cancellation', {
    schema: {
      tags,
      security,
      summary: "A cancelled showtime's refunds and emails: how many have gone out",
      description: '404 for a showtime that has not been cancelled.',
      params: IdParam('event_id'),
      response: { 200: ShowCancellation, ...errors },
    },
    handler: async (request) => services.showCancellations.progress(request.params.event_id),
  });

  app.get('/api/admin/bookings', {
    schema: {
      tags,
      security,
      summary: 'Bookings, newest first',
      querystring: AdminBookingsQuery,
      response: { 200: Type.Array(Booking), ...errors },
    },
    handler: async (request) =>
      services.bookings.list({
        eventId: request.query.event_id,
        status: request.query.status,
        search: request.query.q,
        limit: request.query.limit,
        offset: request.query.offset,
      }),
  });

  // Audited in the same transaction as the change (booking.reassign), not by onSend.
  app.put('/api/admin/bookings/:booking_reference/owner', {
    schema: {
      tags,
      security,
      summary: 'Give an imported booking to its customer',
      description:
        'Bookings imported from the prototype belong to the placeholder account "Imported customer" (the prototype never ' +
        'recorded who booked). This gives one to the active account with `email`, whose My bookings then lists it. ' +
        '404 for an unknown booking or no active account with that email; 409 (BOOKING_NOT_IMPORTED) for a booking that ' +
        'already belongs to a customer.',
      params: BookingReferenceParam,
      body: BookingOwnerBody,
      response: { 200: Booking, ...errors },
    },
    handler: async (request) => admin.reassignBooking(request.params.booking_reference, request.body.email, request),
  });

  app.get('/api/admin/audit', {
    schema: {
      tags,
      security,
      summary: 'The audit log: sign-in and account events, admin actions and booking state changes, newest first',
      querystring: AuditQuery,
      response: { 200: Type.Array(AuditEntry), ...errors },
    },
    handler: async (request) => admin.audit(request.query),
  });

  app.get('/api/admin/analytics', {
    schema: { tags, security, summary: 'Occupancy, bookings and revenue', response: { 200: Analytics, ...errors } },
    handler: async () => admin.analytics(),
  });
}
