import type { Seeded } from '../seed.js';
import type { BenchOptions, Dialect } from './options.js';

/** What every scenario gets: the run's options and a seeded database no server is using yet. */
export type ScenarioContext = {
  options: BenchOptions;
  dialect: Dialect;
  databaseUrl: string;
  seeded: Seeded;
  log(message: string): void;
};
