import type { ScenarioContext } from '../lib/context.js';
import { readVsCeiling } from '../lib/read-vs-ceiling.js';
import type { ScenarioResult } from '../lib/report.js';

/** 1. GET /api/events/{id}/seats of a busy 500-seat showtime, against the same bytes from a bare server. */
export function seatMapScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  return readVsCeiling(ctx, {
    id: 'seatMap',
    title: 'Seat-map reads',
    path: `/api/events/${ctx.seeded.readEventId}/seats`,
    minRatio: 0.7,
  });
}
