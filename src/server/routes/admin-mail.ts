import { ErrorBody } from '../../contract/errors.js';
import { MailIdParam, MailMessage, MailOverview } from '../../contract/mail.js';
import { mailAdmin } from '../../services/mail/mail-admin.js';
import type { App, RouteContext } from '../types.js';

const tags = ['admin'];
const security = [{ bearer: [] }];
const errors = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody };

/** The admin Mail screen's API: what customers were sent (without SMTP_URL) and what is waiting. */
export function adminMailRoutes(app: App, { guards, deps }: RouteContext) {
  const mail = mailAdmin(deps);
  app.addHook('onRequest', guards.requireAdmin);

  app.get('/api/admin/mail', {
    schema: {
      tags,
      security,
      summary: 'Emails: those written to DATA_DIR/outbox and those waiting to be sent',
      description:
        'Without SMTP_URL every email is written as an .eml file; `messages` lists them, newest first. `waiting` lists emails not sent yet (the SMTP server is down or refused them), with the number of tries and the last error.',
      response: { 200: MailOverview, ...errors },
    },
    handler: async () => mail.overview(),
  });

  app.get('/api/admin/mail/:id', {
    schema: {
      tags,
      security,
      summary: 'One stored email: its headers, text and HTML parts, and attachments',
      params: MailIdParam,
      response: { 200: MailMessage, ...errors },
    },
    handler: async (request) => mail.message(request.params.id),
  });
}
