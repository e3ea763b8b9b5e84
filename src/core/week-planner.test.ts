import { describe, expect, it } from 'vitest';
import { businessDate } from './cinema-time.js';
import {
  blockLabel,
  checkDateRange,
  dayLabel,
  layoutHallDay,
  MAX_LISTING_DAYS,
  plannerDay,
  shiftDate,
  slotTime,
  weekDates,
  weekStartOf,
} from './week-planner.js';

const MIN = 60_000;
const LA = 'America/Los_Angeles';
const TOKYO = 'Asia/Tokyo';

describe('weeks and dates', () => {
  it('starts a week on Monday and lists seven days across a month end', () => {
    expect(weekStartOf('2026-12-05')).toBe('2026-11-30');
    expect(weekStartOf('2026-11-30')).toBe('2026-11-30');
    expect(weekStartOf('2026-11-29')).toBe('2026-11-23');
    expect(weekDates('2026-11-30')).toEqual([
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
      '2026-12-04',
      '2026-12-05',
      '2026-12-06',
    ]);
    expect(shiftDate('2026-12-28', 7)).toBe('2027-01-04');
    expect(dayLabel('2026-12-05')).toBe('Sat 5 Dec');
  });

  it('refuses dates that do not exist', () => {
    expect(weekStartOf('2026-02-30')).toBeNull();
    expect(weekDates('nope')).toEqual([]);
    expect(shiftDate('2026-13-01', 1)).toBeNull();
  });

  it(`bounds a listing range to ${MAX_LISTING_DAYS} days, naming the field at fault`, () => {
    expect(checkDateRange('2026-12-01', '2026-12-31')).toEqual({ ok: true, from: '2026-12-01', to: '2026-12-31', days: 31 });
    expect(checkDateRange('2026-12-01', '2027-01-01')).toMatchObject({ ok: false, field: 'to' });
    expect(checkDateRange('2026-12-05', '2026-12-04')).toMatchObject({
      ok: false,
      field: 'to',
      message: 'must be on or after from',
    });
    expect(checkDateRange('2026-12-05', '2026-12-05')).toMatchObject({ ok: true, days: 1 });
    expect(checkDateRange('2026-02-30', '2026-03-01')).toMatchObject({ ok: false, field: 'from' });
    expect(checkDateRange('2026-03-01', 'x')).toMatchObject({ ok: false, field: 'to' });
  });
});

describe('business days', () => {
  it('runs from 04:00 to the next 04:00 with hourly local labels', () => {
    const day = plannerDay('2026-12-05', TOKYO);
    expect(day?.minutes).toBe(24 * 60);
    expect(day?.start).toBe(Date.parse('2026-12-05T04:00:00+09:00'));
    expect(day?.hours.map((h) => h.label).slice(0, 3)).toEqual(['04:00', '05:00', '06:00']);
    expect(day?.hours.at(-1)).toEqual({ offsetMinutes: 23 * 60, label: '03:00' });
  });

  it('has 25 hours when Los Angeles turns its clocks back (1 November 2026) and 23 when forward', () => {
    // The change at 02:00 on Sunday is inside Saturday's business day (until Sunday 04:00).
    const back = plannerDay('2026-10-31', LA);
    expect(back?.minutes).toBe(25 * 60);
    expect(back?.hours.map((h) => h.label).filter((l) => l === '01:00')).toHaveLength(2);
    expect(plannerDay('2026-11-01', LA)?.minutes).toBe(24 * 60);
    const forward = plannerDay('2026-03-07', LA);
    expect(forward?.minutes).toBe(23 * 60);
    expect(forward?.hours.map((h) => h.label)).not.toContain('02:00');
  });

  it('puts a 00:30 show on the day before', () => {
    const late = Date.parse('2026-11-01T00:30:00-07:00');
    expect(businessDate(late, LA)).toBe('2026-10-31');
    const day = plannerDay('2026-10-31', LA);
    if (!day) throw new Error('no day');
    const { blocks } = layoutHallDay([{ start: late, end: late + 100 * MIN }], day, 15);
    expect(blocks[0]?.offsetMinutes).toBe(20 * 60 + 30);
  });
});

describe('blocks', () => {
  const day = plannerDay('2026-12-05', TOKYO);
  if (!day) throw new Error('no day');
  const at = (hhmm: string, dayOf = '2026-12-05') => Date.parse(`${dayOf}T${hhmm}:00+09:00`);

  it('places a film by its start and length with the cleaning buffer as a tail', () => {
    const show = { start: at('19:30'), end: at('22:16') };
    const { blocks, lanes } = layoutHallDay([show], day, 15);
    expect(lanes).toBe(1);
    expect(blocks[0]).toMatchObject({
      offsetMinutes: 15 * 60 + 30,
      filmMinutes: 166,
      cleaningMinutes: 15,
      cleaningEnd: at('22:31'),
      continues: false,
      lane: 0,
    });
    expect(blockLabel({ title: 'Dune', hall: 'Hall 1', businessDate: day.date, ...show, cleaningEnd: at('22:31') }, TOKYO)).toBe(
      'Dune 19:30–22:16, Hall 1, Sat 5 Dec, cleaning until 22:31',
    );
    const cancelled = {
      title: 'Dune',
      hall: 'Hall 1',
      businessDate: day.date,
      ...show,
      cleaningEnd: at('22:31'),
      cancelled: true,
    };
    expect(blockLabel(cancelled, TOKYO)).toBe('Dune 19:30–22:16 cancelled, Hall 1, Sat 5 Dec, cleaning until 22:31');
  });

  it('clips a tail that runs past the business day and says so', () => {
    const { blocks } = layoutHallDay([{ start: at('02:00', '2026-12-06'), end: at('03:55', '2026-12-06') }], day, 15);
    expect(blocks[0]).toMatchObject({ offsetMinutes: 22 * 60, filmMinutes: 115, cleaningMinutes: 5, continues: true });
  });

  it('gives showtimes that share the hall at once their own lanes; back-to-back with cleaning share one', () => {
    const a = { start: at('10:00'), end: at('12:00') };
    const b = { start: at('12:15'), end: at('14:00') }; // starts as a's cleaning ends
    const c = { start: at('11:00'), end: at('13:00') }; // overlaps a (older data)
    const { blocks, lanes } = layoutHallDay([b, c, a], day, 15);
    expect(lanes).toBe(2);
    expect(blocks.map((x) => [x.show, x.lane])).toEqual([
      [a, 0],
      [c, 1],
      [b, 0],
    ]);
    // With a 30-minute buffer b starts inside a's cleaning, and c's hall time runs to 13:30: a third lane.
    expect(layoutHallDay([a, b, c], day, 30).lanes).toBe(3);
  });

  it('turns a click into a local time on the quarter hour', () => {
    expect(slotTime(day, 15 * 60 + 37, TOKYO)).toBe('19:30');
    expect(slotTime(day, 0, TOKYO)).toBe('04:00');
  });
});
