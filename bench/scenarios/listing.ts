import type { ScenarioContext } from '../lib/context.js';
import { readVsCeiling } from '../lib/read-vs-ceiling.js';
import type { ScenarioResult } from '../lib/report.js';

/** 2. GET /api/events (every upcoming showtime of the catalogue), against the same bytes from a bare server. */
export function listingScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  return readVsCeiling(ctx, { id: 'listing', title: 'Showtime listing', path: '/api/events', minRatio: 0.6 });
}
