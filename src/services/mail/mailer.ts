import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import type { Config } from '../../config.js';
import { emlFileName } from '../../core/mail.js';

/**
 * How long one SMTP delivery may wait (ms): for the TCP (or TLS) connection, for the server's
 * greeting once connected, and for any answer during the conversation. A server that is down or
 * silent fails the delivery within these, and the outbox tries again later; nothing waits for ever.
 */
export const SMTP_TIMEOUTS = {
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  socketTimeout: 30_000,
  dnsTimeout: 10_000,
} as const;
export type SmtpTimeouts = { [K in keyof typeof SMTP_TIMEOUTS]: number };

/** `cid`: an inline part the HTML shows with `<img src="cid:…">` (a ticket's QR code). */
export type MailAttachment = { filename: string; content: string | Buffer; contentType: string; cid?: string };

export type MailMessage = {
  messageId: string;
  date: Date;
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments?: MailAttachment[];
};

export type Mailer = {
  /** `smtp` with SMTP_URL; otherwise `files`: .eml files under DATA_DIR/outbox. */
  transport: 'smtp' | 'files';
  send(message: MailMessage): Promise<void>;
};

type MailConfig = Pick<Config, 'smtpUrl' | 'mailFrom' | 'dataDir'>;

/** Where messages are kept when there is no SMTP server: DATA_DIR/outbox. */
export const mailFolder = (config: Pick<Config, 'dataDir'>) => join(config.dataDir, 'outbox');

function fields(from: string, message: MailMessage) {
  return {
    from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    messageId: message.messageId,
    date: message.date,
    attachments: message.attachments ?? [],
  };
}

/** Sends over SMTP_URL, one connection per message (nothing to keep open between deliveries). */
function smtpMailer(config: MailConfig & { smtpUrl: string }, timeouts: SmtpTimeouts): Mailer {
  const transport = createTransport({ url: config.smtpUrl, ...timeouts });
  return {
    transport: 'smtp',
    async send(message) {
      await transport.sendMail(fields(config.mailFrom, message));
    },
  };
}

/**
 * Writes each message as an .eml file named after its Message-ID: a retry overwrites the same
 * file, and the admin Mail screen shows what customers would have received. Written to a
 * temporary name and renamed, so a reader never sees half a message. Only the service's user may
 * read them (reset links are inside).
 */
function fileMailer(config: MailConfig): Mailer {
  const transport = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    transport: 'files',
    async send(message) {
      const info = await transport.sendMail(fields(config.mailFrom, message));
      const folder = mailFolder(config);
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      const file = join(folder, emlFileName(message.messageId));
      const partial = `${file}.${process.pid}.partial`;
      writeFileSync(partial, info.message as Buffer, { mode: 0o600 });
      chmodSync(partial, 0o600);
      renameSync(partial, file);
    },
  };
}

export function createMailer(config: MailConfig, timeouts: SmtpTimeouts = SMTP_TIMEOUTS): Mailer {
  return config.smtpUrl ? smtpMailer({ ...config, smtpUrl: config.smtpUrl }, timeouts) : fileMailer(config);
}

const mailers = new WeakMap<object, Mailer>();

/** One mailer per configuration, made on first use. */
export function mailerFor(config: Config): Mailer {
  let mailer = mailers.get(config);
  if (!mailer) {
    mailer = createMailer(config);
    mailers.set(config, mailer);
  }
  return mailer;
}
