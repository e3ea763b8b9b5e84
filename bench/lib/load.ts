import autocannon, { type Request } from 'autocannon';
import { type CpuShare, cpuWindow } from './cpu.js';

/** One closed-loop autocannon window against one server. */
export type LoadSpec = {
  url: string;
  connections: number;
  durationSec: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  requests?: Request[];
};

export type LoadResult = {
  /** 2xx answers per second. */
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  status5xx: number;
  errors: number;
  timeouts: number;
  cpu?: CpuShare;
};

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationSec,
    timeout: 30,
    ...(spec.method ? { method: spec.method } : {}),
    ...(spec.headers ? { headers: spec.headers } : {}),
    ...(spec.body !== undefined ? { body: spec.body } : {}),
    ...(spec.requests ? { requests: spec.requests } : {}),
  });
  return {
    rps: round(result['2xx'] / result.duration),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    status5xx: result['5xx'],
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** A window measured together with where the CPU went meanwhile. */
export async function measure(spec: LoadSpec, serverPids: () => number[]): Promise<LoadResult> {
  const end = cpuWindow(serverPids);
  const result = await runLoad(spec);
  return { ...result, cpu: end() };
}

/** The mean of several windows (rps, p50, p99) with counts added up. */
export function combine(results: LoadResult[]): LoadResult {
  const mean = (pick: (r: LoadResult) => number) => round(results.reduce((s, r) => s + pick(r), 0) / results.length);
  const sum = (pick: (r: LoadResult) => number) => results.reduce((s, r) => s + pick(r), 0);
  const cpus = results.flatMap((r) => (r.cpu ? [r.cpu] : []));
  const cpuMean = (key: keyof CpuShare) => Math.round(cpus.reduce((s, c) => s + c[key], 0) / cpus.length);
  return {
    rps: mean((r) => r.rps),
    p50: mean((r) => r.p50),
    p99: mean((r) => r.p99),
    requests: sum((r) => r.requests),
    non2xx: sum((r) => r.non2xx),
    status5xx: sum((r) => r.status5xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    ...(cpus.length > 0
      ? {
          cpu: {
            server: cpuMean('server'),
            postgres: cpuMean('postgres'),
            bench: cpuMean('bench'),
            machineBusy: cpuMean('machineBusy'),
          },
        }
      : {}),
  };
}
