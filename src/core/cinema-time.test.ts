import { describe, expect, it } from 'vitest';
import {
  businessDate,
  businessDayRange,
  cinemaDay,
  formatCinemaTime,
  formatShowtimeClock,
  isTimeZone,
  offsetMinutesAt,
  parseWallTime,
  resolveWallTime,
  toZonedIso,
  wallTimeToInstant,
  zoneLabel,
} from './cinema-time.js';

describe('formatCinemaTime', () => {
  const noonUtc = Date.UTC(2100, 0, 1, 12, 0);

  // The zone's short name comes from the runtime's ICU data, which names some zones by offset.
  it("writes the showtime in the cinema's zone, with the zone, whatever the server's zone is", () => {
    expect(formatCinemaTime(noonUtc, 'UTC')).toBe('Friday 1 January 2100, 12:00 UTC');
    expect(formatCinemaTime(noonUtc, 'America/New_York')).toMatch(/^Friday 1 January 2100, 07:00 (EST|GMT-5)$/);
    expect(formatCinemaTime(Date.UTC(2100, 6, 1, 19, 30), 'Europe/Berlin')).toMatch(
      /^Thursday 1 July 2100, 21:30 (CEST|GMT\+2)$/,
    );
  });

  it('moves to the next day when the zone does', () => {
    expect(formatCinemaTime(Date.UTC(2100, 0, 1, 23, 30), 'Asia/Tokyo')).toMatch(/^Saturday 2 January 2100, 08:30 (JST|GMT\+9)$/);
  });
});

describe('cinemaDay', () => {
  const HOUR = 3_600_000;

  it("is the cinema's calendar day, not the server's or UTC's", () => {
    expect(cinemaDay(Date.UTC(2100, 0, 1, 12), 'UTC')).toEqual({
      date: '2100-01-01',
      start: Date.UTC(2100, 0, 1),
      end: Date.UTC(2100, 0, 2),
    });
    // 23:30 UTC on 1 January is already 2 January in Tokyo (UTC+9), from 15:00 UTC the day before.
    expect(cinemaDay(Date.UTC(2100, 0, 1, 23, 30), 'Asia/Tokyo')).toEqual({
      date: '2100-01-02',
      start: Date.UTC(2100, 0, 1, 15),
      end: Date.UTC(2100, 0, 2, 15),
    });
    // 03:00 UTC is still the evening before in New York (UTC-5).
    expect(cinemaDay(Date.UTC(2100, 0, 2, 3), 'America/New_York')).toEqual({
      date: '2100-01-01',
      start: Date.UTC(2100, 0, 1, 5),
      end: Date.UTC(2100, 0, 2, 5),
    });
  });

  it('has 23 hours on the day the clocks go forward and 25 on the day they go back', () => {
    // Europe/Paris: 28 March 2100 02:00 -> 03:00; 31 October 2100 03:00 -> 02:00.
    const spring = cinemaDay(Date.UTC(2100, 2, 28, 12), 'Europe/Paris');
    expect(spring).toEqual({ date: '2100-03-28', start: Date.UTC(2100, 2, 27, 23), end: Date.UTC(2100, 2, 28, 22) });
    expect(spring.end - spring.start).toBe(23 * HOUR);
    const autumn = cinemaDay(Date.UTC(2100, 9, 31, 12), 'Europe/Paris');
    expect(autumn).toEqual({ date: '2100-10-31', start: Date.UTC(2100, 9, 30, 22), end: Date.UTC(2100, 9, 31, 23) });
    expect(autumn.end - autumn.start).toBe(25 * HOUR);
  });

  it('the first and last moments of a day belong to it', () => {
    const day = cinemaDay(Date.UTC(2100, 5, 15, 12), 'Europe/Paris');
    expect(cinemaDay(day.start, 'Europe/Paris').date).toBe('2100-06-15');
    expect(cinemaDay(day.end - 1, 'Europe/Paris').date).toBe('2100-06-15');
    expect(cinemaDay(day.end, 'Europe/Paris').date).toBe('2100-06-16');
  });
});

