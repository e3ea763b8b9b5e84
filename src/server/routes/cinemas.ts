import { Type } from 'typebox';
import { Cinema, CinemaBody, CinemaPatch, ScheduleRunBody, ScheduleRunResult } from '../../contract/cinemas.js';
import { IdParam } from '../../contract/common.js';
import { ErrorBody } from '../../contract/errors.js';
import { MAX_RUN_DAYS, MAX_RUN_SHOWTIMES } from '../../core/schedule-run.js';
import type { App, RouteContext } from '../types.js';

const security = [{ bearer: [] }];
const errors = { 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody, 422: ErrorBody };

/** GET /api/cinemas: public, so the web app can offer the choice of cinema. */
export function cinemaRoutes(app: App, { services }: RouteContext) {
  app.get('/api/cinemas', {
    schema: { tags: ['catalogue'], summary: 'Cinemas, each with its time zone', response: { 200: Type.Array(Cinema) } },
    handler: async () => services.cinemas.list(),
  });
}

/** Cinemas and schedule runs, for admins (registered in a scope of their own). */
export function adminCinemaRoutes(app: App, { services, guards, audited }: RouteContext) {
  const tags = ['admin'];
  app.addHook('onRequest', guards.requireAdmin);

  app.post('/api/admin/cinemas', {
    onSend: audited('cinema.create', 'cinema', (_q, r) => r?.id as number).onSend,
    schema: { tags, security, summary: 'Add a cinema', body: CinemaBody, response: { 201: Cinema, ...errors } },
    handler: async (request, reply) => reply.status(201).send(await services.cinemas.create(request.body)),
  });
  app.put('/api/admin/cinemas/:cinema_id', {
    onSend: audited('cinema.update', 'cinema', (q) => (q.params as { cinema_id: number }).cinema_id).onSend,
    schema: {
      tags,
      security,
      summary: 'Change a cinema',
      description: "A new `time_zone` changes how the cinema's showtimes read (their instants stay).",
      params: IdParam('cinema_id'),
      body: CinemaPatch,
      response: { 200: Cinema, ...errors },
    },
    handler: async (request) => services.cinemas.update(request.params.cinema_id, request.body),
  });

  app.post('/api/admin/schedule-runs', {
    onSend: audited('event.schedule_run', 'movie', (q) => (q.body as { movie_id: number }).movie_id).onSend,
    schema: {
      tags,
      security,
      summary: 'Schedule a film in halls on chosen weekdays and wall times, all or nothing',
      description:
        "Dates and times are wall times of each hall's cinema. `weekdays`: `mon` … `sun`. At most " +
        `${MAX_RUN_DAYS} days (from_date to to_date, both counted) and ${MAX_RUN_SHOWTIMES} showtimes. ` +
        '`dry_run: true` answers 200 with the showtimes it would create, each with its conflicts (an overlap in the hall, ' +
        'film plus CLEANING_BUFFER_MINUTES; a deleted hall; a time past, skipped or repeated by daylight saving). Otherwise ' +
        'any conflict refuses the whole run with 409 SCHEDULE_CONFLICT listing them, and success is 201 with the created showtimes.',
      body: ScheduleRunBody,
      response: {
        200: ScheduleRunResult,
        201: ScheduleRunResult,
        ...errors,
        409: Type.Object({ ...ErrorBody.properties, ...Type.Partial(ScheduleRunResult).properties }),
      },
    },
    handler: async (request, reply) => {
      const answer = await services.scheduleRuns.run(request.body);
      if (answer.status !== 409) return reply.status(answer.status).send(answer.body);
      return reply.status(409).send({
        detail: `${answer.body.conflict_count} of the run's ${answer.body.count} showtimes conflict; nothing was created`,
        code: 'SCHEDULE_CONFLICT',
        ...answer.body,
      });
    },
  });
}
