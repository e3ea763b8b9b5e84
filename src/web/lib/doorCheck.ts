/**
 * What the door screen decides on the device, without the server: a scanned code judged against
 * the door pack (GET /api/staff/events/{id}/door-pack) saved before the doors opened. The order
 * of the checks is core's judgeScan, the same one the server runs; only the facts come from the
 * pack and the token instead of the database.
 */
import { judgeScan, type TicketStatus } from '../../core/check-in';
import { looksLikeBookingReference } from '../../core/reference';
import { DOORS_OPEN_BEFORE_MS, parseTicketToken, type TokenVerdict } from '../../core/ticket-token';

/** What the device keeps of a showtime's door pack; `used` grows with every admission it sees. */
export type LocalPack = {
  event_id: number;
  void_ticket_ids: number[];
  used: { ticket_id: number; used_at: string; device_id: string | null }[];
};

export type DoorVerdict =
  | { result: 'admitted'; ticketId: number; seat: string }
  | { result: 'already_used'; ticketId: number; seat: string; usedAt: string; deviceId: string | null }
  | { result: 'void'; ticketId: number; seat: string }
  | { result: 'wrong_showtime'; ticketId: number; seat: string; reason: 'other_showtime' | 'outside_window' }
  | { result: 'invalid' };

/**
 * Judges a scan at `at` (epoch ms) from the token's verdict and the pack. Offline, the door
 * window is the one the token carries (signed when the ticket was issued): judgeScan takes the
 * showtime, so it is given the showtime that window was made from.
 */
export function judgeOffline(input: { verdict: TokenVerdict; pack: LocalPack; at: number }): DoorVerdict {
  const { verdict, pack, at } = input;
  if (!verdict.ok) return { result: 'invalid' };
  const { claims } = verdict;
  const used = pack.used.find((u) => u.ticket_id === claims.ticketId);
  const status: TicketStatus = pack.void_ticket_ids.includes(claims.ticketId) ? 'void' : used ? 'used' : 'valid';
  const judgement = judgeScan({
    verdict,
    ticket: { status, eventId: claims.eventId, seat: claims.seat },
    showtime: { start: claims.validFrom + DOORS_OPEN_BEFORE_MS, end: claims.validUntil },
    doorEventId: pack.event_id,
    at,
  });
  const ticket = { ticketId: claims.ticketId, seat: claims.seat };
  if (!judgement.ok) {
    switch (judgement.outcome) {
      case 'invalid':
        return { result: 'invalid' };
      case 'void':
        return { result: 'void', ...ticket };
      case 'wrong_showtime':
        return { result: 'wrong_showtime', ...ticket, reason: judgement.reason };
    }
  }
  if (used) return { result: 'already_used', ...ticket, usedAt: used.used_at, deviceId: used.device_id };
  return { result: 'admitted', ...ticket };
}

/** The pack with one more admission (a no-op when the ticket is already listed). */
export function withAdmission(pack: LocalPack, entry: LocalPack['used'][number]): LocalPack {
  if (pack.used.some((u) => u.ticket_id === entry.ticket_id)) return pack;
  return { ...pack, used: [...pack.used, entry] };
}

/** "Row C, seat 7" for the usual labels, else "Seat <label>". */
export function seatText(label: string): string {
  const match = /^([A-Z]{1,3})[ -]?(\d{1,4})$/.exec(label);
  return match ? `Row ${match[1]}, seat ${match[2]}` : `Seat ${label}`;
}

const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** "19:42" in the cinema's time zone. */
export function clockTime(iso: string, timeZone: string): string {
  let format = clockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    clockFormats.set(timeZone, format);
  }
  return format.format(new Date(iso));
}

