import { combine, type LoadResult, type LoadSpec, measure, runLoad } from './load.js';
import type { BenchOptions } from './options.js';

export type Side = { name: string; load: (seconds: number) => LoadSpec; pids: () => number[] };

/**
 * Two servers, both up, loaded in turn: a warm-up each, then `rounds` windows each in the order
 * A B B A A B ..., so that whatever else the machine is doing lands on both sides alike.
 */
export async function alternate(options: BenchOptions, a: Side, b: Side, log: (message: string) => void) {
  if (options.warmupSec > 0) {
    log(`  warm-up ${options.warmupSec}s each`);
    await runLoad(a.load(options.warmupSec));
    await runLoad(b.load(options.warmupSec));
  }
  const windows: { a: LoadResult[]; b: LoadResult[] } = { a: [], b: [] };
  for (let round = 0; round < options.rounds; round++) {
    const order: ['a' | 'b', Side][] = [
      ['a', a],
      ['b', b],
    ];
    if (round % 2 === 1) order.reverse();
    for (const [key, side] of order) windows[key].push(await measure(side.load(options.durationSec), side.pids));
    log(`  round ${round + 1}: ${a.name} ${windows.a.at(-1)?.rps} req/s, ${b.name} ${windows.b.at(-1)?.rps} req/s`);
  }
  return { a: combine(windows.a), b: combine(windows.b), windows };
}
