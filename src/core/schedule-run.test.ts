import { describe, expect, it } from 'vitest';
import { MAX_RUN_DAYS, MAX_RUN_SHOWTIMES, markRunConflicts, planRun, type RunRequest, runSpan } from './schedule-run.js';

const tokyo = { id: 1, name: 'Tokyo 1', timeZone: 'Asia/Tokyo', deleted: false };
const la = { id: 2, name: 'LA 1', timeZone: 'America/Los_Angeles', deleted: false };
const NOW = Date.parse('2026-01-01T00:00:00Z');

const request = (over: Partial<RunRequest> = {}): RunRequest => ({
  fromDate: '2026-12-04',
  toDate: '2026-12-13',
  weekdays: ['fri', 'sat'],
  times: ['19:30', '14:00'],
  halls: [tokyo],
  durationMinutes: 100,
  now: NOW,
  ...over,
});

const planned = (over: Partial<RunRequest> = {}) => {
  const plan = planRun(request(over));
  if (!plan.ok) throw new Error(JSON.stringify(plan.problems));
  return plan.showtimes;
};

describe('planRun', () => {
  it("makes every chosen weekday's showtimes at the cinema's wall times, in order", () => {
    const shows = planned();
    expect(shows.map((s) => `${s.localDate} ${s.localTime}`)).toEqual([
      '2026-12-04 14:00',
      '2026-12-04 19:30',
      '2026-12-05 14:00',
      '2026-12-05 19:30',
      '2026-12-11 14:00',
      '2026-12-11 19:30',
      '2026-12-12 14:00',
      '2026-12-12 19:30',
    ]);
    expect(shows[1]?.start).toBe(Date.parse('2026-12-04T10:30:00Z'));
    expect(shows[1]?.end).toBe(Date.parse('2026-12-04T12:10:00Z'));
    expect(shows.every((s) => s.conflicts.length === 0)).toBe(true);
  });

  it('reads the same wall time in each hall’s own zone', () => {
    const shows = planned({ fromDate: '2026-12-04', toDate: '2026-12-04', times: ['19:30'], halls: [tokyo, la] });
    expect(shows.map((s) => s.start)).toEqual([Date.parse('2026-12-04T10:30:00Z'), Date.parse('2026-12-05T03:30:00Z')]);
  });

  it('marks wall times the daylight-saving change skips or repeats, unless a fold is chosen for the repeat', () => {
    const spring = planned({
      fromDate: '2026-03-07',
      toDate: '2026-03-08',
      weekdays: ['sat', 'sun'],
      times: ['02:30', '19:00'],
      halls: [la],
    });
    expect(spring.map((s) => [s.localDate, s.localTime, s.conflicts.map((c) => c.type)])).toEqual([
      ['2026-03-07', '02:30', []],
      ['2026-03-07', '19:00', []],
      ['2026-03-08', '02:30', ['nonexistent_local_time']],
      ['2026-03-08', '19:00', []],
    ]);
    expect(spring[2]?.start).toBeNull();
    // 19:00 is 8 hours from UTC before the change and 7 after.
    expect(spring[1]?.start).toBe(Date.parse('2026-03-08T03:00:00Z'));
    expect(spring[3]?.start).toBe(Date.parse('2026-03-09T02:00:00Z'));

    const autumn = { fromDate: '2026-11-01', toDate: '2026-11-01', weekdays: ['sun' as const], times: ['01:30'], halls: [la] };
    expect(planned(autumn)[0]?.conflicts).toEqual([{ type: 'ambiguous_local_time' }]);
    expect(planned({ ...autumn, fold: 'later' })[0]).toMatchObject({ start: Date.parse('2026-11-01T09:30:00Z'), conflicts: [] });
    expect(planned({ ...autumn, fold: 'earlier' })[0]).toMatchObject({
      start: Date.parse('2026-11-01T08:30:00Z'),
      conflicts: [],
    });
  });

  it('marks a closed hall and a time already past', () => {
    const shows = planned({ halls: [{ ...tokyo, deleted: true }], now: Date.parse('2026-12-04T06:00:00Z') });
    expect(shows[0]?.conflicts).toEqual([{ type: 'hall_closed' }, { type: 'in_past' }]);
    expect(shows[1]?.conflicts).toEqual([{ type: 'hall_closed' }]);
  });

  it(`refuses more than ${MAX_RUN_DAYS} days or ${MAX_RUN_SHOWTIMES} showtimes, and malformed input`, () => {
    // 92 days is the most: 2026-01-01 to 2026-04-02.
    expect(planRun(request({ fromDate: '2026-01-01', toDate: '2026-04-02', weekdays: ['mon'], times: ['19:00'] })).ok).toBe(true);
    expect(planRun(request({ fromDate: '2026-01-01', toDate: '2026-04-03', weekdays: ['mon'], times: ['19:00'] }))).toEqual({
      ok: false,
      problems: [{ field: 'body/to_date', message: `a run spans at most ${MAX_RUN_DAYS} days` }],
    });
    // 10 weeks x 7 days x 7 times = 490 fits; 8 times a day is 560.
    const every = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
    const times = ['10:00', '11:00', '12:00', '13:00', '14:00', '15:00', '16:00', '17:00'];
    const week10 = { fromDate: '2026-06-01', toDate: '2026-08-09', weekdays: [...every] };
    expect(planRun(request({ ...week10, times: times.slice(0, 7) })).ok).toBe(true);
    const tooMany = planRun(request({ ...week10, times }));
    expect(tooMany).toEqual({
      ok: false,
      problems: [{ field: 'body', message: `the run would create 560 showtimes; at most ${MAX_RUN_SHOWTIMES} at once` }],
    });
    const bad = planRun(request({ fromDate: '2026-02-30', toDate: 'soon', times: ['25:00', '19:30', '19:30'] }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.problems.map((p) => p.field)).toEqual(['body/from_date', 'body/to_date', 'body/times/0', 'body/times']);
    }
    expect(planRun(request({ fromDate: '2026-12-05', toDate: '2026-12-04' }))).toMatchObject({ ok: false });
    expect(planRun(request({ fromDate: '2026-12-07', toDate: '2026-12-08', weekdays: ['fri'] }))).toMatchObject({ ok: false });
  });
});

