import { randomBytes } from 'node:crypto';
import { type Config, loadConfig } from '../config.js';
import { type Db, openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { applyDotEnv } from '../dotenv.js';
import { simulatedCardProcessor } from '../payments/simulated-card-processor.js';
import { createSeatBus } from '../realtime/seat-bus.js';
import { localSeatFeed } from '../realtime/seat-feed.js';
import { systemClock } from '../services/clock.js';
import type { Deps } from '../services/deps.js';
import { databaseRateCounter } from '../services/rate-counter.js';

/**
 * The service's parts for work outside a server (command-line tasks, benchmark seeding) on an
 * open database: no seat stream reaches another process, and nothing is rate limited.
 */
export function offlineDeps(config: Config, db: Db): Deps {
  const bus = createSeatBus();
  return {
    config,
    db,
    clock: systemClock,
    bus,
    feed: localSeatFeed(bus),
    payments: simulatedCardProcessor(),
    randomBytes,
    // The database counter needs no connection of its own.
    rateCounter: databaseRateCounter(db, systemClock),
  };
}

/** What a command-line task needs: the configured database, migrated, and the service's parts. */
export async function openCliDeps(env: NodeJS.ProcessEnv = process.env): Promise<Deps> {
  applyDotEnv(env);
  const config = loadConfig(env);
  const db = openDatabase(config.databaseUrl);
  await migrateToLatest(db);
  return offlineDeps(config, db);
}
