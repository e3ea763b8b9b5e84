import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { configOrExit, readyMessage, serve } from './serve.js';

/**
 * Several workers on one machine sharing one port (node:cluster). Instances keep no state of
 * their own, so this needs PostgreSQL: seat changes travel between workers by LISTEN/NOTIFY.
 */
const config = configOrExit();

function workerCount(): number {
  const raw = process.env.WORKERS;
  if (raw === undefined || raw === '') return availableParallelism();
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 64) {
    console.error(`bookmemovie: configuration error: WORKERS must be a whole number from 1 to 64, got "${raw}"`);
    process.exit(1);
  }
  return Number(raw);
}

if (cluster.isPrimary) {
  if (!config.databaseUrl.startsWith('postgres')) {
    console.error(
      'bookmemovie: start:cluster needs PostgreSQL (DATABASE_URL=postgres://...): workers share seat changes through it',
    );
    process.exit(1);
  }
  const workers = workerCount();
  // Migrate once here, so workers never race each other over the schema.
  const db = openDatabase(config.databaseUrl);
  await migrateToLatest(db);
  await db.close();

  let stopping = false;
  for (let i = 0; i < workers; i++) cluster.fork();
  let listening = 0;
  cluster.on('listening', () => {
    listening += 1;
    if (listening === workers) console.log(`${readyMessage(config, config.port)} with ${workers} workers`);
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    console.error(`worker ${worker.process.pid} exited (${signal ?? code}); starting a new one`);
    cluster.fork();
  });
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} else {
  serve(config, { migrate: false, announce: false }).catch((error: unknown) => {
    console.error('bookmemovie worker failed to start:', error);
    process.exit(1);
  });
}
