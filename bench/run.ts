/**
 * npm run bench [-- --db=sqlite|postgres|both] [--only=seatMap,listing,...] [--out=file] [--smoke] [--update-md] [--profile]
 *
 * For each database: a fresh database, seeded; then each scenario starts the service in a
 * process of its own, loads it from this process over 127.0.0.1, and measures a reference in
 * the same run. Prints one table (a column per database) and writes the same figures as JSON.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ScenarioContext } from './lib/context.js';
import { type BenchDatabase, createBenchDatabase } from './lib/database.js';
import { machineInfo } from './lib/machine.js';
import { parseOptions, type ScenarioId } from './lib/options.js';
import { profileServersInto } from './lib/processes.js';
import { type DatabaseRun, renderCpuTable, renderTable, type ScenarioResult, valueFigure } from './lib/report.js';
import { clusterScenario } from './scenarios/cluster.js';
import { fanOutScenario } from './scenarios/fan-out.js';
import { listingScenario } from './scenarios/listing.js';
import { loginStormScenario } from './scenarios/login-storm.js';
import { phoneWebScenario } from './scenarios/phone-web.js';
import { premiereRushScenario } from './scenarios/premiere-rush.js';
import { seatMapScenario } from './scenarios/seat-map.js';
import { seed } from './seed.js';

const SCENARIO_RUNNERS: Record<ScenarioId, (ctx: ScenarioContext) => Promise<ScenarioResult>> = {
  seatMap: seatMapScenario,
  listing: listingScenario,
  loginStorm: loginStormScenario,
  rush: premiereRushScenario,
  fanOut: fanOutScenario,
  cluster: clusterScenario,
  phoneWeb: phoneWebScenario,
};
// Reads first, while the catalogue is as seeded; the rush and the fan-out change seats.
const ORDER: ScenarioId[] = ['seatMap', 'phoneWeb', 'listing', 'loginStorm', 'rush', 'fanOut', 'cluster'];

/** Puts the latest table into BENCHMARKS.md, between its markers. */
function updateBenchmarksMd(section: string) {
  const file = 'BENCHMARKS.md';
  const text = readFileSync(file, 'utf8');
  const start = '<!-- latest-results:start -->';
  const end = '<!-- latest-results:end -->';
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${file}: the latest-results markers are missing`);
  writeFileSync(file, `${text.slice(0, from + start.length)}\n${section}\n${text.slice(to)}`);
}

const log = (message: string) => process.stderr.write(`${message}\n`);

/** Every scenario that ran shows its 5xx count in the table (target: none). */
function withStatus5xx(result: ScenarioResult): ScenarioResult {
  if (result.skipped || result.figures.some((f) => f.key === 'status5xx')) return result;
  const row = valueFigure(
    { key: 'status5xx', label: '5xx responses', unit: 'count', value: result.status5xx },
    { below: 1, text: '0' },
  );
  return { ...result, figures: [...result.figures, row] };
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const machine = machineInfo();
  const started = Date.now();
  log(
    `bench: ${options.smoke ? 'smoke run' : 'full run'} on ${options.databases.join(', ')}; ${machine.nproc} cores, node ${machine.node}`,
  );
  const runs: DatabaseRun[] = [];
  let failed = 0;
  for (const dialect of options.databases) {
    const run: DatabaseRun = { dialect, scenarios: {} };
    runs.push(run);
    log(`== ${dialect}`);
    let database: BenchDatabase | undefined;
    try {
      database = await createBenchDatabase(dialect, options.pgAdminUrl);
      const t0 = Date.now();
      const seeded = await seed(database.url, options);
      log(
        `  seeded ${seeded.showtimes} showtimes, ${seeded.seats} seats, ${seeded.bookings} bookings, ` +
          `${seeded.buyers.length} buyers in ${((Date.now() - t0) / 1000).toFixed(1)}s`,
      );
      const ctx: ScenarioContext = { options, dialect, databaseUrl: database.url, seeded, log };
      for (const id of ORDER.filter((s) => options.scenarios.includes(s))) {
        const s0 = Date.now();
        log(`-- ${id}`);
        if (options.profile) profileServersInto(join(dirname(options.out), 'profiles', `${dialect}-${id}`));
        try {
          run.scenarios[id] = withStatus5xx(await SCENARIO_RUNNERS[id](ctx));
        } catch (error) {
          failed += 1;
          log(`  ${id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
          run.scenarios[id] = { id, title: id, figures: [], status5xx: 0, skipped: `failed: ${String(error).slice(0, 300)}` };
        }
        log(`  (${((Date.now() - s0) / 1000).toFixed(1)}s)`);
      }
    } catch (error) {
      failed += 1;
      run.error = String(error);
      log(`  ${dialect} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    } finally {
      await database?.drop();
    }
  }

  const table = renderTable(runs);
  const cpuTable = renderCpuTable(runs, machine.nproc);
  const elapsedSec = Math.round((Date.now() - started) / 1000);
  console.log(`\n${table}\n\nWhere the CPU went during the measured windows (% of one core):\n\n${cpuTable}\n`);
  console.log(
    `${machine.nproc} cores, ${machine.memoryGiB} GiB, ${machine.cpu}, node ${machine.node}, commit ${machine.commit}; ${elapsedSec}s`,
  );
  mkdirSync(dirname(options.out), { recursive: true });
  const { pgAdminUrl: _hidden, ...shown } = options;
  writeFileSync(
    options.out,
    `${JSON.stringify(
      {
        generatedAt: new Date().toISOString(),
        elapsedSec,
        machine,
        options: shown,
        databases: Object.fromEntries(runs.map((r) => [r.dialect, r])),
        table,
        cpuTable,
      },
      null,
      2,
    )}\n`,
  );
  log(`bench: wrote ${options.out}`);
  if (process.argv.includes('--update-md')) {
    updateBenchmarksMd(
      [
        `Run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC: ${machine.nproc} cores (\`nproc\`), ${machine.memoryGiB} GiB,`,
        `${machine.cpu}, Node.js ${machine.node}, commit ${machine.commit}; the whole run took ${elapsedSec} s.`,
        `Load average when it started: ${machine.loadAverage.join(', ')}.`,
        '',
        table,
        '',
        'Where the CPU went during the measured windows (% of one core; for the login storm "service" is the',
        'storm and "reference" the calm reads; for two workers, 2 workers and 1 worker):',
        '',
        cpuTable,
      ].join('\n'),
    );
    log('bench: updated BENCHMARKS.md');
  }
  process.exitCode = failed > 0 ? 1 : 0;
}

// Ctrl-C still runs the exit hook that stops the servers this run started.
process.on('SIGINT', () => process.exit(130));
main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => process.exit());
