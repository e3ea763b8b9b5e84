import { IdParam } from '../../contract/common.js';
import { ErrorBody } from '../../contract/errors.js';
import { PromoCode, PromoCodeBody, PromoCodeDeleted, PromoCodeList } from '../../contract/promo-codes.js';
import { actorOf } from '../plugins/auth.js';
import type { App, RouteContext } from '../types.js';

const tags = ['admin'];
const security = [{ bearer: [] }];
const errors = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };

/** Promo codes: admins only; every change audited (promo_code.create/update/delete/deactivate) in its own transaction. */
export function adminPromoCodeRoutes(app: App, { services, guards }: RouteContext) {
  app.addHook('onRequest', guards.requireAdmin);

  app.get('/api/admin/promo-codes', {
    schema: {
      tags,
      security,
      summary: 'Promo codes, newest first (at most 500), with their uses and paid bookings',
      response: { 200: PromoCodeList, ...errors },
    },
    handler: async () => ({ promo_codes: await services.promoCodes.list() }),
  });

  app.post('/api/admin/promo-codes', {
    schema: {
      tags,
      security,
      summary: 'Create a promo code',
      description: '409 PROMO_CODE_TAKEN when a code of that name (in any case) exists; 422 names each field that is wrong.',
      body: PromoCodeBody,
      response: { 201: PromoCode, ...errors },
    },
    handler: async (request, reply) => reply.status(201).send(await services.promoCodes.create(request.body, actorOf(request))),
  });

  app.put('/api/admin/promo-codes/:id', {
    schema: {
      tags,
      security,
      summary: "Replace a promo code's terms (and activate or deactivate it)",
      description:
        'Fields left out are cleared (no limit). Bookings already held keep their discount; a cap may not go below the uses counted.',
      params: IdParam('id'),
      body: PromoCodeBody,
      response: { 200: PromoCode, ...errors },
    },
    handler: async (request) => services.promoCodes.update(request.params.id, request.body, actorOf(request)),
  });

  app.delete('/api/admin/promo-codes/:id', {
    schema: {
      tags,
      security,
      summary: 'Delete a promo code never used, or deactivate one that was',
      params: IdParam('id'),
      response: { 200: PromoCodeDeleted, ...errors },
    },
    handler: async (request) => services.promoCodes.remove(request.params.id, actorOf(request)),
  });
}
