import { type Static, Type } from 'typebox';
import { TICKET_STATUSES } from '../core/check-in.js';
import { BookingReference } from './bookings.js';
import { Id, Nullable, Timestamp, ZonedTimestamp } from './common.js';
import { ErrorBody } from './errors.js';

export const TicketStatus = Type.Enum(TICKET_STATUSES, { description: 'valid: not yet used; used: admitted; void: cancelled' });

export const Ticket = Type.Object({
  ticket_id: Id,
  booking_reference: Type.String(),
  event_id: Id,
  seat_id: Id,
  seat: Type.String({ description: 'The seat label, e.g. C7' }),
  status: TicketStatus,
  used_at: Nullable(Timestamp),
  qr: Type.String({
    description:
      "The QR code's text: an Ed25519-signed ticket token (README, Ticket QR codes), verifiable with GET /api/tickets/keys alone",
  }),
});
export type Ticket = Static<typeof Ticket>;

export const BookingReferenceParams = Type.Object({ booking_reference: BookingReference });
export const TicketIdParams = Type.Object({ ticket_id: Id });

export const Jwk = Type.Object({
  kty: Type.Literal('OKP'),
  crv: Type.Literal('Ed25519'),
  x: Type.String({ description: 'The raw 32-byte public key, base64url' }),
  kid: Type.String({ description: 'The key id a ticket token names (8 hex digits: its bytes 1-4)' }),
  use: Type.Literal('sig'),
  alg: Type.Literal('EdDSA'),
});
export const Jwks = Type.Object({ keys: Type.Array(Jwk) });
export type Jwks = Static<typeof Jwks>;

const DeviceId = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[\\w .:-]+$',
  description: 'Names the door device (e.g. "door 2"); shown when the ticket is scanned again',
});
const Code = Type.String({ minLength: 1, maxLength: 512, description: "The QR code's text" });

export const CheckInBody = Type.Object({
  code: Code,
  device_id: Type.Optional(DeviceId),
  event_id: Type.Optional(Id),
});
export type CheckInBody = Static<typeof CheckInBody>;

export const CheckInResult = Type.Union([
  Type.Literal('admitted'),
  Type.Literal('already_used'),
  Type.Literal('void'),
  Type.Literal('wrong_showtime'),
  Type.Literal('invalid'),
]);

/** One shape for every answer of a scan; which fields are present depends on `result`. */
export const CheckInResponse = Type.Object({
  result: CheckInResult,
  detail: Type.String({ description: 'The outcome in words, for the person at the door' }),
  code: Type.Optional(
    Type.String({ description: 'Set when the ticket is refused (TICKET_ALREADY_USED, TICKET_VOID, TICKET_WRONG_SHOWTIME)' }),
  ),
  ticket_id: Type.Optional(Id),
  seat: Type.Optional(Type.String()),
  movie_title: Type.Optional(Type.String()),
  start_time: Type.Optional(ZonedTimestamp),
  event_id: Type.Optional(Id),
  booking_reference: Type.Optional(Type.String()),
  used_at: Type.Optional(Timestamp),
  device_id: Type.Optional(Nullable(Type.String())),
  reason: Type.Optional(
    Type.Union([Type.Literal('other_showtime'), Type.Literal('outside_window')], {
      description: 'wrong_showtime: the ticket is for another showtime, or the doors are not open',
    }),
  ),
});
export type CheckInResponse = Static<typeof CheckInResponse>;

/** 422: a code that is not a ticket of ours, or a request that fails validation (the usual error body). */
export const CheckInInvalid = Type.Object({
  ...ErrorBody.properties,
  result: Type.Optional(Type.Literal('invalid')),
});

export const SyncBody = Type.Object({
  device_id: DeviceId,
  event_id: Type.Optional(Id),
  scans: Type.Array(
    Type.Object({
      code: Code,
      scanned_at: Type.String({ format: 'date-time', description: 'When the device scanned it (ISO 8601)' }),
    }),
    { minItems: 1, maxItems: 1000 },
  ),
});
export type SyncBody = Static<typeof SyncBody>;

