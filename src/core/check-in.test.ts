import { describe, expect, it } from 'vitest';
import {
  CHECK_IN_HTTP_STATUS,
  checkInMessage,
  isOnDoorList,
  judgeScan,
  offlineScanTime,
  syncOrder,
  type TicketFacts,
} from './check-in.js';
import type { TokenVerdict } from './ticket-token.js';

const MIN = 60_000;
const START = Date.UTC(2100, 0, 1, 19, 0);
const showtime = { start: START, end: START + 120 * MIN };
const claims = {
  kid: '01020304',
  ticketId: 9,
  eventId: 5,
  seat: 'C7',
  validFrom: START - 60 * MIN,
  validUntil: START + 120 * MIN,
};
const good: TokenVerdict = { ok: true, claims };
const ticket = (over: Partial<TicketFacts> = {}): TicketFacts => ({ status: 'valid', eventId: 5, seat: 'C7', ...over });

describe('judging a scan', () => {
  it('a good ticket inside the door window may be admitted (the store decides who is first)', () => {
    for (const at of [START - 60 * MIN, START, START + 119 * MIN]) {
      expect(judgeScan({ verdict: good, ticket: ticket(), showtime, at })).toEqual({ ok: true, ticketId: 9 });
    }
    expect(judgeScan({ verdict: good, ticket: ticket({ status: 'used' }), showtime, doorEventId: 5, at: START })).toEqual({
      ok: true,
      ticketId: 9,
    });
  });

  it('a bad signature, an unknown key, a malformed code or a ticket without a record is invalid', () => {
    for (const reason of ['MALFORMED', 'UNKNOWN_KEY', 'BAD_SIGNATURE'] as const) {
      expect(judgeScan({ verdict: { ok: false, reason }, ticket: ticket(), showtime, at: START })).toEqual({
        ok: false,
        outcome: 'invalid',
      });
    }
    expect(judgeScan({ verdict: good, ticket: undefined, showtime, at: START })).toMatchObject({ outcome: 'invalid' });
    expect(judgeScan({ verdict: good, ticket: ticket({ seat: 'C8' }), showtime, at: START })).toMatchObject({
      outcome: 'invalid',
    });
    expect(judgeScan({ verdict: good, ticket: ticket({ eventId: 6 }), showtime, at: START })).toMatchObject({
      outcome: 'invalid',
    });
  });

  it('a cancelled ticket is void, whenever and wherever it is scanned', () => {
    expect(judgeScan({ verdict: good, ticket: ticket({ status: 'void' }), showtime, doorEventId: 77, at: 0 })).toEqual({
      ok: false,
      outcome: 'void',
      ticketId: 9,
    });
  });

  it('another showtime than the door’s, or outside the door window, is the wrong showtime', () => {
    expect(judgeScan({ verdict: good, ticket: ticket(), showtime, doorEventId: 6, at: START })).toMatchObject({
      outcome: 'wrong_showtime',
      reason: 'other_showtime',
    });
    for (const at of [START - 60 * MIN - 1, START + 120 * MIN, START + 24 * 60 * MIN]) {
      expect(judgeScan({ verdict: good, ticket: ticket(), showtime, at })).toMatchObject({
        outcome: 'wrong_showtime',
        reason: 'outside_window',
      });
    }
  });

  it('maps outcomes to HTTP statuses in one table, and says each in words', () => {
    expect(CHECK_IN_HTTP_STATUS).toEqual({ admitted: 200, already_used: 409, void: 409, wrong_showtime: 409, invalid: 422 });
    expect(checkInMessage('admitted', { seat: 'C7' })).toBe('Admitted: seat C7');
    expect(checkInMessage('wrong_showtime', { reason: 'other_showtime' })).toMatch(/another/);
  });
});

describe('offline scans', () => {
  it('are applied earliest first, ties in upload order', () => {
    expect(syncOrder([{ scannedAt: 30 }, { scannedAt: 10 }, { scannedAt: 20 }, { scannedAt: 10 }])).toEqual([1, 3, 2, 0]);
  });

  it('are judged when they were made, but never later than they reached the server', () => {
    expect(offlineScanTime(100, 200)).toBe(100);
    expect(offlineScanTime(300, 200)).toBe(200);
  });
});

describe('the door list of a day', () => {
  const day = { start: Date.UTC(2100, 0, 1), end: Date.UTC(2100, 0, 2) };
  const noon = Date.UTC(2100, 0, 1, 12);
  const show = (startHour: number, minutes = 120) => {
    const start = day.start + startHour * 60 * MIN;
    return { start, end: start + minutes * MIN };
  };

  it('lists every showtime that runs on the day, from the first morning show to the one ending after midnight', () => {
    expect(isOnDoorList(show(10), day, noon)).toBe(true);
    expect(isOnDoorList(show(23), day, noon)).toBe(true);
    // Started yesterday at 23:00, ends at 01:00 today.
    expect(isOnDoorList(show(-1), day, noon)).toBe(true);
  });

  it("leaves out yesterday's and tomorrow's shows", () => {
    expect(isOnDoorList(show(-4), day, noon)).toBe(false);
    expect(isOnDoorList(show(24), day, noon)).toBe(false);
  });

  it("lists tomorrow's 00:30 show once its doors are open tonight, and not before", () => {
    const late = show(24.5);
    expect(isOnDoorList(late, day, day.start + 23 * 60 * MIN + 29 * MIN)).toBe(false);
    expect(isOnDoorList(late, day, day.start + 23 * 60 * MIN + 30 * MIN)).toBe(true);
  });
});
