import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyServerOptions } from 'fastify';
import { ERROR_STATUS, type ErrorCode } from '../contract/errors.js';

/** What a connection-level failure is called, and what the client is told, in the service's error shape. */
function describe(nodeCode: string | undefined): { code: ErrorCode; detail: string } {
  switch (nodeCode) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { code: 'REQUEST_TIMEOUT', detail: 'The request did not arrive in time; send it again without pauses' };
    case 'HPE_HEADER_OVERFLOW':
      return { code: 'HEADERS_TOO_LARGE', detail: 'The request headers are too large' };
    default:
      return { code: 'BAD_REQUEST', detail: 'The request is not valid HTTP' };
  }
}

/**
 * Errors Node raises before a request reaches Fastify (a deadline passed, unreadable HTTP) are
 * answered on the raw socket. Fastify's default body has its own shape; this one is ours, with the
 * headers that matter on a bare answer, and the connection is closed.
 */
export const answerClientError: NonNullable<FastifyServerOptions['clientErrorHandler']> = (error, socket: Socket) => {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ECONNRESET' || socket.destroyed) return;
  const body = describe(code);
  const status = ERROR_STATUS[body.code];
  const text = JSON.stringify({ detail: body.detail, code: body.code });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        'Content-Type: application/json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(text)}\r\n` +
        'X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n' +
        text,
    );
  }
  socket.destroy(error);
};