const LA = 'America/Los_Angeles';
const TOKYO = 'Asia/Tokyo';
const wall = (s: string) => {
  const w = parseWallTime(s);
  if (!w) throw new Error(s);
  return w;
};

describe('offsets and zoned ISO', () => {
  it("writes an instant with the cinema's offset, not Z", () => {
    expect(toZonedIso(Date.parse('2026-12-05T10:30:00Z'), TOKYO)).toBe('2026-12-05T19:30:00+09:00');
    expect(toZonedIso(Date.parse('2026-07-01T02:30:00Z'), LA)).toBe('2026-06-30T19:30:00-07:00');
    expect(toZonedIso(Date.parse('2026-12-01T03:30:00Z'), LA)).toBe('2026-11-30T19:30:00-08:00');
    expect(toZonedIso(Date.parse('2026-12-01T03:30:00Z'), 'UTC')).toBe('2026-12-01T03:30:00+00:00');
    expect(toZonedIso(Date.parse('2026-12-01T03:30:00Z'), 'Asia/Kolkata')).toBe('2026-12-01T09:00:00+05:30');
  });

  it('follows the daylight-saving change in Los Angeles', () => {
    expect(offsetMinutesAt(Date.parse('2026-03-08T09:59:59Z'), LA)).toBe(-480);
    expect(offsetMinutesAt(Date.parse('2026-03-08T10:00:00Z'), LA)).toBe(-420);
    expect(offsetMinutesAt(Date.parse('2026-11-01T08:59:59Z'), LA)).toBe(-420);
    expect(offsetMinutesAt(Date.parse('2026-11-01T09:00:00Z'), LA)).toBe(-480);
    expect(offsetMinutesAt(Date.parse('2026-11-01T09:00:00Z'), TOKYO)).toBe(540);
  });
});

