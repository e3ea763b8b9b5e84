import { AppError, validationError } from '../contract/errors.js';
import type { DistributorReport, DistributorReportQuery, SalesReport, SalesReportQuery } from '../contract/reports.js';
import { businessDate } from '../core/cinema-time.js';
import { type CsvCell, toCsv } from '../core/csv.js';
import { distributorWeek, filmWeek, filmWeekStartOf } from '../core/distributor-report.js';
import { toMajorUnits } from '../core/money.js';
import {
  checkReportRange,
  dateAfter,
  groupSales,
  paymentMethodKey,
  readWindow,
  type SaleLine,
  type SaleShowtime,
  type SalesFigures,
  saleLines,
} from '../core/sales-report.js';
import { cinemaStore } from '../db/stores/cinema-store.js';
import { movieStore } from '../db/stores/movie-store.js';
import { type ReportFilter, type ReportShowtimeRow, reportStore } from '../db/stores/report-store.js';
import type { Deps } from './deps.js';
import { localTimeSettings } from './presenters.js';
import { distributorPdf } from './report-documents.js';

/** Sales and distributor reports (src/core/sales-report.ts says what each figure is). */
export function reportService(deps: Deps) {
  const store = reportStore(deps.db);
  const cinemas = cinemaStore(deps.db);
  const movies = movieStore(deps.db);
  const { config } = deps;
  const local = localTimeSettings(config);
  const major = (f: SalesFigures) => ({
    admissions: f.admissions,
    gross: toMajorUnits(f.gross, config.currency),
    refunds: toMajorUnits(f.refunds, config.currency),
    net: toMajorUnits(f.net, config.currency),
  });

  const showtimeOf = (r: ReportShowtimeRow): SaleShowtime => ({
    id: r.event_id,
    start_time: Number(r.start_time),
    movie_id: r.movie_id,
    movie_title: r.movie_title,
    hall: r.hall,
    cinema_id: r.cinema_id,
    cinema: r.cinema,
    time_zone: r.time_zone ?? local.defaultZone,
  });
  const dayOf = (s: SaleShowtime) => businessDate(s.start_time, s.time_zone, local.businessDayStartMinutes);

  async function linesIn(filter: ReportFilter, from: string, to: string): Promise<SaleLine[]> {
    const lines: SaleLine[] = [];
    for (const b of await store.bookings(filter)) {
      const showtime = showtimeOf(b);
      const day = dayOf(showtime);
      if (day < from || day > to) continue;
      lines.push(
        ...saleLines(
          {
            showtime,
            confirmed: b.status === 'confirmed',
            payment_method: paymentMethodKey(b.payment_method, b.provider),
            promo_code: b.promo_code,
            paid: b.paid,
            refunded: b.refunded,
            seats: b.seats,
          },
          day,
        ),
      );
    }
    return lines;
  }

  async function requireCinema(id: number | undefined) {
    if (id === undefined) return null;
    const cinema = await cinemas.find(id);
    if (!cinema) throw new AppError('CINEMA_NOT_FOUND', `Cinema ${id} not found`);
    return cinema;
  }

  return {
    async sales(query: SalesReportQuery): Promise<SalesReport> {
      const range = checkReportRange(query.from, query.to);
      if (!range.ok) throw validationError([{ field: `querystring/${range.field}`, message: range.message }]);
      await requireCinema(query.cinema_id);
      const groupBy = query.group_by ?? 'film';
      const lines = await linesIn(
        { ...readWindow(query.from, query.to), ...(query.cinema_id !== undefined ? { cinemaId: query.cinema_id } : {}) },
        query.from,
        query.to,
      );
      const report = groupSales(lines, groupBy);
      return {
        from: query.from,
        to: query.to,
        cinema_id: query.cinema_id ?? null,
        group_by: groupBy,
        currency: config.currency,
        rows: report.rows.map((r) => ({ key: r.key, label: r.label, ...major(r) })),
        totals: major(report.totals),
      };
    },

    async distributor(query: DistributorReportQuery): Promise<DistributorReport> {
      const startDay = config.filmWeekStartDay;
      const cinema = await requireCinema(query.cinema_id);
      const from =
        query.week_start ??
        filmWeekStartOf(
          businessDate(deps.clock.now(), cinema?.time_zone ?? local.defaultZone, local.businessDayStartMinutes),
          startDay,
        );
      const week = filmWeek(from, startDay);
      if (!week.ok) throw validationError([{ field: 'querystring/week_start', message: week.message }]);
      const movie = await movies.find(query.movie_id, deps.clock.now());
      if (!movie) throw new AppError('MOVIE_NOT_FOUND', `Movie ${query.movie_id} not found`);
      const to = dateAfter(from, week.days.length - 1);
      const filter: ReportFilter = {
        ...readWindow(from, to),
        movieId: movie.id,
        ...(query.cinema_id !== undefined ? { cinemaId: query.cinema_id } : {}),
      };
      const lines = await linesIn(filter, from, to);
      const performances = (await store.performances(filter)).map((r) => {
        const showtime = showtimeOf(r);
        return { showtime, business_date: dayOf(showtime) };
      });
      const report = distributorWeek(lines, week.days, performances);
      return {
        movie_id: movie.id,
        film: movie.title,
        cinema_id: cinema?.id ?? null,
        cinema: cinema?.name ?? 'All cinemas',
        week_start: from,
        week_end: to,
        currency: config.currency,
        days: report.days.map((d) => ({ date: d.date, showtimes: d.showtimes, ...major(d) })),
        showtimes: report.showtimes.map((s) => ({
          showtime_id: s.showtime_id,
          date: s.date,
          time: s.time,
          cinema: s.cinema,
          hall: s.hall,
          ...major(s),
        })),
        totals: major(report.totals),
      };
    },

    salesCsv(report: SalesReport): string {
      const figures = (f: SalesReport['totals']): CsvCell[] => [f.admissions, f.gross, f.refunds, f.net];
      return toCsv([
        [
          report.group_by,
          'label',
          'admissions',
          `gross (${report.currency})`,
          `refunds (${report.currency})`,
          `net (${report.currency})`,
        ],
        ...report.rows.map((r) => [r.key, r.label, ...figures(r)]),
        ['total', `${report.from} to ${report.to}`, ...figures(report.totals)],
      ]);
    },

    distributorCsv(report: DistributorReport): string {
      const figures = (f: DistributorReport['totals']): CsvCell[] => [f.admissions, f.gross, f.refunds, f.net];
      return toCsv([
        [
          'film',
          report.film,
          'cinema',
          report.cinema,
          'week',
          `${report.week_start} to ${report.week_end}`,
          'currency',
          report.currency,
        ],
        ['row', 'date', 'time', 'cinema', 'hall', 'admissions', 'gross', 'refunds', 'net'],
        ...report.days.map((d) => ['day', d.date, null, null, null, ...figures(d)]),
        ...report.showtimes.map((s) => ['showtime', s.date, s.time, s.cinema, s.hall, ...figures(s)]),
        ['total', null, null, null, null, ...figures(report.totals)],
      ]);
    },

    distributorPdf,
  };
}

export type ReportService = ReturnType<typeof reportService>;
