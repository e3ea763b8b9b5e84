import * as ed from '@noble/ed25519';
import { beforeAll, describe, expect, it } from 'vitest';
import { doorWindow, encodeTicketToken, signedBytes, type TokenVerdict } from '../../core/ticket-token';
import {
  clockTime,
  judgeOffline,
  type LocalPack,
  manualEntry,
  offlineBanner,
  scanDebouncer,
  seatText,
  syncProblems,
  verdictFromServer,
  verdictHeadline,
  withAdmission,
} from './doorCheck';

const MIN = 60_000;
const START = Date.UTC(2100, 0, 1, 19, 0);
const claims = { kid: '0a0b0c0d', ticketId: 31, eventId: 7, seat: 'C7', ...doorWindow({ start: START, end: START + 120 * MIN }) };
const good: TokenVerdict = { ok: true, claims };
const pack = (over: Partial<LocalPack> = {}): LocalPack => ({ event_id: 7, void_ticket_ids: [], used: [], ...over });
const inWindow = START - 10 * MIN;

describe('judging a scan on the device', () => {
  it('admits a signed ticket of this showtime inside its door window', () => {
    expect(judgeOffline({ verdict: good, pack: pack(), at: inWindow })).toEqual({ result: 'admitted', ticketId: 31, seat: 'C7' });
  });

  it('refuses a ticket the pack lists as used, saying when and where', () => {
    const used = pack({ used: [{ ticket_id: 31, used_at: '2100-01-01T18:42:00.000Z', device_id: 'door 2' }] });
    expect(judgeOffline({ verdict: good, pack: used, at: inWindow })).toEqual({
      result: 'already_used',
      ticketId: 31,
      seat: 'C7',
      usedAt: '2100-01-01T18:42:00.000Z',
      deviceId: 'door 2',
    });
  });

  it('refuses a cancelled ticket as void, before anything else about it', () => {
    const voided = pack({
      void_ticket_ids: [31],
      used: [{ ticket_id: 31, used_at: '2100-01-01T18:42:00.000Z', device_id: null }],
    });
    expect(judgeOffline({ verdict: good, pack: voided, at: inWindow }).result).toBe('void');
  });

  it('refuses a ticket of another showtime, and one outside the door window the token carries', () => {
    expect(judgeOffline({ verdict: good, pack: pack({ event_id: 8 }), at: inWindow })).toMatchObject({
      result: 'wrong_showtime',
      reason: 'other_showtime',
    });
    // Doors open an hour before the start; the token is good until the end.
    expect(judgeOffline({ verdict: good, pack: pack(), at: START - 61 * MIN })).toMatchObject({ reason: 'outside_window' });
    expect(judgeOffline({ verdict: good, pack: pack(), at: START - 60 * MIN }).result).toBe('admitted');
    expect(judgeOffline({ verdict: good, pack: pack(), at: START + 120 * MIN })).toMatchObject({ reason: 'outside_window' });
  });

  it('refuses a code whose signature, key or format failed', () => {
    for (const reason of ['MALFORMED', 'UNKNOWN_KEY', 'BAD_SIGNATURE'] as const) {
      expect(judgeOffline({ verdict: { ok: false, reason }, pack: pack(), at: inWindow })).toEqual({ result: 'invalid' });
    }
  });

  it('an admission on this device makes the next scan of the ticket a duplicate', () => {
    const entry = { ticket_id: 31, used_at: '2100-01-01T18:50:00.000Z', device_id: 'door 1' };
    const after = withAdmission(pack(), entry);
    expect(judgeOffline({ verdict: good, pack: after, at: inWindow }).result).toBe('already_used');
    expect(withAdmission(after, { ...entry, device_id: 'door 9' })).toBe(after);
  });
});

