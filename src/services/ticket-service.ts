import { AppError, validationError } from '../contract/errors.js';
import type {
  CheckInBody,
  CheckInList,
  CheckInResponse,
  DoorPack,
  DoorShowtimes,
  Jwks,
  SyncBody,
  SyncResponse,
  Ticket,
} from '../contract/tickets.js';
import {
  CHECK_IN_HTTP_STATUS,
  type CheckInOutcome,
  checkInMessage,
  isOnDoorList,
  judgeScan,
  offlineScanTime,
  syncOrder,
} from '../core/check-in.js';
import { cinemaDay, formatCinemaTime, toZonedIso } from '../core/cinema-time.js';
import { mailDomain } from '../core/mail.js';
import { canSeeAnyTickets, type Role } from '../core/roles.js';
import { toIso } from '../core/schedule.js';
import { DOORS_OPEN_BEFORE_MS, doorWindow, type TokenVerdict } from '../core/ticket-token.js';
import { verifyWalkInToken, walkInKey } from '../core/walk-in-link.js';
import { bookingStore } from '../db/stores/booking-store.js';
import { cinemaStore } from '../db/stores/cinema-store.js';
import { mailStore } from '../db/stores/mail-store.js';
import { ticketStore } from '../db/stores/ticket-store.js';
import type { Deps } from './deps.js';
import { showtimeCalendar } from './mail/templates/booking-confirmed.js';
import { qrPng, ticketsPdf } from './ticket-documents.js';
import { type TicketKeys, ticketKeysFor } from './ticket-keys.js';

export type TicketViewer = { id: number; role: Role };
export type DoorStaff = { id: number; role: Role };

const REFUSAL_CODE: Record<Exclude<CheckInOutcome, 'admitted'>, string> = {
  already_used: 'TICKET_ALREADY_USED',
  void: 'TICKET_VOID',
  wrong_showtime: 'TICKET_WRONG_SHOWTIME',
  invalid: 'TICKET_INVALID',
};

