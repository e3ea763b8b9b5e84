/**
 * Checking a ticket at the door. Core judges a scan from the token's verdict, the ticket's row and
 * the showtime; the store then lets one conditional UPDATE (valid -> used) decide who is first,
 * so two devices scanning one ticket at the same moment admit it once.
 */
import { doorWindow, isWithinWindow, type TokenVerdict } from './ticket-token.js';

export type TicketStatus = 'valid' | 'used' | 'void';
export const TICKET_STATUSES: readonly TicketStatus[] = ['valid', 'used', 'void'];

export type CheckInOutcome = 'admitted' | 'already_used' | 'void' | 'wrong_showtime' | 'invalid';

/** One table from outcome to HTTP status (POST /api/staff/check-in). */
export const CHECK_IN_HTTP_STATUS: Record<CheckInOutcome, 200 | 409 | 422> = {
  admitted: 200,
  already_used: 409,
  void: 409,
  wrong_showtime: 409,
  invalid: 422,
};

export type TicketFacts = { status: TicketStatus; eventId: number; seat: string };

export type ScanJudgement =
  | { ok: true; ticketId: number }
  | { ok: false; outcome: 'invalid' }
  | { ok: false; outcome: 'void'; ticketId: number }
  | { ok: false; outcome: 'wrong_showtime'; ticketId: number; reason: 'other_showtime' | 'outside_window' };

/**
 * What a scan at `at` can be before the ticket is claimed. In order: a code that is not ours
 * (bad signature, unknown key, malformed, or a ticket we have no record of) is invalid; a
 * cancelled ticket is void; a ticket for another showtime than the one the door checks, or
 * outside its showtime's door window (an hour before the start until the end), is the wrong
 * showtime. Otherwise the ticket may be admitted, if nobody was first (`already_used`).
 *
 * The window comes from the showtime as it is now, not from the token: a showtime that moved
 * moves its door window with it. Offline devices, which only have the token, use the token's.
 */
export function judgeScan(input: {
  verdict: TokenVerdict;
  ticket: TicketFacts | undefined;
  showtime: { start: number; end: number } | undefined;
  /** The showtime the door is checking, when the device names one. */
  doorEventId?: number;
  at: number;
}): ScanJudgement {
  const { verdict, ticket, showtime } = input;
  if (!verdict.ok || !ticket || !showtime) return { ok: false, outcome: 'invalid' };
  const { claims } = verdict;
  // A good signature on values that do not match the ticket's record is not our ticket.
  if (ticket.eventId !== claims.eventId || ticket.seat !== claims.seat) return { ok: false, outcome: 'invalid' };
  if (ticket.status === 'void') return { ok: false, outcome: 'void', ticketId: claims.ticketId };
  if (input.doorEventId !== undefined && input.doorEventId !== ticket.eventId) {
    return { ok: false, outcome: 'wrong_showtime', ticketId: claims.ticketId, reason: 'other_showtime' };
  }
  if (!isWithinWindow(doorWindow(showtime), input.at)) {
    return { ok: false, outcome: 'wrong_showtime', ticketId: claims.ticketId, reason: 'outside_window' };
  }
  return { ok: true, ticketId: claims.ticketId };
}

/**
 * Whether the door screen lists a showtime on the cinema's day `day`: it runs that day, or its doors
 * are open now (a show just after midnight whose doors opened the evening before).
 */
export function isOnDoorList(
  showtime: { start: number; end: number },
  day: { start: number; end: number },
  now: number,
): boolean {
  return (showtime.start < day.end && showtime.end > day.start) || isWithinWindow(doorWindow(showtime), now);
}

/** An offline scan is judged at the time it was made, never later than the upload (a device's clock can run ahead). */
export const offlineScanTime = (scannedAt: number, receivedAt: number): number => Math.min(scannedAt, receivedAt);

/**
 * The order an upload of offline scans is applied in: earliest first (ties in upload order), so
 * within one upload the first scan of a ticket claims it and the rest are duplicates. Across
 * uploads and online scans the store's conditional UPDATE keeps the earliest scan's time.
 */
export function syncOrder(scans: { scannedAt: number }[]): number[] {
  return scans
    .map((scan, index) => ({ index, at: scan.scannedAt }))
    .sort((a, b) => a.at - b.at || a.index - b.index)
    .map((s) => s.index);
}

/** Plain words for the door screen and the API's `detail`. */
export function checkInMessage(
  outcome: CheckInOutcome,
  facts: { seat?: string; reason?: 'other_showtime' | 'outside_window' } = {},
): string {
  switch (outcome) {
    case 'admitted':
      return `Admitted${facts.seat ? `: seat ${facts.seat}` : ''}`;
    case 'already_used':
      return 'Already used: this ticket has been scanned before';
    case 'void':
      return 'Not valid: this ticket was cancelled';
    case 'wrong_showtime':
      return facts.reason === 'other_showtime'
        ? 'Not valid for this showtime: the ticket is for another one'
        : 'Not valid now: the doors for this showtime are not open (from an hour before the start until its end)';
    case 'invalid':
      return 'Not a bookmemovie ticket: the code is damaged or forged';
  }
}