export const SyncResult = Type.Object({
  index: Type.Integer({ description: 'The scan’s position in the upload' }),
  result: Type.Union(
    [
      Type.Literal('admitted'),
      Type.Literal('duplicate'),
      Type.Literal('void'),
      Type.Literal('wrong_showtime'),
      Type.Literal('invalid'),
    ],
    { description: 'duplicate: the ticket was admitted by an earlier scan (used_at, device_id)' },
  ),
  ticket_id: Nullable(Id),
  seat: Nullable(Type.String()),
  scanned_at: Timestamp,
  used_at: Nullable(Timestamp),
  device_id: Nullable(Type.String()),
});

export const SyncResponse = Type.Object({
  device_id: Type.String(),
  admitted: Type.Integer(),
  duplicates: Type.Integer(),
  results: Type.Array(SyncResult),
});
export type SyncResponse = Static<typeof SyncResponse>;

export const EventIdParams = Type.Object({ event_id: Id });

export const DoorPack = Type.Object({
  event_id: Id,
  movie_title: Type.String(),
  hall: Nullable(Type.String()),
  start_time: ZonedTimestamp,
  end_time: ZonedTimestamp,
  doors_open: ZonedTimestamp,
  keys: Type.Array(Jwk, { description: 'The public keys that verify ticket tokens (as GET /api/tickets/keys)' }),
  expected: Type.Integer({ description: 'Tickets that can be admitted or were (not void)' }),
  admitted: Type.Integer(),
  void_ticket_ids: Type.Array(Id, { description: 'Cancelled tickets of this showtime: refuse them' }),
  used: Type.Array(Type.Object({ ticket_id: Id, used_at: Timestamp, device_id: Nullable(Type.String()) }), {
    description: 'Tickets already admitted: a second scan is a duplicate',
  }),
  generated_at: Timestamp,
});
export type DoorPack = Static<typeof DoorPack>;

export const DoorShowtimesQuery = Type.Object({ cinema_id: Type.Optional(Id) }, { additionalProperties: false });
export type DoorShowtimesQuery = Static<typeof DoorShowtimesQuery>;

export const DoorShowtimes = Type.Object({
  date: Type.String({ format: 'date', description: "The cinema's day, in its own zone" }),
  time_zone: Type.String({ description: 'The IANA time zone the cinema keeps' }),
  cinema_id: Id,
  cinema: Type.String({ description: "The cinema's name" }),
  showtimes: Type.Array(
    Type.Object({
      event_id: Id,
      movie_title: Type.String(),
      hall: Nullable(Type.String()),
      start_time: ZonedTimestamp,
      end_time: ZonedTimestamp,
      doors_open: ZonedTimestamp,
      expected: Type.Integer({ description: 'Tickets that can be admitted or were (not void)' }),
      admitted: Type.Integer(),
    }),
  ),
});
export type DoorShowtimes = Static<typeof DoorShowtimes>;

export const CheckInList = Type.Object({
  event_id: Id,
  movie_title: Type.String(),
  start_time: ZonedTimestamp,
  admitted: Type.Integer(),
  expected: Type.Integer(),
  duplicates: Type.Integer(),
  tickets: Type.Array(
    Type.Object({
      ticket_id: Id,
      booking_reference: Type.String(),
      seat: Type.String(),
      status: TicketStatus,
      used_at: Nullable(Timestamp),
      device_id: Nullable(Type.String()),
    }),
  ),
  duplicate_scans: Type.Array(
    Type.Object({
      ticket_id: Id,
      seat: Type.String(),
      scanned_at: Timestamp,
      device_id: Nullable(Type.String()),
      offline: Type.Boolean(),
    }),
  ),
});
export type CheckInList = Static<typeof CheckInList>;