describe('markRunConflicts', () => {
  it('marks overlaps with existing showtimes in the hall, cleaning buffer included', () => {
    const shows = planned({ fromDate: '2026-12-04', toDate: '2026-12-04', times: ['19:30'], halls: [tokyo, la] });
    const start = shows[0]?.start as number;
    // Ends 14 minutes before ours starts: a 15-minute buffer keeps the hall busy, a 14-minute one does not.
    const endsJustBefore = { id: 7, hallId: tokyo.id, start: start - 114 * 60_000, end: start - 14 * 60_000 };
    const marked = markRunConflicts(shows, [endsJustBefore], 15);
    expect(marked[0]?.conflicts).toEqual([{ type: 'overlap', event_id: 7, start_time: '2026-12-04T17:36:00+09:00' }]);
    expect(marked[1]?.conflicts).toEqual([]);
    expect(markRunConflicts(shows, [endsJustBefore], 14)[0]?.conflicts).toEqual([]);
    // Another hall's showtime at the same time is no conflict.
    expect(markRunConflicts(shows, [{ ...endsJustBefore, hallId: 99 }], 15)[0]?.conflicts).toEqual([]);
  });

  it('marks showtimes of the run that collide with each other', () => {
    const shows = planned({ fromDate: '2026-12-04', toDate: '2026-12-04', times: ['19:30', '21:00'] });
    const marked = markRunConflicts(shows, [], 15);
    expect(marked.map((s) => s.conflicts.map((c) => c.type))).toEqual([['overlap_in_run'], ['overlap_in_run']]);
    expect(
      markRunConflicts(planned({ fromDate: '2026-12-04', toDate: '2026-12-04', times: ['19:30', '21:25'] }), [], 15).every(
        (s) => s.conflicts.length === 0,
      ),
    ).toBe(true);
    expect(runSpan(marked)).toEqual({ start: Date.parse('2026-12-04T10:30:00Z'), end: Date.parse('2026-12-04T13:40:00Z') });
  });
});
