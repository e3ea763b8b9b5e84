import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toMajorUnits } from '../src/core/money.js';
import { findIntegrityProblems, findMoneyTotals } from '../src/db/stores/integrity-store.js';
import { APPROVED_CARD, createTestApp, type TestApp } from './helpers/test-app.js';

type Account = Awaited<ReturnType<TestApp['makeUser']>>;
type Seat = { seat_id: number; price: number };

// Business days start at 04:00. In Tokyo (UTC+9, no summer time) the 00:30 show on Saturday
// 2100-12-04 belongs to Friday 2100-12-03, the first day of that film week.
const FRIDAY = '2100-12-03';

let t: TestApp;
let admin: Account;
let buyer: Account;
let clerk: Account;
let tokyo: { id: number; name: string };
let film: { id: number; title: string };
let late: { id: number; seats: Seat[] };
let evening: { id: number; seats: Seat[] };

const get = (url: string, headers: Record<string, string> = {}, token = admin.token) => t.call('GET', url, { token, headers });
const ok = <R extends { status: number; raw: string }>(r: R, status = 200) => {
  expect(r.status, r.raw).toBe(status);
  return r;
};
const sum = (seats: Seat[]) => seats.reduce((a, s) => a + s.price, 0);
const round = (n: number) => Math.round(n * 100) / 100;

async function showtime(hallId: number, startTime: string) {
  const event = ok(
    await t.call('POST', '/api/admin/events', {
      token: admin.token,
      body: { movie_id: film.id, hall_id: hallId, start_time: startTime, price: 10 },
    }),
    201,
  ).body;
  const seats = ok(await t.call('GET', `/api/events/${event.event_id}/seats`)).body.seats as Seat[];
  return { id: event.event_id as number, seats };
}

async function buyOnline(seats: Seat[], promoCode?: string) {
  const body = { seat_ids: seats.map((s) => s.seat_id), ...(promoCode ? { promo_code: promoCode } : {}) };
  const hold = ok(await t.call('POST', '/api/book-seats', { token: buyer.token, body }), 201);
  ok(
    await t.call('POST', '/api/confirm-payment', {
      token: buyer.token,
      body: { booking_reference: hold.body.booking_reference, payment: APPROVED_CARD },
    }),
  );
  return hold.body.booking_reference as string;
}

beforeAll(async () => {
  // A customer's cancellation keeps 2.00 plus 10%: "cancelled with a partial refund".
  t = await createTestApp({ config: { refundPolicy: { cutoffMinutes: 60, feeMinor: 200, feePercent: 10 } } });
  admin = await t.makeUser('admin');
  buyer = await t.makeUser();
  clerk = await t.makeUser('box_office');
  tokyo = ok(
    await t.call('POST', '/api/admin/cinemas', { token: admin.token, body: { name: 'Tokyo', time_zone: 'Asia/Tokyo' } }),
    201,
  ).body;
  const hall = ok(
    await t.call('POST', '/api/admin/halls', {
      token: admin.token,
      body: { name: 'Screen 1', cinema_id: tokyo.id, rows: 3, seats_per_row: 5 },
    }),
    201,
  ).body;
  // A title a spreadsheet would run as a formula, with a comma and quotes.
  film = ok(
    await t.call('POST', '/api/admin/movies', {
      token: admin.token,
      body: { title: '=Late, "Late" Show', duration_minutes: 100 },
    }),
    201,
  ).body;
  late = await showtime(hall.id, '2100-12-04T00:30');
  evening = await showtime(hall.id, '2100-12-04T19:00');
  // An empty performance the distributor still sees.
  await showtime(hall.id, '2100-12-05T13:00');

  const s = late.seats;
  ok(
    await t.call('POST', '/api/admin/promo-codes', {
      token: admin.token,
      body: { code: 'late10', kind: 'percent', value: 10 },
    }),
    201,
  );
  // Paid online with a promo code (10% off), kept.
  await buyOnline([s[0], s[1]] as Seat[], 'late10');
  // Paid online, then one seat cancelled out of it (fee kept).
  const partial = await buyOnline([s[2], s[3], s[4]] as Seat[]);
  ok(
    await t.call('POST', '/api/cancel-booking', {
      token: buyer.token,
      body: { booking_reference: partial, seat_ids: [(s[4] as Seat).seat_id] },
    }),
  );
  // Paid online, then cancelled whole (fee kept).
  const whole = await buyOnline([s[5], s[6]] as Seat[]);
  ok(await t.call('POST', '/api/cancel-booking', { token: buyer.token, body: { booking_reference: whole } }));
  // A hold never paid: neither admissions nor money.
  ok(await t.call('POST', '/api/book-seats', { token: buyer.token, body: { seat_ids: [(s[7] as Seat).seat_id] } }), 201);
  // Sold for cash at the box office.
  ok(await t.call('POST', '/api/box-office/shifts', { token: clerk.token, body: { opening_float: 100 } }), 201);
  ok(
    await t.call('POST', '/api/box-office/sales', {
      token: clerk.token,
      body: {
        event_id: evening.id,
        seat_ids: [evening.seats[0]?.seat_id, evening.seats[1]?.seat_id],
        payment_method: 'cash',
        cash_given: 500,
      },
    }),
    201,
  );
  await t.flushOutbox();
});
afterAll(async () => t.close());

