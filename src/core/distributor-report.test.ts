import { describe, expect, it } from 'vitest';
import { distributorWeek, filmWeek, filmWeekStartOf, parseWeekday } from './distributor-report.js';
import { type SaleShowtime, saleLines } from './sales-report.js';

const show = (id: number, start: number): SaleShowtime => ({
  id,
  start_time: start,
  movie_id: 1,
  movie_title: 'Film',
  hall: 'One',
  cinema_id: 1,
  cinema: 'Tokyo',
  time_zone: 'Asia/Tokyo',
});

describe('distributor week', () => {
  it('runs Friday to Thursday and refuses another start day', () => {
    const week = filmWeek('2100-12-03');
    expect(week).toEqual({
      ok: true,
      days: ['2100-12-03', '2100-12-04', '2100-12-05', '2100-12-06', '2100-12-07', '2100-12-08', '2100-12-09'],
    });
    expect(filmWeek('2100-12-04')).toMatchObject({ ok: false, message: expect.stringContaining('Friday') });
    expect(filmWeek('2100-13-01')).toMatchObject({ ok: false });
  });

  it('starts on another weekday when the cinema says so, and finds the week a day is in', () => {
    // 2100-12-03 is a Friday; 2100-12-06 a Monday.
    expect(filmWeek('2100-12-06', 1)).toMatchObject({ ok: true, days: expect.arrayContaining(['2100-12-12']) });
    expect(filmWeek('2100-12-03', 1)).toEqual({ ok: false, message: 'must be a Monday: the film week runs Monday to Sunday' });
    expect(filmWeek('2100-12-04', 4)).toMatchObject({ ok: false, message: expect.stringContaining('Thursday to Wednesday') });
    expect(filmWeekStartOf('2100-12-03')).toBe('2100-12-03');
    expect(filmWeekStartOf('2100-12-09')).toBe('2100-12-03'); // Thursday: the week's last day
    expect(filmWeekStartOf('2100-12-10')).toBe('2100-12-10');
    expect(filmWeekStartOf('2100-12-02')).toBe('2100-11-26');
    expect(filmWeekStartOf('2100-12-03', 1)).toBe('2100-11-29');
    expect(filmWeekStartOf('2100-12-05', 7)).toBe('2100-12-05');
    expect(parseWeekday(' friday ')).toBe(5);
    expect(parseWeekday('MONDAY')).toBe(1);
    expect(parseWeekday('Sunday')).toBe(7);
    expect(parseWeekday('fri')).toBeNull();
  });

  it('lists every day and performance, empty ones too, in local time', () => {
    const late = show(1, Date.UTC(2100, 11, 3, 15, 30)); // Sat 00:30 Tokyo: Friday's business day
    const empty = show(2, Date.UTC(2100, 11, 4, 10, 0)); // Sat 19:00 Tokyo
    const nextWeek = show(3, Date.UTC(2100, 11, 10, 10, 0));
    const lines = [
      ...saleLines(
        {
          showtime: late,
          confirmed: true,
          payment_method: 'cash',
          promo_code: null,
          paid: 2000,
          refunded: 0,
          seats: [
            { ticket_type: 'adult', price: 1000, cancelled: false },
            { ticket_type: 'adult', price: 1000, cancelled: false },
          ],
        },
        '2100-12-03',
      ),
      ...saleLines(
        {
          showtime: nextWeek,
          confirmed: true,
          payment_method: 'cash',
          promo_code: null,
          paid: 1000,
          refunded: 0,
          seats: [{ ticket_type: 'adult', price: 1000, cancelled: false }],
        },
        '2100-12-10',
      ),
    ];
    const week = filmWeek('2100-12-03');
    if (!week.ok) throw new Error('week');
    const report = distributorWeek(lines, week.days, [{ showtime: empty, business_date: '2100-12-04' }]);
    expect(report.days).toHaveLength(7);
    expect(report.days[0]).toEqual({ date: '2100-12-03', showtimes: 1, admissions: 2, gross: 2000, refunds: 0, net: 2000 });
    expect(report.days[1]).toMatchObject({ date: '2100-12-04', showtimes: 1, admissions: 0 });
    expect(report.showtimes.map((s) => [s.showtime_id, s.date, s.time, s.admissions])).toEqual([
      [1, '2100-12-03', '00:30', 2],
      [2, '2100-12-04', '19:00', 0],
    ]);
    expect(report.totals).toEqual({ admissions: 2, gross: 2000, refunds: 0, net: 2000 });
  });
});
