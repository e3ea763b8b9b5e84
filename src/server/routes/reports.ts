import { Type } from 'typebox';
import { ErrorBody } from '../../contract/errors.js';
import { DistributorReport, DistributorReportQuery, SalesReport, SalesReportQuery } from '../../contract/reports.js';
import type { App, RouteContext } from '../types.js';

const tags = ['admin'];
const security = [{ bearer: [] }];
const errors = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 422: ErrorBody };
const FIGURES =
  "Days are business days in each cinema's zone (a 00:30 show counts for the evening before) and money is counted against " +
  "the showtime's day, not the day it was paid or refunded. admissions: seats of confirmed bookings less cancelled seats; " +
  'gross: money taken; refunds: money given back (paid or on its way); net = gross − refunds. Money in major units.';

/** A file in the body (sent as text or bytes; Fastify does not serialize it). */
const file = (description: string) => Type.Unsafe<Buffer | string>({ type: 'string', format: 'binary', description });

const wantsCsv = (format: string | undefined, accept: string | undefined) =>
  format === 'csv' || (format === undefined && (accept ?? '').toLowerCase().includes('text/csv'));

/** Admin sales reports: JSON, CSV (format=csv or Accept: text/csv) and the distributor's PDF. */
export function reportRoutes(app: App, { services, guards }: RouteContext) {
  const reports = services.reports;
  app.addHook('onRequest', guards.requireAdmin);

  app.get('/api/admin/reports/sales', {
    schema: {
      tags,
      security,
      summary: 'Sales by film, showtime, day, ticket type or payment method',
      description: `${FIGURES} At most 366 days; from must not be after to (422). CSV has a header row and a totals row.`,
      querystring: SalesReportQuery,
      response: { 200: Type.Union([SalesReport, file('text/csv')]), ...errors },
    },
    handler: async (request, reply) => {
      const report = await reports.sales(request.query);
      if (!wantsCsv(request.query.format, request.headers.accept)) return report;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="sales-${report.from}-${report.to}-${report.group_by}.csv"`)
        .header('cache-control', 'private, no-store')
        .send(reports.salesCsv(report));
    },
  });

  app.get('/api/admin/reports/distributor', {
    schema: {
      tags,
      security,
      summary: "A film's week for its distributor (Friday to Thursday), per day and per showtime",
      description: `${FIGURES} week_start must be a Friday (422). format=csv or format=pdf (one A4 page, local times).`,
      querystring: DistributorReportQuery,
      response: {
        200: Type.Union([DistributorReport, file('text/csv or application/pdf')]),
        ...errors,
      },
    },
    handler: async (request, reply) => {
      const report = await reports.distributor(request.query);
      const name = `distributor-${report.movie_id}-${report.week_start}`;
      if (request.query.format === 'pdf') {
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="${name}.pdf"`)
          .header('cache-control', 'private, no-store')
          .send(Buffer.from(await reports.distributorPdf(report)));
      }
      if (!wantsCsv(request.query.format, request.headers.accept)) return report;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}.csv"`)
        .header('cache-control', 'private, no-store')
        .send(reports.distributorCsv(report));
    },
  });
}
