/**
 * Settings for the messages customers receive: where links in them point, how they are sent, who
 * they come from, and the time zone their showtimes are written in. Read by loadConfig
 * (src/config.ts); kept apart so the mail settings and their checks sit in one place.
 */

import { isTimeZone } from './core/cinema-time.js';

export type MailSettings = {
  /** The public address of the web app, without a trailing slash: links in emails start here. */
  publicUrl: string;
  /** smtp://user:pass@host:port or smtps://…; unset: messages are written as .eml files under DATA_DIR/outbox. */
  smtpUrl?: string;
  /** The From header, e.g. `bookmemovie <no-reply@cinema.example>`. */
  mailFrom: string;
  /** IANA zone the cinema's showtimes are written in for people (emails). */
  cinemaTimeZone: string;
};

export class MailSettingsError extends Error {}

function publicUrl(env: NodeJS.ProcessEnv, port: number): string {
  // PUBLIC_URL first; the prototype called it BASE_URL, and its .env keeps working.
  // A BASE_URL that is not an absolute address is not the prototype's (build tools such as Vite
  // set BASE_URL=/ for their own use): it is ignored rather than refused.
  const prototypeBase = env.BASE_URL?.trim();
  const usableBase = prototypeBase && /^https?:\/\//i.test(prototypeBase) ? prototypeBase : undefined;
  const name = env.PUBLIC_URL?.trim() ? 'PUBLIC_URL' : usableBase ? 'BASE_URL' : null;
  if (name === null) return `http://localhost:${port}`;
  const raw = (env[name] as string).trim();
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new MailSettingsError(`${name} must be an http(s) address like https://tickets.example.com, got "${raw}"`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash || url.username || url.password) {
    throw new MailSettingsError(
      `${name} must be an http(s) address like https://tickets.example.com (no query, fragment or credentials), got "${raw}"`,
    );
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

function smtpUrl(raw: string | undefined): string | undefined {
  const url = raw?.trim();
  if (!url) return undefined;
  if (!/^smtps?:\/\/[^/\s]+/.test(url) || !URL.canParse(url)) {
    throw new MailSettingsError('SMTP_URL must be a URL like smtp://user:password@mail.example.com:587 or smtps://…:465');
  }
  return url;
}

/** A display name and an address, or an address alone; no line breaks (they would add headers). */
const FROM_SHAPE = /^(?:[^<>\r\n]{0,100}<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/;

function mailFrom(raw: string | undefined): string {
  const from = raw?.trim() || 'bookmemovie <no-reply@localhost>';
  if (!FROM_SHAPE.test(from)) {
    throw new MailSettingsError(`MAIL_FROM must be an address or "Name <address>", got "${from}"`);
  }
  return from;
}

/** The zone this process runs in, as the runtime reports it. */
export const serverTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

export { isTimeZone };

function cinemaTimeZone(raw: string | undefined): string {
  const zone = raw?.trim();
  if (!zone) return serverTimeZone();
  if (!isTimeZone(zone))
    throw new MailSettingsError(`CINEMA_TIME_ZONE must be an IANA time zone such as Europe/Paris, got "${zone}"`);
  return zone;
}

export function readMailSettings(env: NodeJS.ProcessEnv, port: number): MailSettings {
  const smtp = smtpUrl(env.SMTP_URL);
  return {
    publicUrl: publicUrl(env, port),
    ...(smtp ? { smtpUrl: smtp } : {}),
    mailFrom: mailFrom(env.MAIL_FROM),
    cinemaTimeZone: cinemaTimeZone(env.CINEMA_TIME_ZONE),
  };
}
