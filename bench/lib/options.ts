import { resolve } from 'node:path';

export type Dialect = 'sqlite' | 'postgres';
export const SCENARIOS = ['seatMap', 'listing', 'rush', 'fanOut', 'loginStorm', 'cluster', 'phoneWeb'] as const;
export type ScenarioId = (typeof SCENARIOS)[number];

/** Every count and duration of one run: the full benchmark, or the smoke run `npm test` does. */
export type BenchOptions = {
  smoke: boolean;
  databases: Dialect[];
  scenarios: ScenarioId[];
  /** Where the JSON goes. */
  out: string;
  /** Servers under test write CPU profiles beside the JSON (profiles/<database>-<scenario>/). */
  profile: boolean;
  /** A PostgreSQL database we may connect to in order to create (and drop) a fresh one. */
  pgAdminUrl: string;
  /** One measured window of a closed-loop load (seconds). */
  durationSec: number;
  /** Load before the first measured window of a server, thrown away (seconds). */
  warmupSec: number;
  /** Measured windows per figure, interleaved service / reference, so drift hits both alike. */
  rounds: number;
  readConnections: number;
  /** Catalogue: days of showtimes (every hall, four a day). */
  catalogueDays: number;
  buyers: number;
  rushConcurrency: number;
  /** The premiere's hall; the full run uses the 500-seat hall. */
  rushHall: { rows: number; seatsPerRow: number };
  streamClients: number;
  /** Holds timed in the fan-out scenario. */
  streamHolds: number;
  loginConnections: number;
};

function flag(argv: string[], name: string): string | undefined {
  const prefix = `--${name}=`;
  const hit = argv.find((a) => a.startsWith(prefix));
  return hit?.slice(prefix.length);
}

function dialectOfEnv(): Dialect {
  return /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '') ? 'postgres' : 'sqlite';
}

export function parseOptions(argv: string[]): BenchOptions {
  const smoke = argv.includes('--smoke');
  const dbFlag = flag(argv, 'db') ?? (smoke ? dialectOfEnv() : 'both');
  const databases: Dialect[] = dbFlag === 'both' ? ['sqlite', 'postgres'] : (dbFlag.split(',') as Dialect[]);
  for (const d of databases) if (d !== 'sqlite' && d !== 'postgres') throw new Error(`--db: unknown database "${d}"`);
  const only = flag(argv, 'only');
  const scenarios = only ? (only.split(',') as ScenarioId[]) : [...SCENARIOS];
  for (const s of scenarios)
    if (!SCENARIOS.includes(s)) throw new Error(`--only: unknown scenario "${s}" (${SCENARIOS.join(', ')})`);
  const envPg = dialectOfEnv() === 'postgres' ? process.env.DATABASE_URL : undefined;
  const common = {
    smoke,
    databases,
    scenarios,
    out: resolve(flag(argv, 'out') ?? (smoke ? 'bench-results/smoke.json' : 'bench-results/latest.json')),
    profile: argv.includes('--profile'),
    pgAdminUrl: process.env.BENCH_PG_URL ?? envPg ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  };
  if (smoke) {
    return {
      ...common,
      durationSec: 1,
      warmupSec: 0,
      rounds: 1,
      readConnections: 10,
      catalogueDays: 1,
      buyers: 100,
      rushConcurrency: 5,
      rushHall: { rows: 4, seatsPerRow: 5 },
      streamClients: 50,
      streamHolds: 3,
      loginConnections: 2,
    };
  }
  return {
    ...common,
    durationSec: Number(flag(argv, 'duration') ?? 4),
    warmupSec: 2,
    rounds: Number(flag(argv, 'rounds') ?? 4),
    readConnections: 100,
    catalogueDays: 7,
    buyers: 2000,
    rushConcurrency: Number(flag(argv, 'rush-concurrency') ?? 100),
    rushHall: { rows: 20, seatsPerRow: 25 },
    streamClients: Number(flag(argv, 'clients') ?? 5000),
    streamHolds: 20,
    loginConnections: 8,
  };
}
