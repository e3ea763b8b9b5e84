import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Dialect } from './options.js';

export type BenchDatabase = { dialect: Dialect; url: string; drop(): Promise<void> };

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** An empty database for one run: a new SQLite file, or a new PostgreSQL database beside `pgAdminUrl`'s. */
export async function createBenchDatabase(dialect: Dialect, pgAdminUrl: string): Promise<BenchDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'bmm-bench-'));
    return { dialect, url: `sqlite:${join(dir, 'bench.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `${process.env.BENCH_PG_DB_PREFIX ?? 'bookmemovie_bench'}_${Date.now()}_${process.pid}`;
  await adminQuery(pgAdminUrl, `create database ${name}`);
  const url = new URL(pgAdminUrl);
  url.pathname = `/${name}`;
  return {
    dialect,
    url: url.toString(),
    async drop() {
      for (let attempt = 1; ; attempt++) {
        try {
          return await adminQuery(pgAdminUrl, `drop database if exists ${name} with (force)`);
        } catch (error) {
          if (attempt === 3) return void console.error(`bench: could not drop database ${name}: ${String(error)}`);
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      }
    },
  };
}