/** Tickets for customers and staff, their QR codes and printouts, and checking them at the door. */
export function ticketService(deps: Pick<Deps, 'db' | 'config' | 'clock'>, keys: TicketKeys = ticketKeysFor(deps.config)) {
  const store = ticketStore(deps.db);
  const bookings = bookingStore(deps.db, { publicUrl: deps.config.publicUrl });
  const cinemas = cinemaStore(deps.db);
  const { clock, config } = deps;

  /** A showtime's zone: its cinema's, or CINEMA_TIME_ZONE for the first cinema until one is set. */
  const zoneOf = (showtime: { time_zone: string | null }) => showtime.time_zone ?? config.cinemaTimeZone;
  const tokenOf = (t: { id: number; event_id: number; seat_label: string; start_time: number; end_time: number }) =>
    keys.issue({
      ticketId: t.id,
      eventId: t.event_id,
      seat: t.seat_label,
      ...doorWindow({ start: t.start_time, end: t.end_time }),
    });

  /** Owner, staff and admins see a booking's tickets; anyone else gets the same 404 as for a missing booking. */
  async function visibleBooking(reference: string, viewer: TicketViewer) {
    const booking = await bookings.findByReference(reference.trim().toUpperCase());
    if (!booking || (booking.user_id !== viewer.id && !canSeeAnyTickets(viewer.role))) {
      throw new AppError('BOOKING_NOT_FOUND', `Booking ${reference} not found`);
    }
    return booking;
  }

  async function ticketsOf(bookingId: number): Promise<Ticket[]> {
    return (await store.ofBooking(bookingId)).map((t) => ({
      ticket_id: t.id,
      booking_reference: t.reference,
      event_id: t.event_id,
      seat_id: t.seat_id,
      seat: t.seat_label,
      status: t.status,
      used_at: t.used_at === null ? null : toIso(t.used_at),
      qr: tokenOf(t),
    }));
  }

  async function printableBooking(bookingId: number) {
    const b = await mailStore(deps.db).booking(bookingId);
    if (!b) throw new AppError('BOOKING_NOT_FOUND', 'Booking not found');
    const tickets = await store.ofBooking(bookingId);
    return {
      booking: b,
      printable: {
        reference: b.reference,
        movieTitle: b.movie_title,
        showtimeText: formatCinemaTime(b.start_time, b.time_zone ?? config.cinemaTimeZone),
        hall: b.hall,
        tickets: tickets.map((t) => ({ ticketId: t.id, seat: t.seat_label, token: tokenOf(t), status: t.status })),
      },
    };
  }

  async function scan(input: {
    code: string;
    at: number;
    now: number;
    deviceId: string | null;
    doorEventId?: number;
    staff: DoorStaff;
    offline: boolean;
  }) {
    const verdict: TokenVerdict = keys.verify(input.code);
    const ticket = verdict.ok ? await store.find(verdict.claims.ticketId) : undefined;
    const judgement = judgeScan({
      verdict,
      ticket: ticket && { status: ticket.status, eventId: ticket.event_id, seat: ticket.seat_label },
      showtime: ticket && { start: ticket.start_time, end: ticket.end_time },
      ...(input.doorEventId !== undefined ? { doorEventId: input.doorEventId } : {}),
      at: input.at,
    });
    if (!judgement.ok || !ticket) return { ticket, judgement, claim: undefined };
    const claim = await store.claim({
      ticketId: ticket.id,
      eventId: ticket.event_id,
      at: input.at,
      now: input.now,
      deviceId: input.deviceId,
      staffId: input.staff.id,
      offline: input.offline,
    });
    return { ticket, judgement, claim };
  }

  return {
    keys,

    jwks: (): Jwks => keys.jwks(),

    async listForBooking(reference: string, viewer: TicketViewer): Promise<Ticket[]> {
      return ticketsOf((await visibleBooking(reference, viewer)).id);
    },

    /** The QR image of one ticket, for its owner, staff and admins (404 for anyone else). */
    async qrImage(ticketId: number, viewer: TicketViewer): Promise<Buffer> {
      const ticket = await store.find(ticketId);
      if (!ticket || (ticket.user_id !== viewer.id && !canSeeAnyTickets(viewer.role))) {
        throw new AppError('TICKET_NOT_FOUND', `Ticket ${ticketId} not found`);
      }
      return qrPng(tokenOf(ticket));
    },

    async pdf(reference: string, viewer: TicketViewer): Promise<{ reference: string; bytes: Uint8Array }> {
      const booking = await visibleBooking(reference, viewer);
      const { printable } = await printableBooking(booking.id);
      return { reference: booking.reference, bytes: await ticketsPdf(printable) };
    },

    /**
     * A box-office sale's tickets for whoever holds the signed link from its email (no account):
     * a token that does not verify, or names no counter sale, is the same 404 as a missing booking.
     */
    async walkInPdf(token: string): Promise<{ reference: string; bytes: Uint8Array }> {
      const reference = verifyWalkInToken(walkInKey(config.secretKey), token);
      const booking = reference === null ? undefined : await bookings.findByReference(reference);
      if (!booking || booking.shift_id === null) throw new AppError('BOOKING_NOT_FOUND', 'Tickets not found');
      const { printable } = await printableBooking(booking.id);
      return { reference: booking.reference, bytes: await ticketsPdf(printable) };
    },

    async calendar(reference: string, viewer: TicketViewer): Promise<{ reference: string; text: string }> {
      const booking = await visibleBooking(reference, viewer);
      const { booking: b, printable } = await printableBooking(booking.id);
      const live = printable.tickets.filter((t) => t.status !== 'void').map((t) => t.seat);
      return {
        reference: b.reference,
        text: showtimeCalendar({
          calendarUid: `booking-${b.reference}@${mailDomain(config.publicUrl)}`,
          reference: b.reference,
          movieTitle: b.movie_title,
          startTime: b.start_time,
          endTime: b.end_time,
          hall: b.hall,
          seats: live.length > 0 ? live : b.seats.map((s) => s.label),
          bookingUrl: `${config.publicUrl}/bookings/${encodeURIComponent(b.reference)}`,
        }),
      };
    },

    /** What the confirmation email attaches: the QR codes (inline) and the PDF. */
    printableBooking: async (bookingId: number) => (await printableBooking(bookingId)).printable,

    async checkIn(body: CheckInBody, staff: DoorStaff): Promise<{ status: 200 | 409 | 422; body: CheckInResponse }> {
      const now = clock.now();
      const { ticket, judgement, claim } = await scan({
        code: body.code,
        at: now,
        now,
        deviceId: body.device_id ?? null,
        ...(body.event_id !== undefined ? { doorEventId: body.event_id } : {}),
        staff,
        offline: false,
      });
      const outcome: CheckInOutcome = !judgement.ok ? judgement.outcome : (claim?.outcome ?? 'invalid');
      const reason = !judgement.ok && judgement.outcome === 'wrong_showtime' ? judgement.reason : undefined;
      const seat = ticket?.seat_label;
      const response: CheckInResponse = {
        result: outcome,
        detail: checkInMessage(outcome, { ...(seat ? { seat } : {}), ...(reason ? { reason } : {}) }),
        ...(outcome === 'admitted' ? {} : { code: REFUSAL_CODE[outcome] }),
      };
      if (ticket && outcome !== 'invalid') {
        Object.assign(response, { ticket_id: ticket.id, seat: ticket.seat_label, event_id: ticket.event_id });
        if (outcome === 'admitted' || outcome === 'wrong_showtime') {
          Object.assign(response, {
            movie_title: ticket.movie_title,
            start_time: toZonedIso(ticket.start_time, ticket.time_zone ?? config.cinemaTimeZone),
          });
        }
        if (outcome === 'admitted') response.booking_reference = ticket.reference;
        if (reason) response.reason = reason;
        if (claim?.outcome === 'already_used')
          Object.assign(response, { used_at: toIso(claim.usedAt), device_id: claim.deviceId });
      }
      return { status: CHECK_IN_HTTP_STATUS[outcome], body: response };
    },

    /** Scans a device made without a network: earliest first, so the earliest scan of a ticket admits it. */
    async sync(body: SyncBody, staff: DoorStaff): Promise<SyncResponse> {
      const now = clock.now();
      const times = body.scans.map((s, index) => {
        const at = Date.parse(s.scanned_at);
        if (Number.isNaN(at)) throw validationError([{ field: `body/scans/${index}/scanned_at`, message: 'is not a date-time' }]);
        return offlineScanTime(at, now);
      });
      const results: SyncResponse['results'] = new Array(body.scans.length);
      for (const index of syncOrder(times.map((at) => ({ scannedAt: at })))) {
        const at = times[index] as number;
        const { ticket, judgement, claim } = await scan({
          code: (body.scans[index] as SyncBody['scans'][number]).code,
          at,
          now,
          deviceId: body.device_id,
          ...(body.event_id !== undefined ? { doorEventId: body.event_id } : {}),
          staff,
          offline: true,
        });
        const result = !judgement.ok
          ? judgement.outcome
          : claim?.outcome === 'admitted'
            ? 'admitted'
            : claim?.outcome === 'void'
              ? 'void'
              : 'duplicate';
        results[index] = {
          index,
          result,
          ticket_id: result === 'invalid' ? null : (ticket?.id ?? null),
          seat: result === 'invalid' ? null : (ticket?.seat_label ?? null),
          scanned_at: toIso(at),
          used_at: claim?.outcome === 'already_used' ? toIso(claim.usedAt) : result === 'admitted' ? toIso(at) : null,
          device_id: claim?.outcome === 'already_used' ? claim.deviceId : result === 'admitted' ? body.device_id : null,
        };
      }
      return {
        device_id: body.device_id,
        admitted: results.filter((r) => r.result === 'admitted').length,
        duplicates: results.filter((r) => r.result === 'duplicate').length,
        results,
      };
    },

    /** The showtimes a door checks today, in the cinema's time zone (core: isOnDoorList). */
    /** Today's door list of one cinema (the first one when none is named), in that cinema's day and zone. */
    async doorShowtimes(cinemaId?: number): Promise<DoorShowtimes> {
      const cinema = cinemaId === undefined ? await cinemas.first() : await cinemas.find(cinemaId);
      if (!cinema) throw new AppError('CINEMA_NOT_FOUND', `Cinema ${cinemaId ?? ''} not found`.trim());
      const zone = zoneOf(cinema);
      const now = clock.now();
      const day = cinemaDay(now, zone);
      const rows = await store.showtimesBetween(
        Math.min(day.start, now),
        Math.max(day.end, now + DOORS_OPEN_BEFORE_MS),
        cinema.id,
      );
      return {
        date: day.date,
        time_zone: zone,
        cinema_id: cinema.id,
        cinema: cinema.name,
        showtimes: rows
          .filter((r) => isOnDoorList({ start: r.start_time, end: r.end_time }, day, now))
          .map((r) => ({
            event_id: r.id,
            movie_title: r.movie_title,
            hall: r.hall,
            start_time: toZonedIso(r.start_time, zone),
            end_time: toZonedIso(r.end_time, zone),
            doors_open: toZonedIso(doorWindow({ start: r.start_time, end: r.end_time }).validFrom, zone),
            expected: Number(r.expected),
            admitted: Number(r.admitted),
          })),
      };
    },

    async doorPack(eventId: number): Promise<DoorPack> {
      const showtime = await store.showtime(eventId);
      if (!showtime) throw new AppError('EVENT_NOT_FOUND', `Showtime ${eventId} not found`);
      const tickets = await store.ofShowtime(eventId);
      const used = tickets.filter((t) => t.status === 'used');
      return {
        event_id: showtime.id,
        movie_title: showtime.movie_title,
        hall: showtime.hall,
        start_time: toZonedIso(showtime.start_time, zoneOf(showtime)),
        end_time: toZonedIso(showtime.end_time, zoneOf(showtime)),
        doors_open: toZonedIso(doorWindow({ start: showtime.start_time, end: showtime.end_time }).validFrom, zoneOf(showtime)),
        keys: keys.jwks().keys,
        expected: tickets.filter((t) => t.status !== 'void').length,
        admitted: used.length,
        void_ticket_ids: tickets.filter((t) => t.status === 'void').map((t) => t.id),
        used: used.map((t) => ({ ticket_id: t.id, used_at: toIso(t.used_at ?? 0), device_id: t.used_device })),
        generated_at: toIso(clock.now()),
      };
    },

    async checkIns(eventId: number): Promise<CheckInList> {
      const showtime = await store.showtime(eventId);
      if (!showtime) throw new AppError('EVENT_NOT_FOUND', `Showtime ${eventId} not found`);
      const tickets = await store.ofShowtime(eventId);
      const duplicates = await store.duplicateScans(eventId);
      return {
        event_id: showtime.id,
        movie_title: showtime.movie_title,
        start_time: toZonedIso(showtime.start_time, zoneOf(showtime)),
        admitted: tickets.filter((t) => t.status === 'used').length,
        expected: tickets.filter((t) => t.status !== 'void').length,
        duplicates: duplicates.length,
        tickets: tickets.map((t) => ({
          ticket_id: t.id,
          booking_reference: t.reference,
          seat: t.seat_label,
          status: t.status,
          used_at: t.used_at === null ? null : toIso(t.used_at),
          device_id: t.used_device,
        })),
        duplicate_scans: duplicates.map((d) => ({
          ticket_id: d.ticket_id,
          seat: d.seat_label,
          scanned_at: toIso(d.scanned_at),
          device_id: d.device_id,
          offline: d.offline === 1,
        })),
      };
    },
  };
}

export type TicketService = ReturnType<typeof ticketService>;
