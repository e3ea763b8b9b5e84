import { alternate, type Side } from './alternate.js';
import type { ScenarioContext } from './context.js';
import { send } from './http.js';
import type { ScenarioId } from './options.js';
import { type Child, startAll, startCeiling, startService } from './processes.js';
import { ratioFigure, type ScenarioResult } from './report.js';

/**
 * A GET endpoint of the service against a bare node:http server answering the very same bytes
 * from memory: the ceiling for that payload on this machine, with this load generator.
 * Windows alternate service / ceiling so drift from other load on the machine hits both.
 */
export async function readVsCeiling(
  ctx: ScenarioContext,
  spec: { id: ScenarioId; title: string; path: string; minRatio: number },
): Promise<ScenarioResult> {
  const { options } = ctx;
  // Both processes start at once; the ceiling gets its payload once the service has answered it.
  const [service, ceiling] = await startAll([startService({ databaseUrl: ctx.databaseUrl }), startCeiling('static')] as const);
  try {
    const sample = await send(undefined, service.base, 'GET', spec.path);
    if (sample.status !== 200) throw new Error(`GET ${spec.path}: ${sample.status} ${sample.body.slice(0, 200)}`);
    await ceiling.setBody(sample.body, String(sample.headers['content-type']));
    const side = (name: string, child: Child): Side => ({
      name,
      load: (seconds) => ({ url: `${child.base}${spec.path}`, connections: options.readConnections, durationSec: seconds }),
      pids: child.pids,
    });
    const { a: s, b: c, windows } = await alternate(options, side('service', service), side('ceiling', ceiling), ctx.log);
    return {
      id: spec.id,
      title: spec.title,
      figures: [
        ratioFigure(
          {
            key: 'rps',
            label: 'requests/s',
            unit: 'req/s',
            value: s.rps,
            reference: c.rps,
            referenceLabel: 'bare node:http, same bytes',
          },
          { atLeast: spec.minRatio, text: `≥ ${spec.minRatio.toFixed(2)}×` },
        ),
        ratioFigure({
          key: 'p99',
          label: 'p99 latency',
          unit: 'ms',
          value: s.p99,
          reference: c.p99,
          referenceLabel: 'bare node:http',
        }),
      ],
      status5xx: s.status5xx,
      cpu: { ...(s.cpu ? { service: s.cpu } : {}), ...(c.cpu ? { reference: c.cpu } : {}) },
      details: {
        payloadBytes: Buffer.byteLength(sample.body),
        connections: options.readConnections,
        service: s,
        ceiling: c,
        windows: { service: windows.a, ceiling: windows.b },
      },
    };
  } finally {
    await Promise.all([service.stop(), ceiling.stop()]);
  }
}
