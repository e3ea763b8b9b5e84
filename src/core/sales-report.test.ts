import { describe, expect, it } from 'vitest';
import {
  allocate,
  checkReportRange,
  groupSales,
  MAX_REPORT_DAYS,
  paymentMethodKey,
  readWindow,
  SALES_GROUPINGS,
  type SaleBooking,
  type SaleShowtime,
  saleLines,
} from './sales-report.js';

const tokyo: SaleShowtime = {
  id: 1,
  // 00:30 on 6 December in Tokyo: the business day of 5 December.
  start_time: Date.UTC(2100, 11, 5, 15, 30),
  movie_id: 7,
  movie_title: 'Late Show',
  hall: 'Screen 1',
  cinema_id: 2,
  cinema: 'Tokyo',
  time_zone: 'Asia/Tokyo',
};
const evening: SaleShowtime = { ...tokyo, id: 2, start_time: Date.UTC(2100, 11, 6, 10, 30), movie_id: 8, movie_title: 'Matinee' };

const booking = (over: Partial<SaleBooking> = {}): SaleBooking => ({
  showtime: tokyo,
  confirmed: true,
  payment_method: 'online_card',
  promo_code: null,
  paid: 3000,
  refunded: 0,
  seats: [
    { ticket_type: 'adult', price: 1200, cancelled: false },
    { ticket_type: 'adult', price: 1200, cancelled: false },
    { ticket_type: 'child', price: 600, cancelled: false },
  ],
  ...over,
});

describe('sales report arithmetic', () => {
  it('allocates by weight and the parts add up', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(10, [0, 0])).toEqual([5, 5]);
    expect(allocate(7, [2, 0, 5])).toEqual([2, 0, 5]);
    expect(allocate(0, [3, 4])).toEqual([0, 0]);
    expect(allocate(5, [])).toEqual([]);
    const parts = allocate(1001, [333, 333, 334]);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(1001);
  });

  it('gives refunds to the seats given back, and counts only seats kept as admissions', () => {
    const lines = saleLines(
      booking({
        refunded: 500,
        seats: [
          { ticket_type: 'adult', price: 1200, cancelled: false },
          { ticket_type: 'adult', price: 1200, cancelled: false },
          { ticket_type: 'child', price: 600, cancelled: true },
        ],
      }),
      '2100-12-05',
    );
    expect(lines.map((l) => [l.ticket_type, l.admissions, l.gross, l.refunds])).toEqual([
      ['adult', 1, 1200, 0],
      ['adult', 1, 1200, 0],
      ['child', 0, 600, 500],
    ]);
  });

  it('a cancelled booking has no admissions; a fee kept stays in net', () => {
    const lines = saleLines(booking({ confirmed: false, refunded: 2700 }), '2100-12-05');
    const { totals } = groupSales(lines, 'film');
    expect(totals).toEqual({ admissions: 0, gross: 3000, refunds: 2700, net: 300 });
  });

  it('a refund with no seat given back is spread over all seats', () => {
    const lines = saleLines(booking({ refunded: 300 }), '2100-12-05');
    expect(lines.map((l) => l.refunds)).toEqual([120, 120, 60]);
  });

  it('every grouping has the same totals, rows in order', () => {
    const lines = [
      ...saleLines(booking(), '2100-12-05'),
      ...saleLines(
        booking({
          showtime: evening,
          payment_method: 'cash',
          promo_code: 'SPRING10',
          paid: 1200,
          seats: [{ ticket_type: 'adult', price: 1200, cancelled: false }],
        }),
        '2100-12-06',
      ),
      ...saleLines(booking({ confirmed: false, refunded: 3000 }), '2100-12-05'),
    ];
    const totals = { admissions: 4, gross: 7200, refunds: 3000, net: 4200 };
    for (const by of SALES_GROUPINGS) {
      const report = groupSales(lines, by);
      expect(report.totals, by).toEqual(totals);
      const summed = report.rows.reduce((a, r) => a + r.net, 0);
      expect(summed, by).toBe(totals.net);
    }
    expect(groupSales(lines, 'day').rows.map((r) => [r.key, r.admissions, r.net])).toEqual([
      ['2100-12-05', 3, 3000],
      ['2100-12-06', 1, 1200],
    ]);
    expect(groupSales(lines, 'film').rows.map((r) => r.label)).toEqual(['Late Show', 'Matinee']);
    expect(groupSales(lines, 'payment_method').rows.map((r) => [r.key, r.label])).toEqual([
      ['cash', 'Cash (box office)'],
      ['online_card', 'Card (online)'],
    ]);
    // Bookings without a code are one row, listed first.
    expect(groupSales(lines, 'promo_code').rows.map((r) => [r.key, r.label, r.admissions, r.net])).toEqual([
      ['none', 'No promo code', 3, 3000],
      ['SPRING10', 'SPRING10', 1, 1200],
    ]);
    expect(groupSales(lines, 'ticket_type').rows.map((r) => [r.key, r.label, r.admissions])).toEqual([
      ['adult', 'Adult', 3],
      ['child', 'Child', 1],
    ]);
    // A 00:30 show is listed under the evening before, with its calendar date beside it.
    expect(groupSales(lines, 'showtime').rows[0]?.label).toBe('2100-12-05 (2100-12-06) 00:30 Late Show — Tokyo, Screen 1');
  });

  it('names payment methods', () => {
    expect(paymentMethodKey('cash', 'counter')).toBe('cash');
    expect(paymentMethodKey('card', 'simulated')).toBe('box_office_card');
    expect(paymentMethodKey(null, 'stripe')).toBe('online_card');
    expect(paymentMethodKey(null, 'imported')).toBe('imported');
    expect(paymentMethodKey(null, null)).toBe('none');
  });

  it('checks ranges: real dates, in order, at most 366 days', () => {
    expect(checkReportRange('2100-01-01', '2100-01-01')).toEqual({ ok: true, days: 1 });
    expect(checkReportRange('2100-01-01', '2100-12-31')).toEqual({ ok: true, days: 365 });
    expect(checkReportRange('2099-01-01', '2100-01-01')).toEqual({ ok: true, days: MAX_REPORT_DAYS });
    expect(checkReportRange('2099-01-01', '2100-01-02')).toMatchObject({ ok: false, field: 'to' });
    expect(checkReportRange('2100-01-02', '2100-01-01')).toMatchObject({
      ok: false,
      field: 'to',
      message: 'must be on or after from',
    });
    expect(checkReportRange('2100-02-30', '2100-03-01')).toMatchObject({ ok: false, field: 'from' });
    expect(checkReportRange('2100-01-01', 'soon')).toMatchObject({ ok: false, field: 'to' });
  });

  it('reads a window wide enough for every zone', () => {
    const w = readWindow('2100-12-05', '2100-12-05');
    expect(w.start).toBeLessThanOrEqual(Date.UTC(2100, 11, 4, 14));
    expect(w.end).toBeGreaterThanOrEqual(Date.UTC(2100, 11, 7, 0));
  });
});
