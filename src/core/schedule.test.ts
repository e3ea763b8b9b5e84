import { describe, expect, it } from 'vitest';
import { dayRange, parseDateTime, showtimeEnd, slotsCollide } from './schedule.js';

const at = (iso: string) => Date.parse(iso);

describe('parseDateTime', () => {
  it('reads times with an offset and converts to UTC', () => {
    expect(parseDateTime('2030-05-01T20:00:00+02:00')).toBe(at('2030-05-01T18:00:00Z'));
    expect(parseDateTime('2030-05-01T18:00:00.123Z')).toBe(at('2030-05-01T18:00:00.123Z'));
    expect(parseDateTime('2030-05-01T20:00+0200')).toBe(at('2030-05-01T18:00:00Z'));
  });

  it('takes a time without offset as UTC (prototype clients)', () => {
    expect(parseDateTime('2030-05-01T18:00:00')).toBe(at('2030-05-01T18:00:00Z'));
  });

  it('refuses impossible or malformed times', () => {
    expect(parseDateTime('2030-02-30T10:00:00Z')).toBeNull();
    expect(parseDateTime('2030-01-01T25:00:00Z')).toBeNull();
    expect(parseDateTime('tomorrow')).toBeNull();
    expect(parseDateTime('')).toBeNull();
  });
});

describe('slotsCollide', () => {
  const start = at('2030-05-01T18:00:00Z');
  const first = { start, end: showtimeEnd(start, 120) };

  it('sees an overlap inside the film', () => {
    const s = start + 60 * 60_000;
    expect(slotsCollide(first, { start: s, end: showtimeEnd(s, 90) })).toBe(true);
  });

  it('keeps the 15-minute cleaning buffer after a film', () => {
    const tooSoon = first.end + 14 * 60_000;
    expect(slotsCollide(first, { start: tooSoon, end: showtimeEnd(tooSoon, 90) })).toBe(true);
    const justRight = first.end + 15 * 60_000;
    expect(slotsCollide(first, { start: justRight, end: showtimeEnd(justRight, 90) })).toBe(false);
  });

  it('keeps the buffer before a film too', () => {
    const earlier = first.start - 135 * 60_000;
    expect(slotsCollide(first, { start: earlier, end: showtimeEnd(earlier, 120) })).toBe(false);
    const overlapping = earlier + 60_000;
    expect(slotsCollide(first, { start: overlapping, end: showtimeEnd(overlapping, 120) })).toBe(true);
  });
});

describe('dayRange', () => {
  it('covers one UTC day', () => {
    expect(dayRange('2030-05-01')).toEqual({ start: at('2030-05-01T00:00:00Z'), end: at('2030-05-02T00:00:00Z') });
    expect(dayRange('2030-13-01')).toBeNull();
    expect(dayRange('May 1')).toBeNull();
  });
});
