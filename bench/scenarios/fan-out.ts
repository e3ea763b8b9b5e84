import { setTimeout as sleep } from 'node:timers/promises';
import type { ScenarioContext } from '../lib/context.js';
import { memoryOf } from '../lib/cpu.js';
import { getJson, keepAlive, type Reply, send } from '../lib/http.js';
import { type Child, startAll, startCeiling, startService } from '../lib/processes.js';
import { ratioFigure, type ScenarioResult, valueFigure } from '../lib/report.js';
import { captureSnapshot, StreamClients } from '../lib/sse-clients.js';
import { percentile, round } from '../lib/stats.js';

/** The first messages on each side warm both up and are not counted. */
const WARM_UP = 3;

/** One server with its crowd of stream clients, and what its messages took to reach them. */
class Side {
  readonly last: number[] = [];
  readonly median: number[] = [];
  readonly triggerMs: number[] = [];
  missing = 0;
  status5xx = 0;
  connectSec = 0;
  rssMax = 0;
  clients: StreamClients | undefined;

  constructor(
    readonly child: Child,
    /** Makes the server announce `seatId` as held (a hold, or a publish on the reference). */
    readonly trigger: (seatId: number, i: number) => Promise<Reply>,
  ) {}

  async connect(ctx: ScenarioContext, path: string) {
    const opened = performance.now();
    this.clients = await StreamClients.open(this.child.base, path, ctx.options.streamClients);
    this.connectSec = round((performance.now() - opened) / 1000, 2);
    ctx.log(
      `  ${this.child.name}: ${this.clients.size} clients streaming after ${this.connectSec}s (${this.clients.failed} failed)`,
    );
  }

  sampleMemory() {
    this.rssMax = Math.max(this.rssMax, memoryOf(this.child.pid).rssMb);
  }

  /** The clock starts as the trigger request leaves and stops when the last client has the frame. */
  async fire(seatId: number, i: number) {
    const clients = this.clients as StreamClients;
    const arrived = clients.arrival(`"seat_id":${seatId},"status":"held"`, 15_000);
    const sent = performance.now();
    const reply = await this.trigger(seatId, i);
    if (reply.status >= 500) this.status5xx += 1;
    if (reply.status >= 300) throw new Error(`${this.child.name}: trigger answered ${reply.status} ${reply.body.slice(0, 200)}`);
    const { times, missing } = await arrived;
    if (i < WARM_UP) return;
    this.missing += missing;
    this.triggerMs.push(reply.ms);
    this.last.push(Math.max(...times) - sent);
    this.median.push(percentile(times, 50) - sent);
  }

  summary() {
    const memory = memoryOf(this.child.pid);
    return {
      clients: this.clients?.size ?? 0,
      failedToConnect: this.clients?.failed ?? 0,
      connectSec: this.connectSec,
      lastP50: round(percentile(this.last, 50), 2),
      lastP99: round(percentile(this.last, 99), 2),
      medianClientP50: round(percentile(this.median, 50), 2),
      triggerP50: round(percentile(this.triggerMs, 50), 2),
      missing: this.missing,
      rssMb: Math.max(this.rssMax, memory.rssMb),
      peakRssMb: memory.peakMb,
      status5xx: this.status5xx,
      samples: this.last.map((n) => round(n, 2)),
    };
  }
}

/**
 * 4. Live fan-out: the same number of stream clients on the service and on a bare node:http SSE
 * broadcaster, both crowds connected at once; holds on the service and publishes on the
 * broadcaster then take turns, so both are timed under the same conditions.
 */
export async function fanOutScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  const { seeded, options } = ctx;
  const eventId = seeded.fanOutEventId;
  const path = `/api/events/${eventId}/seats/stream`;
  const count = WARM_UP + options.streamHolds;
  const agent = keepAlive(1);
  const children: Child[] = [];
  const sides: Side[] = [];
  const sampler = setInterval(() => {
    for (const side of sides) side.sampleMemory();
  }, 250);
  try {
    const [svc, ceiling] = await startAll([startService({ databaseUrl: ctx.databaseUrl }), startCeiling('sse')] as const);
    children.push(svc, ceiling);
    const map = await getJson<{ seats: { seat_id: number; status: string }[] }>(svc.base, `/api/events/${eventId}/seats`);
    const seatIds = map.seats
      .filter((s) => s.status === 'available')
      .slice(0, count)
      .map((s) => s.seat_id);
    await ceiling.setBody(await captureSnapshot(svc.base, path), 'text/event-stream');

    const service = new Side(svc, (seatId, i) => {
      const buyer = seeded.buyers[seeded.buyers.length - 1 - (i % seeded.buyers.length)];
      return send(agent, svc.base, 'POST', '/api/book-seats', {
        json: { seat_ids: [seatId], event_id: eventId },
        token: buyer?.token,
      });
    });
    const reference = new Side(ceiling, (seatId) => send(undefined, ceiling.base, 'POST', `/publish?seat_id=${seatId}`));
    sides.push(service, reference);
    await reference.connect(ctx, path);
    await service.connect(ctx, path);
    await sleep(300);
    for (let i = 0; i < count; i++) {
      const order = i % 2 === 0 ? [service, reference] : [reference, service];
      for (const side of order) {
        await side.fire(side === service ? (seatIds[i] as number) : 1_000_000 + i, i);
        await sleep(100);
      }
    }
    const s = service.summary();
    const r = reference.summary();
    for (const side of sides) side.clients?.close();

    const within2x = { atMost: 2, text: '≤ 2×' };
    return {
      id: 'fanOut',
      title: 'Live fan-out',
      figures: [
        ratioFigure(
          {
            key: 'lastP50',
            label: 'hold → last client, p50',
            unit: 'ms',
            value: s.lastP50,
            reference: r.lastP50,
            referenceLabel: 'bare node:http SSE broadcaster',
          },
          within2x,
        ),
        ratioFigure(
          {
            key: 'lastP99',
            label: 'hold → last client, p99',
            unit: 'ms',
            value: s.lastP99,
            reference: r.lastP99,
            referenceLabel: 'bare broadcaster',
          },
          within2x,
        ),
        valueFigure(
          {
            key: 'rss',
            label: 'server memory (peak RSS)',
            unit: 'MB',
            value: s.peakRssMb,
            reference: r.peakRssMb,
            referenceLabel: 'bare broadcaster',
          },
          { below: 400, text: '< 400 MB' },
        ),
        valueFigure({
          key: 'clients',
          label: 'clients streaming',
          unit: 'count',
          value: s.clients,
          reference: r.clients,
          referenceLabel: 'bare broadcaster',
        }),
        valueFigure({
          key: 'connectSec',
          label: 'time to connect them all',
          unit: 's',
          value: s.connectSec,
          reference: r.connectSec,
          referenceLabel: 'bare broadcaster',
        }),
        valueFigure(
          { key: 'missing', label: 'messages never received', unit: 'count', value: s.missing + r.missing },
          { below: 1, text: '0' },
        ),
      ],
      status5xx: s.status5xx,
      details: { holds: options.streamHolds, warmUpHolds: WARM_UP, service: s, reference: r },
    };
  } finally {
    clearInterval(sampler);
    agent.destroy();
    for (const side of sides) side.clients?.close();
    await Promise.all(children.map((c) => c.stop()));
  }
}
