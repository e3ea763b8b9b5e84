import { Type } from 'typebox';
import { IdParam } from '../../contract/common.js';
import { ErrorBody } from '../../contract/errors.js';
import { AdminWaitlist, WaitlistEntry, WaitlistJoinBody } from '../../contract/waitlist.js';
import { actorOf } from '../plugins/auth.js';
import type { App, RouteContext } from '../types.js';

const errors = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };
const security = [{ bearer: [] }];

/** The waitlist of a sold-out showtime: signed-in customers queue; admins see the queue. */
export function waitlistRoutes(app: App, { services, guards }: RouteContext) {
  const tags = ['bookings'];

  app.post('/api/events/:event_id/waitlist', {
    preHandler: guards.requireUser,
    schema: {
      tags,
      security,
      summary: 'Join the waitlist of a sold-out showtime',
      description:
        'When seats free up (a hold runs out, a booking is cancelled), the first in line whose `count` fits gets the best ' +
        'such seats held for 15 minutes and an email with a link to pay; an offer not paid runs out and goes to the next ' +
        'in line. 409 SEATS_AVAILABLE when `count` seats are free now (book them), ALREADY_ON_WAITLIST, ' +
        'SHOWTIME_CANCELLED, WAITLIST_FULL (500 people).',
      params: IdParam('event_id'),
      body: WaitlistJoinBody,
      response: { 201: WaitlistEntry, ...errors },
    },
    handler: async (request, reply) =>
      reply.status(201).send(await services.waitlist.join(request.params.event_id, request.body.count, actorOf(request))),
  });

  app.get('/api/events/:event_id/waitlist', {
    preHandler: guards.requireUser,
    schema: {
      tags,
      security,
      summary: 'Your place on the waitlist: position while waiting, the held booking when seats are offered',
      params: IdParam('event_id'),
      response: { 200: WaitlistEntry, ...errors },
    },
    handler: async (request) => services.waitlist.mine(request.params.event_id, actorOf(request)),
  });

  app.delete('/api/events/:event_id/waitlist', {
    preHandler: guards.requireUser,
    schema: {
      tags,
      security,
      summary: 'Leave the waitlist',
      params: IdParam('event_id'),
      response: { 204: Type.Null({ description: 'Left' }), ...errors },
    },
    handler: async (request, reply) => {
      await services.waitlist.leave(request.params.event_id, actorOf(request));
      return reply.status(204).send(null);
    },
  });

  app.get('/api/admin/events/:event_id/waitlist', {
    preHandler: guards.requireAdmin,
    schema: {
      tags: ['admin'],
      security,
      summary: "A showtime's waitlist: how many wait, for how many seats, and each place",
      params: IdParam('event_id'),
      response: { 200: AdminWaitlist, ...errors },
    },
    handler: async (request) => services.waitlist.forAdmin(request.params.event_id),
  });
}
