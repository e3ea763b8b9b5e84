import { type Static, Type } from 'typebox';
import { EMAIL_TEMPLATES, STORED_MESSAGE_ID } from '../core/mail.js';
import { Nullable, Timestamp } from './common.js';

export const EmailTemplate = Type.Union([
  Type.Literal('booking_confirmed'),
  Type.Literal('booking_cancelled'),
  Type.Literal('late_payment_refunded'),
  Type.Literal('show_cancelled'),
  Type.Literal('waitlist_offer'),
  Type.Literal('password_reset'),
]);
// One list of templates: the schema above names every one core knows.
const _sameTemplates: (typeof EMAIL_TEMPLATES)[number] extends Static<typeof EmailTemplate> ? true : never = true;

/** A message kept as an .eml file (no SMTP_URL): what customers would have received. */
export const StoredMail = Type.Object({
  id: Type.String({ description: 'Its file name without .eml; GET /api/admin/mail/{id} shows it' }),
  message_id: Nullable(Type.String()),
  to: Nullable(Type.String()),
  subject: Nullable(Type.String()),
  date: Nullable(Timestamp),
  size: Type.Integer({ description: 'Bytes' }),
});
export type StoredMail = Static<typeof StoredMail>;

/** An email still in the outbox: not sent yet, and why. */
export const WaitingMail = Type.Object({
  outbox_id: Type.Integer(),
  template: Nullable(EmailTemplate),
  to: Nullable(Type.String()),
  message_id: Nullable(Type.String()),
  attempts: Type.Integer({ description: 'Failed tries so far' }),
  last_error: Nullable(Type.String({ description: 'Why the last try failed (e.g. the SMTP server did not answer)' })),
  created_at: Timestamp,
  next_attempt_at: Timestamp,
});
export type WaitingMail = Static<typeof WaitingMail>;

export const MailOverview = Type.Object({
  transport: Type.Union([Type.Literal('smtp'), Type.Literal('files')], {
    description: '`smtp`: sent through SMTP_URL (not kept here); `files`: written to DATA_DIR/outbox and listed below',
  }),
  messages: Type.Array(StoredMail, { description: 'Newest first, at most 100' }),
  waiting: Type.Array(WaitingMail, { description: 'Oldest first, at most 100' }),
});
export type MailOverview = Static<typeof MailOverview>;

export const MailIdParam = Type.Object({ id: Type.String({ pattern: STORED_MESSAGE_ID.source, maxLength: 200 }) });

export const MailMessage = Type.Object({
  ...StoredMail.properties,
  from: Nullable(Type.String()),
  headers: Type.Array(Type.Object({ name: Type.String(), value: Type.String() })),
  text: Nullable(Type.String()),
  html: Nullable(Type.String({ description: 'Show it only in a sandboxed frame: it is the message as sent' })),
  attachments: Type.Array(Type.Object({ filename: Type.String(), content_type: Type.String(), size: Type.Integer() })),
});
export type MailMessage = Static<typeof MailMessage>;
