import { Type } from 'typebox';
import { ErrorBody } from '../../contract/errors.js';
import { BookingReferenceParams, Jwks, Ticket, TicketIdParams } from '../../contract/tickets.js';
import { actorOf } from '../plugins/auth.js';
import type { App, RouteContext } from '../types.js';

const tags = ['tickets'];
const security = [{ bearer: [] }];
const errors = { 401: ErrorBody, 404: ErrorBody };
/** A file in the body (sent as bytes; Fastify does not serialize a Buffer). */
const binary = (description: string) => Type.Unsafe<Buffer | string>({ type: 'string', format: 'binary', description });

/** A file name made only of the reference's safe characters. */
const fileName = (reference: string, extension: string) => `bookmemovie-${reference.replace(/[^A-Za-z0-9-]/g, '')}.${extension}`;

/** A customer's tickets (owner, staff and admins), their QR codes and printouts, and the public keys. */
export function ticketRoutes(app: App, { services, guards }: RouteContext) {
  const tickets = services.tickets;

  app.get('/api/tickets/keys', {
    schema: {
      tags,
      summary: 'The public keys that verify ticket QR codes (JWKS)',
      description:
        'Ed25519 keys as a JSON Web Key Set (`kty` OKP, `crv` Ed25519). A ticket token names its key by `kid`; ' +
        'a door device needs only these keys to tell a real ticket from a forged one, offline. README: Ticket QR codes.',
      response: { 200: Jwks },
    },
    handler: async (_request, reply) => {
      // Keys change only when an operator rotates them: devices may keep them for an hour.
      reply.header('cache-control', 'public, max-age=3600');
      return tickets.jwks();
    },
  });

  app.get('/api/bookings/:booking_reference/tickets', {
    schema: {
      tags,
      security,
      summary: "A booking's tickets, one per seat, with their QR codes' text",
      description: 'For the booking’s owner, staff and admins; 404 for anyone else, as for a booking that does not exist.',
      params: BookingReferenceParams,
      response: { 200: Type.Array(Ticket), ...errors },
    },
    onRequest: guards.requireUser,
    handler: async (request) => tickets.listForBooking(request.params.booking_reference, actorOf(request)),
  });

  app.get('/api/tickets/:ticket_id/qr.png', {
    schema: {
      tags,
      security,
      summary: "A ticket's QR code as a PNG image",
      params: TicketIdParams,
      response: { 200: binary('image/png'), ...errors },
    },
    onRequest: guards.requireUser,
    handler: async (request, reply) => {
      const png = await tickets.qrImage(request.params.ticket_id, actorOf(request));
      return reply.type('image/png').header('cache-control', 'private, no-store').send(png);
    },
  });

  app.get('/api/bookings/:booking_reference/tickets.pdf', {
    schema: {
      tags,
      security,
      summary: 'Printable tickets (PDF): film, showtime in the cinema’s time, hall, seat, reference and a QR code per ticket',
      params: BookingReferenceParams,
      response: { 200: binary('application/pdf'), ...errors },
    },
    onRequest: guards.requireUser,
    handler: async (request, reply) => {
      const pdf = await tickets.pdf(request.params.booking_reference, actorOf(request));
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${fileName(pdf.reference, 'pdf')}"`)
        .header('cache-control', 'private, no-store')
        .send(Buffer.from(pdf.bytes));
    },
  });

  app.get('/api/walk-in/:token/tickets.pdf', {
    schema: {
      tags,
      summary: 'A box-office sale’s printable tickets, by the signed link in its email (no account needed)',
      description:
        'The token is the booking reference and an HMAC of it made with a key derived from SECRET_KEY ' +
        '(SECURITY.md: walk-in ticket links). It grants this one booking’s tickets PDF and nothing else; ' +
        'a token altered anywhere, or for a booking not sold at the box office, is 404.',
      params: Type.Object({ token: Type.String({ maxLength: 120 }) }),
      response: { 200: binary('application/pdf'), 404: ErrorBody },
    },
    handler: async (request, reply) => {
      const pdf = await tickets.walkInPdf(request.params.token);
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="${fileName(pdf.reference, 'pdf')}"`)
        .header('cache-control', 'private, no-store')
        .header('referrer-policy', 'no-referrer')
        .header('x-robots-tag', 'noindex')
        .send(Buffer.from(pdf.bytes));
    },
  });

  app.get('/api/bookings/:booking_reference/calendar.ics', {
    schema: {
      tags,
      security,
      summary: 'The showtime as a calendar entry (iCalendar)',
      params: BookingReferenceParams,
      response: { 200: binary('text/calendar'), ...errors },
    },
    onRequest: guards.requireUser,
    handler: async (request, reply) => {
      const ics = await tickets.calendar(request.params.booking_reference, actorOf(request));
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="${fileName(ics.reference, 'ics')}"`)
        .header('cache-control', 'private, no-store')
        .send(ics.text);
    },
  });
}