describe('what the door screen says', () => {
  it('names the row and seat, the time of the first use in the cinema’s zone and the door', () => {
    expect(seatText('C7')).toBe('Row C, seat 7');
    expect(seatText('AA12')).toBe('Row AA, seat 12');
    expect(seatText('Box 3')).toBe('Seat Box 3');
    expect(verdictHeadline({ result: 'admitted', ticketId: 1, seat: 'C7' }, 'UTC')).toBe('Admitted — Row C, seat 7');
    const used = { result: 'already_used' as const, ticketId: 1, seat: 'C7', usedAt: '2100-01-01T18:42:00.000Z' };
    expect(verdictHeadline({ ...used, deviceId: 'door 2' }, 'Europe/Paris')).toBe('Already used at 19:42 (door 2)');
    expect(verdictHeadline({ ...used, deviceId: null }, 'UTC')).toBe('Already used at 18:42');
    expect(verdictHeadline({ result: 'void', ticketId: 1, seat: 'C7' }, 'UTC')).toBe('Cancelled ticket');
    expect(verdictHeadline({ result: 'wrong_showtime', ticketId: 1, seat: 'C7', reason: 'other_showtime' }, 'UTC')).toBe(
      'Not valid for this showtime',
    );
    expect(verdictHeadline({ result: 'invalid' }, 'UTC')).toBe('Not a valid ticket');
    expect(clockTime('2100-01-01T23:30:00.000Z', 'Asia/Tokyo')).toBe('08:30');
  });

  it('counts the scans waiting for the network', () => {
    expect(offlineBanner(1)).toBe('Offline — 1 scan waiting');
    expect(offlineBanner(12)).toBe('Offline — 12 scans waiting');
  });

  it('reports the scans a sync did not admit', () => {
    expect(
      syncProblems(
        [
          { result: 'admitted', seat: 'C7', used_at: '2100-01-01T18:42:00.000Z', device_id: 'door 1' },
          { result: 'duplicate', seat: 'D2', used_at: '2100-01-01T18:40:00.000Z', device_id: 'door 2' },
          { result: 'void', seat: 'D3', used_at: null, device_id: null },
          { result: 'invalid', seat: null, used_at: null, device_id: null },
        ],
        'UTC',
      ),
    ).toEqual([
      'Duplicate: Row D, seat 2 had already been admitted at 18:40 (door 2)',
      'Row D, seat 3: the ticket had been cancelled',
      'A scan was not a valid ticket',
    ]);
  });
});

describe('typed entries', () => {
  let token = '';
  beforeAll(async () => {
    const secret = ed.utils.randomSecretKey();
    // encodeTicketToken signs synchronously: sign the bytes first, then encode with that signature.
    const signature = await ed.signAsync(signedBytes(claims), secret);
    token = encodeTicketToken(claims, () => signature);
  });

  it('tells a booking reference from a ticket code, in any case and with spaces', () => {
    expect(manualEntry('k7m4 q9tz2h')).toEqual({ kind: 'reference', reference: 'K7M4Q9TZ2H' });
    expect(manualEntry(token.toLowerCase())).toEqual({ kind: 'code', code: token });
    expect(manualEntry(` ${token.slice(0, 30)} ${token.slice(30)} `)).toEqual({ kind: 'code', code: token });
  });

  it('refuses what is neither', () => {
    for (const text of ['', 'hello', 'K7M4Q9TZ2', 'K7M4Q9TZ2H0', token.slice(0, -1)]) expect(manualEntry(text)).toBeNull();
  });
});

describe('one held-up ticket is one scan', () => {
  it('takes a code once while it stays in view, and again after it was gone for the quiet time', () => {
    const take = scanDebouncer(1500);
    expect(take('A', 0)).toBe(true);
    // Held up for ten seconds, seen every 200 ms: never again.
    for (let at = 200; at <= 10_000; at += 200) expect(take('A', at)).toBe(false);
    // Another ticket meanwhile is its own scan.
    expect(take('B', 10_100)).toBe(true);
    // Taken away at 10 s, shown again 1.5 s later: still the same sighting; later: a new scan.
    expect(take('A', 11_500)).toBe(false);
    expect(take('A', 13_001)).toBe(true);
  });
});

describe("the server's answer", () => {
  it('becomes the same verdict a device reaches offline', () => {
    expect(verdictFromServer({ result: 'admitted', ticket_id: 3, seat: 'C7' })).toEqual({
      result: 'admitted',
      ticketId: 3,
      seat: 'C7',
    });
    expect(
      verdictFromServer({
        result: 'already_used',
        ticket_id: 3,
        seat: 'C7',
        used_at: '2100-01-01T18:42:00.000Z',
        device_id: 'door 2',
      }),
    ).toEqual({ result: 'already_used', ticketId: 3, seat: 'C7', usedAt: '2100-01-01T18:42:00.000Z', deviceId: 'door 2' });
    expect(verdictFromServer({ result: 'void', ticket_id: 3, seat: 'C7' }).result).toBe('void');
    expect(verdictFromServer({ result: 'wrong_showtime', ticket_id: 3, seat: 'C7', reason: 'outside_window' })).toMatchObject({
      reason: 'outside_window',
    });
    // 422: no ticket of ours (or a request the server refused as malformed).
    expect(verdictFromServer({ result: 'invalid' })).toEqual({ result: 'invalid' });
    expect(verdictFromServer({})).toEqual({ result: 'invalid' });
  });
});