describe('resolveWallTime', () => {
  it('reads an ordinary wall time in the zone', () => {
    expect(resolveWallTime(wall('2026-12-05T19:30'), TOKYO)).toEqual({
      ok: true,
      epochMs: Date.parse('2026-12-05T10:30:00Z'),
      ambiguous: false,
    });
    expect(resolveWallTime(wall('2026-03-08T19:30'), LA)).toMatchObject({
      ok: true,
      epochMs: Date.parse('2026-03-09T02:30:00Z'),
    });
    expect(resolveWallTime(wall('2026-03-07T19:30'), LA)).toMatchObject({
      ok: true,
      epochMs: Date.parse('2026-03-08T03:30:00Z'),
    });
  });

  it('refuses a wall time the clocks skip (2026-03-08 02:30 in Los Angeles)', () => {
    expect(resolveWallTime(wall('2026-03-08T02:30'), LA)).toEqual({ ok: false, code: 'NONEXISTENT_LOCAL_TIME' });
    expect(resolveWallTime(wall('2026-03-08T02:30'), LA, 'earlier')).toEqual({ ok: false, code: 'NONEXISTENT_LOCAL_TIME' });
    expect(resolveWallTime(wall('2026-03-08T03:00'), LA)).toMatchObject({
      ok: true,
      epochMs: Date.parse('2026-03-08T10:00:00Z'),
    });
    expect(resolveWallTime(wall('2026-03-08T01:59'), LA)).toMatchObject({
      ok: true,
      epochMs: Date.parse('2026-03-08T09:59:00Z'),
    });
  });

  it('refuses a wall time that happens twice (2026-11-01 01:30 in Los Angeles) unless a fold is chosen', () => {
    const pdt = Date.parse('2026-11-01T08:30:00Z');
    const pst = Date.parse('2026-11-01T09:30:00Z');
    expect(resolveWallTime(wall('2026-11-01T01:30'), LA)).toEqual({
      ok: false,
      code: 'AMBIGUOUS_LOCAL_TIME',
      candidates: [pdt, pst],
    });
    expect(resolveWallTime(wall('2026-11-01T01:30'), LA, 'earlier')).toEqual({ ok: true, epochMs: pdt, ambiguous: true });
    expect(resolveWallTime(wall('2026-11-01T01:30'), LA, 'later')).toEqual({ ok: true, epochMs: pst, ambiguous: true });
    expect(resolveWallTime(wall('2026-11-01T02:00'), LA)).toMatchObject({
      ok: true,
      epochMs: Date.parse('2026-11-01T10:00:00Z'),
    });
    // Tokyo has no daylight saving: the same wall time is just one instant.
    expect(resolveWallTime(wall('2026-11-01T01:30'), TOKYO)).toMatchObject({ ok: true, ambiguous: false });
  });

  it('moves a skipped time forward when a range bound needs one', () => {
    expect(wallTimeToInstant(wall('2026-03-08T02:30'), LA)).toBe(Date.parse('2026-03-08T10:30:00Z'));
    expect(wallTimeToInstant(wall('2026-11-01T01:30'), LA)).toBe(Date.parse('2026-11-01T08:30:00Z'));
  });

  it('parses wall times and refuses impossible ones', () => {
    expect(parseWallTime('2026-12-05T19:30')).toEqual({ year: 2026, month: 12, day: 5, hour: 19, minute: 30, second: 0 });
    expect(parseWallTime('2026-02-30T19:30')).toBeNull();
    expect(parseWallTime('2026-12-05T24:00')).toBeNull();
    expect(parseWallTime('2026-12-05T19:30Z')).toBeNull();
    expect(isTimeZone('Asia/Tokyo')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });
});

describe('business day', () => {
  it('puts a show before 04:00 on the day before, in the cinema zone', () => {
    // 00:30 Saturday in Tokyo is Friday's late show.
    expect(businessDate(Date.parse('2026-12-04T15:30:00Z'), TOKYO)).toBe('2026-12-04');
    expect(businessDate(Date.parse('2026-12-04T18:59:00Z'), TOKYO)).toBe('2026-12-04');
    expect(businessDate(Date.parse('2026-12-04T19:00:00Z'), TOKYO)).toBe('2026-12-05');
    expect(businessDate(Date.parse('2026-12-04T15:30:00Z'), TOKYO, 0)).toBe('2026-12-05');
  });

  it('counts a business day across the autumn change as 25 hours and the spring one as 23', () => {
    const autumn = businessDayRange('2026-10-31', LA);
    expect(autumn).toEqual({ start: Date.parse('2026-10-31T11:00:00Z'), end: Date.parse('2026-11-01T12:00:00Z') });
    const spring = businessDayRange('2026-03-07', LA);
    expect(spring).toEqual({ start: Date.parse('2026-03-07T12:00:00Z'), end: Date.parse('2026-03-08T11:00:00Z') });
    // The repeated 01:30 belongs to Saturday's business day both times.
    expect(businessDate(Date.parse('2026-11-01T08:30:00Z'), LA)).toBe('2026-10-31');
    expect(businessDate(Date.parse('2026-11-01T09:30:00Z'), LA)).toBe('2026-10-31');
    expect(businessDayRange('2026-02-30', LA)).toBeNull();
  });
});

describe('formatShowtimeClock', () => {
  const at = Date.parse('2026-12-05T10:30:00Z');
  it('names the zone only when the reader would see another time', () => {
    expect(formatShowtimeClock(at, TOKYO, TOKYO)).toBe('19:30');
    expect(formatShowtimeClock(at, TOKYO, 'Asia/Seoul')).toBe('19:30');
    expect(formatShowtimeClock(at, TOKYO, LA)).toBe('19:30 (Tokyo)');
    expect(formatShowtimeClock(Date.parse('2026-12-06T03:30:00Z'), LA, 'Europe/Paris')).toBe('19:30 (Los Angeles)');
    expect(zoneLabel('UTC')).toBe('UTC');
  });
});
