import { Agent } from 'node:http';
import { closedLoop } from '../lib/closed-loop.js';
import type { ScenarioContext } from '../lib/context.js';
import { cpuWindow } from '../lib/cpu.js';
import { send } from '../lib/http.js';
import { combine, type LoadResult, measure, runLoad } from '../lib/load.js';
import { startService } from '../lib/processes.js';
import { ratioFigure, type ScenarioResult, valueFigure } from '../lib/report.js';

/**
 * 5. Seat-map reads (as in scenario 1) alone, then beside logins at full rate (closed loop, every
 * login a real argon2 verify of a distinct account). Windows alternate calm / storm.
 */
export async function loginStormScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  const { options, seeded } = ctx;
  const service = await startService({ databaseUrl: ctx.databaseUrl });
  try {
    const reads = (seconds: number) => ({
      url: `${service.base}/api/events/${seeded.readEventId}/seats`,
      connections: options.readConnections,
      durationSec: seconds,
    });
    // Each login comes from the next of 250 loopback addresses and for the next account, as a
    // crowd's would: one address would only meet the service's per-address login throttle.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    let account = 0;
    const logins = (seconds: number) =>
      closedLoop({
        connections: options.loginConnections,
        durationSec: seconds,
        request: (n) => {
          const buyer = seeded.buyers[account++ % seeded.buyers.length];
          return send(agent, service.base, 'POST', '/api/auth/login', {
            json: { email: buyer?.email, password: seeded.password },
            localAddress: `127.0.1.${1 + (n % 250)}`,
          });
        },
      });
    if (options.warmupSec > 0) {
      ctx.log(`  warm-up ${options.warmupSec}s`);
      await Promise.all([runLoad(reads(options.warmupSec)), logins(options.warmupSec)]);
    }

    const calm: LoadResult[] = [];
    const storm: LoadResult[] = [];
    const login: LoadResult[] = [];
    for (let round = 0; round < options.rounds; round++) {
      const steps = [
        async () => calm.push(await measure(reads(options.durationSec), service.pids)),
        async () => {
          const end = cpuWindow(service.pids);
          const [r, l] = await Promise.all([runLoad(reads(options.durationSec)), logins(options.durationSec)]);
          const cpu = end();
          storm.push({ ...r, cpu });
          login.push(l);
        },
      ];
      if (round % 2 === 1) steps.reverse();
      for (const step of steps) await step();
      ctx.log(
        `  round ${round + 1}: reads p99 ${calm.at(-1)?.p99} ms calm, ${storm.at(-1)?.p99} ms in the storm (${login.at(-1)?.rps} logins/s)`,
      );
    }
    const c = combine(calm);
    const s = combine(storm);
    const l = combine(login);
    agent.destroy();
    return {
      id: 'loginStorm',
      title: 'Login storm while browsing',
      figures: [
        ratioFigure(
          {
            key: 'readP99',
            label: 'seat-map p99 in the storm',
            unit: 'ms',
            value: s.p99,
            reference: c.p99,
            referenceLabel: 'same reads, no logins',
          },
          { below: 2, text: '< 2×' },
        ),
        ratioFigure({
          key: 'readRps',
          label: 'seat-map requests/s in the storm',
          unit: 'req/s',
          value: s.rps,
          reference: c.rps,
          referenceLabel: 'no logins',
        }),
        valueFigure({ key: 'loginRps', label: 'logins/s (200s)', unit: 'req/s', value: l.rps }),
        valueFigure({ key: 'loginP99', label: 'login p99', unit: 'ms', value: l.p99 }),
      ],
      status5xx: s.status5xx + c.status5xx + l.status5xx,
      cpu: { service: s.cpu, reference: c.cpu },
      details: {
        calm: c,
        storm: s,
        logins: l,
        loginStatuses: login.map((w) => (w as { statuses?: unknown }).statuses),
        loginConnections: options.loginConnections,
      },
    };
  } finally {
    await service.stop();
  }
}