describe('sales report', () => {
  it('counts a 00:30 Tokyo show on the business day before, and agrees with the dashboard and the integrity sums', async () => {
    const byDay = ok(await get(`/api/admin/reports/sales?from=2100-12-01&to=2100-12-10&cinema_id=${tokyo.id}&group_by=day`)).body;
    const s = late.seats;
    const fee = (amount: number) => 200 / 100 + round(amount * 0.1);
    const partialRefund = round((s[4] as Seat).price - fee((s[4] as Seat).price));
    const wholeRefund = round(sum([s[5], s[6]] as Seat[]) - fee(sum([s[5], s[6]] as Seat[])));
    // The first two seats were sold with 10% off.
    const lateGross = round(sum(s.slice(0, 7)) - round(sum([s[0], s[1]] as Seat[]) * 0.1));
    const eveningGross = round(sum(evening.seats.slice(0, 2)));
    expect(byDay).toMatchObject({ from: '2100-12-01', to: '2100-12-10', cinema_id: tokyo.id, group_by: 'day', currency: 'USD' });
    expect(byDay.rows).toEqual([
      {
        key: FRIDAY,
        label: FRIDAY,
        admissions: 4,
        gross: lateGross,
        refunds: round(partialRefund + wholeRefund),
        net: round(lateGross - partialRefund - wholeRefund),
      },
      { key: '2100-12-04', label: '2100-12-04', admissions: 2, gross: eveningGross, refunds: 0, net: eveningGross },
    ]);

    // Every grouping adds up to the same totals.
    for (const groupBy of ['film', 'showtime', 'ticket_type', 'promo_code', 'payment_method']) {
      const other = ok(await get(`/api/admin/reports/sales?from=2100-12-01&to=2100-12-10&group_by=${groupBy}`)).body;
      expect(other.totals, groupBy).toEqual(byDay.totals);
    }
    const byMethod = ok(await get('/api/admin/reports/sales?from=2100-12-01&to=2100-12-10&group_by=payment_method')).body;
    expect(byMethod.rows.map((r: { key: string; admissions: number }) => [r.key, r.admissions])).toEqual([
      ['cash', 2],
      ['online_card', 4],
    ]);
    // The promo code's row has the discounted sale (two seats at 10% off); the rest had no code.
    const byPromo = ok(await get('/api/admin/reports/sales?from=2100-12-01&to=2100-12-10&group_by=promo_code')).body;
    const promoSeats = [late.seats[0], late.seats[1]] as Seat[];
    expect(byPromo.rows.map((r: { key: string; label: string }) => [r.key, r.label])).toEqual([
      ['none', 'No promo code'],
      ['LATE10', 'LATE10'],
    ]);
    expect(byPromo.rows[1]).toMatchObject({ admissions: 2, gross: round(sum(promoSeats) * 0.9), refunds: 0 });
    const byShowtime = ok(await get('/api/admin/reports/sales?from=2100-12-01&to=2100-12-10&group_by=showtime')).body;
    expect(byShowtime.rows[0].label).toBe(`${FRIDAY} (2100-12-04) 00:30 ${film.title} — Tokyo, Screen 1`);

    // The dashboard's revenue and seats sold are the report's net and admissions.
    const analytics = ok(await get('/api/admin/analytics')).body;
    expect(byDay.totals.net).toBe(analytics.totals.revenue);
    expect(byDay.totals.admissions).toBe(analytics.totals.booked_seats);
    // check-integrity's money, from its store: taken, given back, kept, and the seats sold.
    expect(await findIntegrityProblems(t.db, t.clock.now())).toEqual([]);
    const money = await findMoneyTotals(t.db);
    expect(byDay.totals).toEqual({
      admissions: money.soldSeats,
      gross: toMajorUnits(money.taken, 'USD'),
      refunds: toMajorUnits(money.refunded, 'USD'),
      net: toMajorUnits(money.kept, 'USD'),
    });
    expect(money.refunded).toBeGreaterThan(0);
  });

  it('reads business days: Friday alone has the late show, Saturday the evening sale', async () => {
    const friday = ok(await get(`/api/admin/reports/sales?from=${FRIDAY}&to=${FRIDAY}&group_by=showtime`)).body;
    expect(friday.rows.map((r: { key: string }) => Number(r.key))).toEqual([late.id]);
    const saturday = ok(await get('/api/admin/reports/sales?from=2100-12-04&to=2100-12-04&group_by=showtime')).body;
    expect(saturday.rows.map((r: { key: string }) => Number(r.key))).toEqual([evening.id]);
    const empty = ok(await get('/api/admin/reports/sales?from=2100-12-20&to=2100-12-21')).body;
    expect(empty.rows).toEqual([]);
    expect(empty.totals).toEqual({ admissions: 0, gross: 0, refunds: 0, net: 0 });
  });

  it('writes CSV with a header, escaped cells and a totals row (Accept: text/csv or format=csv)', async () => {
    const byAccept = ok(
      await get('/api/admin/reports/sales?from=2100-12-01&to=2100-12-10&group_by=film', { accept: 'text/csv' }),
    );
    expect(byAccept.headers['content-type']).toMatch(/^text\/csv/);
    expect(byAccept.headers['content-disposition']).toBe('attachment; filename="sales-2100-12-01-2100-12-10-film.csv"');
    const lines = byAccept.raw.trimEnd().split('\r\n');
    expect(lines[0]).toBe('film,label,admissions,gross (USD),refunds (USD),net (USD)');
    expect(lines[1]).toMatch(new RegExp(`^${film.id},"'=Late, ""Late"" Show",6,`));
    expect(lines.at(-1)).toMatch(/^total,2100-12-01 to 2100-12-10,6,/);
    const byFormat = ok(await get('/api/admin/reports/sales?from=2100-12-01&to=2100-12-10&group_by=film&format=csv'));
    expect(byFormat.raw).toBe(byAccept.raw);
  });

  it('refuses bad ranges and groupings with a 422 naming the field, unknown cinemas with 404, non-admins with 403', async () => {
    const refused = async (query: string, field: string) => {
      const r = await get(`/api/admin/reports/sales?${query}`);
      expect(r.status, r.raw).toBe(422);
      expect(r.body.code).toBe('VALIDATION_FAILED');
      expect(r.raw).toContain(field);
    };
    await refused('from=2100-12-02&to=2100-12-01', 'to');
    await refused('from=2100-01-01&to=2101-01-02', 'to'); // 367 days
    await refused('from=2100-02-30&to=2100-03-01', 'from');
    await refused('from=2100-12-01', 'to');
    await refused('from=2100-12-01&to=2100-12-02&group_by=cinema', 'group_by');
    ok(await get('/api/admin/reports/sales?from=2100-01-01&to=2101-01-01')); // 366 days
    expect((await get('/api/admin/reports/sales?from=2100-12-01&to=2100-12-02&cinema_id=9999')).body.code).toBe(
      'CINEMA_NOT_FOUND',
    );
    expect((await get('/api/admin/reports/sales?from=2100-12-01&to=2100-12-02', {}, buyer.token)).status).toBe(403);
    expect((await get('/api/admin/reports/sales?from=2100-12-01&to=2100-12-02', {}, clerk.token)).status).toBe(403);
    expect((await t.call('GET', '/api/admin/reports/distributor?movie_id=1&week_start=2100-12-03')).status).toBe(401);
  });
});

