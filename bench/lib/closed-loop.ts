import type { Reply } from './http.js';
import type { LoadResult } from './load.js';
import { percentile, round } from './stats.js';

/**
 * `connections` clients, each sending its next request as soon as the last one is answered, for
 * `durationSec`: autocannon's model, for requests autocannon cannot shape (per-request source
 * address). Latencies of 2xx answers only, as autocannon counts them.
 */
export async function closedLoop(options: {
  connections: number;
  durationSec: number;
  request: (n: number) => Promise<Reply>;
}): Promise<LoadResult & { statuses: Record<string, number> }> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  let sent = 0;
  const started = performance.now();
  const stopAt = started + options.durationSec * 1000;
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (performance.now() < stopAt) {
        try {
          const reply = await options.request(sent++);
          statuses[reply.status] = (statuses[reply.status] ?? 0) + 1;
          if (reply.status >= 200 && reply.status < 300) latencies.push(reply.ms);
        } catch {
          errors += 1;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const count = (test: (status: number) => boolean) =>
    Object.entries(statuses).reduce((sum, [status, n]) => sum + (test(Number(status)) ? n : 0), 0);
  return {
    rps: round(latencies.length / seconds),
    p50: round(percentile(latencies, 50), 2),
    p99: round(percentile(latencies, 99), 2),
    requests: count(() => true),
    non2xx: count((s) => s < 200 || s >= 300),
    status5xx: count((s) => s >= 500),
    errors,
    timeouts: 0,
    statuses,
  };
}
