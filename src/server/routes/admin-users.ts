import { Type } from 'typebox';
import { User } from '../../contract/auth.js';
import { IdParam } from '../../contract/common.js';
import { ErrorBody } from '../../contract/errors.js';
import { CheckInList, EventIdParams } from '../../contract/tickets.js';
import { RoleBody, UsersQuery } from '../../contract/users.js';
import { actorOf } from '../plugins/auth.js';
import type { App, RouteContext } from '../types.js';

const tags = ['admin'];
const security = [{ bearer: [] }];
const errors = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };

/** Accounts and their roles, and who came in: admins only (staff and customers get 403). */
export function adminUserRoutes(app: App, { services, guards }: RouteContext) {
  app.addHook('onRequest', guards.requireAdmin);

  app.get('/api/admin/users', {
    schema: {
      tags,
      security,
      summary: 'Accounts, newest first',
      querystring: UsersQuery,
      response: { 200: Type.Array(User), ...errors },
    },
    handler: async (request) => services.roles.list(request.query),
  });

  // Audited in the same transaction as the change (user.role_change), not by onSend.
  app.put('/api/admin/users/:user_id/role', {
    schema: {
      tags,
      security,
      summary: "Change an account's role",
      description:
        'user (customer), usher (door), box_office (counter; can also scan) or admin. Counts from the account’s next request. ' +
        '409 ROLE_CHANGE_REFUSED for your own account or a role it already has.',
      params: IdParam('user_id'),
      body: RoleBody,
      response: { 200: User, ...errors },
    },
    handler: async (request) => {
      const admin = actorOf(request);
      return services.roles.setRole(request.params.user_id, request.body.role, admin);
    },
  });

  app.get('/api/admin/events/:event_id/check-ins', {
    schema: {
      tags,
      security,
      summary: 'Who came in: admitted and expected tickets, and duplicate scans',
      params: EventIdParams,
      response: { 200: CheckInList, ...errors },
    },
    handler: async (request) => services.tickets.checkIns(request.params.event_id),
  });
}