describe('distributor report', () => {
  it('gives the film week Friday to Thursday per day and per showtime, in local time', async () => {
    const week = ok(
      await get(`/api/admin/reports/distributor?movie_id=${film.id}&week_start=${FRIDAY}&cinema_id=${tokyo.id}`),
    ).body;
    expect(week).toMatchObject({
      film: film.title,
      cinema: 'Tokyo',
      week_start: FRIDAY,
      week_end: '2100-12-09',
      currency: 'USD',
    });
    expect(
      week.days.map((d: { date: string; showtimes: number; admissions: number }) => [d.date, d.showtimes, d.admissions]),
    ).toEqual([
      [FRIDAY, 1, 4],
      ['2100-12-04', 1, 2],
      ['2100-12-05', 1, 0],
      ['2100-12-06', 0, 0],
      ['2100-12-07', 0, 0],
      ['2100-12-08', 0, 0],
      ['2100-12-09', 0, 0],
    ]);
    expect(week.showtimes.map((s: { date: string; time: string; hall: string }) => [s.date, s.time, s.hall])).toEqual([
      [FRIDAY, '00:30', 'Screen 1'],
      ['2100-12-04', '19:00', 'Screen 1'],
      ['2100-12-05', '13:00', 'Screen 1'],
    ]);
    const sales = ok(await get(`/api/admin/reports/sales?from=${FRIDAY}&to=2100-12-09`)).body;
    expect(week.totals).toEqual(sales.totals);

    const csv = ok(await get(`/api/admin/reports/distributor?movie_id=${film.id}&week_start=${FRIDAY}&format=csv`));
    const rows = csv.raw.trimEnd().split('\r\n');
    expect(rows[0]).toBe(`film,"'=Late, ""Late"" Show",cinema,All cinemas,week,${FRIDAY} to 2100-12-09,currency,USD`);
    expect(rows[1]).toBe('row,date,time,cinema,hall,admissions,gross,refunds,net');
    expect(rows).toContain(
      `showtime,${FRIDAY},00:30,Tokyo,Screen 1,4,${week.showtimes[0].gross},${week.showtimes[0].refunds},${week.showtimes[0].net}`,
    );
    expect(rows.at(-1)).toBe(`total,,,,,6,${week.totals.gross},${week.totals.refunds},${week.totals.net}`);

    const pdf = ok(
      await t.app
        .inject({
          method: 'GET',
          url: `/api/admin/reports/distributor?movie_id=${film.id}&week_start=${FRIDAY}&cinema_id=${tokyo.id}&format=pdf`,
          headers: { authorization: `Bearer ${admin.token}` },
        })
        .then((r) => ({ status: r.statusCode, raw: r.body, bytes: r.rawPayload, headers: r.headers })),
    );
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const doc = await PDFDocument.load(pdf.bytes);
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getTitle()).toContain('week of 2100-12-03');
  });

  it('refuses a week that does not start on a Friday (422) and an unknown film (404)', async () => {
    const thursday = await get(`/api/admin/reports/distributor?movie_id=${film.id}&week_start=2100-12-02`);
    expect(thursday.status).toBe(422);
    expect(thursday.body.detail).toContain('week_start: must be a Friday');
    expect((await get(`/api/admin/reports/distributor?movie_id=99999&week_start=${FRIDAY}`)).body.code).toBe('MOVIE_NOT_FOUND');
  });

  it("defaults to the film week holding today's business day in the cinema's zone", async () => {
    // The clock reads 2100-01-01 (a Friday) 21:00 in Tokyo.
    const week = ok(await get(`/api/admin/reports/distributor?movie_id=${film.id}&cinema_id=${tokyo.id}`)).body;
    expect(week).toMatchObject({ week_start: '2100-01-01', week_end: '2100-01-07' });
    expect(week.days.map((d: { date: string }) => d.date)).toHaveLength(7);
  });

  // Runs after the tests that compare totals with the dashboard: it sells more.
  it('reads business days across a clock change in Los Angeles (25-hour Sunday 2100-11-07)', async () => {
    const la = ok(
      await t.call('POST', '/api/admin/cinemas', {
        token: admin.token,
        body: { name: 'Los Angeles', time_zone: 'America/Los_Angeles' },
      }),
      201,
    ).body;
    const hall = ok(
      await t.call('POST', '/api/admin/halls', {
        token: admin.token,
        body: { name: 'LA 1', cinema_id: la.id, rows: 2, seats_per_row: 4 },
      }),
      201,
    ).body;
    // Saturday evening (PDT, −07:00), the late show at 00:30 Sunday (still PDT: the clocks go back at 02:00), Sunday evening (PST, −08:00).
    const saturday = await showtime(hall.id, '2100-11-06T19:00');
    const late = await showtime(hall.id, '2100-11-07T00:30');
    const sunday = await showtime(hall.id, '2100-11-07T19:00');
    for (const show of [saturday, late, sunday]) await buyOnline([show.seats[0]] as Seat[]);
    const byDay = ok(await get(`/api/admin/reports/sales?from=2100-11-06&to=2100-11-07&cinema_id=${la.id}&group_by=day`)).body;
    expect(byDay.rows.map((r: { key: string; admissions: number }) => [r.key, r.admissions])).toEqual([
      ['2100-11-06', 2],
      ['2100-11-07', 1],
    ]);
    const byShowtime = ok(
      await get(`/api/admin/reports/sales?from=2100-11-06&to=2100-11-07&cinema_id=${la.id}&group_by=showtime&format=csv`),
    ).raw;
    expect(byShowtime).toContain(`2100-11-06 19:00 ${film.title.replace(/"/g, '""')}`);
    expect(byShowtime).toContain('2100-11-06 (2100-11-07) 00:30');
    expect(byShowtime).toContain('2100-11-07 19:00');
    // The film week from Friday 2100-11-05: the late show is Saturday's, at its local 00:30.
    const week = ok(
      await get(`/api/admin/reports/distributor?movie_id=${film.id}&week_start=2100-11-05&cinema_id=${la.id}`),
    ).body;
    expect(week.days.map((d: { date: string; admissions: number }) => [d.date, d.admissions]).slice(0, 3)).toEqual([
      ['2100-11-05', 0],
      ['2100-11-06', 2],
      ['2100-11-07', 1],
    ]);
    expect(week.showtimes.map((r: { date: string; time: string }) => [r.date, r.time])).toEqual([
      ['2100-11-06', '19:00'],
      ['2100-11-06', '00:30'],
      ['2100-11-07', '19:00'],
    ]);
  });

  it('starts the week on the weekday FILM_WEEK_START names', async () => {
    // Thursday 2100-12-09, 12:00 UTC; weeks run Thursday to Wednesday.
    const other = await createTestApp({
      start: Date.UTC(2100, 11, 9, 12),
      config: { filmWeekStartDay: 4, cinemaTimeZone: 'UTC' },
    });
    try {
      const boss = await other.makeUser('admin');
      const movie = await other.call('POST', '/api/admin/movies', { token: boss.token, body: { title: 'Thursday Film' } });
      expect(movie.status, movie.raw).toBe(201);
      const url = `/api/admin/reports/distributor?movie_id=${movie.body.id}`;
      const week = await other.call('GET', url, { token: boss.token });
      expect(week.status, week.raw).toBe(200);
      expect(week.body).toMatchObject({ week_start: '2100-12-09', week_end: '2100-12-15' });
      const friday = await other.call('GET', `${url}&week_start=2100-12-03`, { token: boss.token });
      expect(friday.status, friday.raw).toBe(422);
      expect(friday.body.detail).toContain('week_start: must be a Thursday: the film week runs Thursday to Wednesday');
    } finally {
      await other.close();
    }
  });
});
