import { alternate, type Side } from '../lib/alternate.js';
import type { ScenarioContext } from '../lib/context.js';
import { type Child, startService } from '../lib/processes.js';
import { ratioFigure, type ScenarioResult } from '../lib/report.js';

/** 6. Seat-map reads on start:cluster with WORKERS=2, against the same with WORKERS=1 (PostgreSQL only). */
export async function clusterScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  if (ctx.dialect !== 'postgres') {
    return { id: 'cluster', title: 'Two workers', figures: [], status5xx: 0, skipped: 'start:cluster needs PostgreSQL' };
  }
  const { options, seeded } = ctx;
  const path = `/api/events/${seeded.readEventId}/seats`;
  // Both clusters start at once and stay up; an idle one costs next to nothing meanwhile.
  const [single, double] = await Promise.all([
    startService({ databaseUrl: ctx.databaseUrl, workers: 1 }),
    startService({ databaseUrl: ctx.databaseUrl, workers: 2 }),
  ]);
  let result: Awaited<ReturnType<typeof alternate>>;
  try {
    const side = (child: Child): Side => ({
      name: child.name,
      load: (seconds) => ({ url: `${child.base}${path}`, connections: options.readConnections, durationSec: seconds }),
      pids: child.pids,
    });
    result = await alternate(options, side(double), side(single), ctx.log);
  } finally {
    await Promise.all([single.stop(), double.stop()]);
  }
  const { a: two, b: one } = result;
  return {
    id: 'cluster',
    title: 'Two workers',
    figures: [
      ratioFigure(
        {
          key: 'rps',
          label: 'seat-map requests/s, 2 workers',
          unit: 'req/s',
          value: two.rps,
          reference: one.rps,
          referenceLabel: '1 worker',
        },
        { atLeast: 1.6, text: '≥ 1.60×' },
      ),
      ratioFigure({
        key: 'p99',
        label: 'seat-map p99, 2 workers',
        unit: 'ms',
        value: two.p99,
        reference: one.p99,
        referenceLabel: '1 worker',
      }),
    ],
    status5xx: one.status5xx + two.status5xx,
    cpu: { ...(two.cpu ? { service: two.cpu } : {}), ...(one.cpu ? { reference: one.cpu } : {}) },
    details: { oneWorker: one, twoWorkers: two, windows: { twoWorkers: result.windows.a, oneWorker: result.windows.b } },
  };
}
