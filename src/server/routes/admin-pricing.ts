import { IdParam } from '../../contract/common.js';
import { ErrorBody } from '../../contract/errors.js';
import { PriceCardBody, PriceCardResponse, RestrictedRatings } from '../../contract/pricing.js';
import { actorOf } from '../plugins/auth.js';
import type { App, RouteContext } from '../types.js';

const tags = ['admin'];
const security = [{ bearer: [] }];
const errors = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody };

/** Ticket types, prices, formats and the child-ticket rule: admins only. Changes are audited in their own transaction. */
export function adminPricingRoutes(app: App, { services, guards }: RouteContext) {
  app.addHook('onRequest', guards.requireAdmin);

  app.get('/api/admin/events/:event_id/price-card', {
    schema: {
      tags,
      security,
      summary: "A showtime's ticket types, their prices per seat category, its format and surcharge",
      params: IdParam('event_id'),
      response: { 200: PriceCardResponse, ...errors },
    },
    handler: async (request) => services.pricing.priceCard(request.params.event_id),
  });

  app.put('/api/admin/events/:event_id/price-card', {
    schema: {
      tags,
      security,
      summary: "Set a showtime's ticket types and prices, and its format and surcharge",
      description:
        'Replaces the ticket types the showtime sells (adult must be one; add your own, e.g. member). Prices are per seat category, ' +
        'in major units; a category left out costs what adult costs there, adult left out costs the seat price. ' +
        'Bookings already made keep their prices. Audited (event.price_card).',
      params: IdParam('event_id'),
      body: PriceCardBody,
      response: { 200: PriceCardResponse, ...errors },
    },
    handler: async (request) => services.pricing.setPriceCard(request.params.event_id, request.body, actorOf(request)),
  });

  app.get('/api/admin/settings/child-restricted-ratings', {
    schema: {
      tags,
      security,
      summary: 'Film ratings that sell no child tickets',
      response: { 200: RestrictedRatings, ...errors },
    },
    handler: async () => services.pricing.restrictedRatings(),
  });

  app.put('/api/admin/settings/child-restricted-ratings', {
    schema: {
      tags,
      security,
      summary: 'Set the film ratings that sell no child tickets',
      description:
        'A hold with a child ticket for a film with one of these ratings is refused (422 CHILD_TICKET_NOT_ALLOWED). Audited.',
      body: RestrictedRatings,
      response: { 200: RestrictedRatings, ...errors },
    },
    handler: async (request) => services.pricing.setRestrictedRatings(request.body, actorOf(request)),
  });
}
