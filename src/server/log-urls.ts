import type { FastifyRequest } from 'fastify';

/** Query parameters that carry a credential (the emailed password-reset link's `token`). */
const SECRET_QUERY = /([?&](?:token)=)[^&#]*/gi;

/** A URL as the log may keep it: credentials in the query replaced. */
export function loggableUrl(url: string): string {
  return url.replace(SECRET_QUERY, '$1[redacted]');
}

/** Fastify's request log fields, with the URL made loggable: a reset link opened in the app is never written to a log. */
export function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: loggableUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