/** The big line the door screen shows, read from a metre away. */
export function verdictHeadline(verdict: DoorVerdict, timeZone: string): string {
  switch (verdict.result) {
    case 'admitted':
      return `Admitted — ${seatText(verdict.seat)}`;
    case 'already_used':
      return `Already used at ${clockTime(verdict.usedAt, timeZone)}${verdict.deviceId ? ` (${verdict.deviceId})` : ''}`;
    case 'void':
      return 'Cancelled ticket';
    case 'wrong_showtime':
      return verdict.reason === 'other_showtime' ? 'Not valid for this showtime' : 'Not valid now: doors not open';
    case 'invalid':
      return 'Not a valid ticket';
  }
}

/** "Offline — 12 scans waiting". */
export function offlineBanner(waiting: number): string {
  return `Offline — ${waiting} ${waiting === 1 ? 'scan' : 'scans'} waiting`;
}

/**
 * What a typed entry is: a ticket's code (its QR text, upper-cased as people type it in any case)
 * or a booking reference; null for neither.
 */
export function manualEntry(text: string): { kind: 'code'; code: string } | { kind: 'reference'; reference: string } | null {
  const compact = text.replace(/\s+/g, '').toUpperCase();
  if (looksLikeBookingReference(compact)) return { kind: 'reference', reference: compact };
  if (parseTicketToken(compact)) return { kind: 'code', code: compact };
  return null;
}

/**
 * The camera sees a held-up ticket in many frames a second: one sighting is one scan. A code is
 * taken again only after it has been out of view for `quietMs` (each sighting restarts that
 * wait), so a ticket held up for ten seconds is one scan and the same ticket shown again after a
 * pause is a second one.
 */
export function scanDebouncer(quietMs: number) {
  const lastSeen = new Map<string, number>();
  return (code: string, now: number): boolean => {
    const previous = lastSeen.get(code);
    lastSeen.set(code, now);
    for (const [seen, at] of lastSeen) if (now - at > quietMs) lastSeen.delete(seen);
    return previous === undefined || now - previous > quietMs;
  };
}

export type SyncedScan = {
  result: 'admitted' | 'duplicate' | 'void' | 'wrong_showtime' | 'invalid';
  seat: string | null;
  used_at: string | null;
  device_id: string | null;
};

/** Sentences for the scans a sync did not admit (duplicates above all: two doors let the same ticket in). */
export function syncProblems(results: SyncedScan[], timeZone: string): string[] {
  return results.filter((r) => r.result !== 'admitted').map((r) => syncProblem(r, timeZone));
}

function syncProblem(r: SyncedScan, timeZone: string): string {
  const seat = r.seat ? seatText(r.seat) : 'A ticket';
  switch (r.result) {
    case 'admitted':
      return `${seat}: admitted`;
    case 'duplicate': {
      const when = r.used_at ? ` at ${clockTime(r.used_at, timeZone)}` : '';
      return `Duplicate: ${seat} had already been admitted${when}${r.device_id ? ` (${r.device_id})` : ''}`;
    }
    case 'void':
      return `${seat}: the ticket had been cancelled`;
    case 'wrong_showtime':
      return `${seat}: not valid for this showtime`;
    case 'invalid':
      return 'A scan was not a valid ticket';
  }
}

/** The server's answer to POST /api/staff/check-in (200, 409 or 422) as the door screen's verdict. */
export function verdictFromServer(
  body: Partial<{
    result: string;
    ticket_id: number;
    seat: string;
    used_at: string;
    device_id: string | null;
    reason: 'other_showtime' | 'outside_window';
  }>,
): DoorVerdict {
  const { ticket_id: ticketId, seat } = body;
  if (ticketId === undefined || seat === undefined) return { result: 'invalid' };
  switch (body.result) {
    case 'admitted':
      return { result: 'admitted', ticketId, seat };
    case 'already_used':
      return {
        result: 'already_used',
        ticketId,
        seat,
        usedAt: body.used_at ?? new Date(0).toISOString(),
        deviceId: body.device_id ?? null,
      };
    case 'void':
      return { result: 'void', ticketId, seat };
    case 'wrong_showtime':
      return { result: 'wrong_showtime', ticketId, seat, reason: body.reason ?? 'other_showtime' };
    default:
      return { result: 'invalid' };
  }
}
