import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database.js';

function run(script: string, args: string[], databaseUrl: string) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', `src/cli/${script}.ts`, ...args], {
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl, SECRET_KEY: 'x'.repeat(40) },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

describe('command-line tasks', () => {
  const url = `sqlite:${join(mkdtempSync(join(tmpdir(), 'bmm-cli-')), 'cli.db')}`;

  it('migrates an empty database, then reports it up to date', () => {
    expect(run('migrate', [], url)).toMatchObject({ code: 0, out: expect.stringContaining('applied: 001-initial') });
    expect(run('migrate', [], url)).toMatchObject({ code: 0, out: expect.stringContaining('up to date') });
  });

  it('creates an admin, refuses a duplicate and explains missing options', async () => {
    const ok = run('create-admin', ['--email', 'Boss@Example.com', '--password', 'long enough pw', '--name', 'Boss'], url);
    expect(ok).toMatchObject({ code: 0, out: expect.stringContaining('admin created: boss@example.com') });
    expect(run('create-admin', ['--email', 'boss@example.com', '--password', 'long enough pw', '--name', 'B'], url).code).toBe(1);
    const missing = run('create-admin', ['--email', 'x@example.com'], url);
    expect(missing.code).toBe(1);
    expect(missing.out).toContain('missing --password, --name');

    const db = openDatabase(url);
    const admin = await db.kysely
      .selectFrom('users')
      .selectAll()
      .where('email', '=', 'boss@example.com')
      .executeTakeFirstOrThrow();
    expect(admin.role).toBe('admin');
    expect(admin.password_hash).toMatch(/^\$argon2id\$/);
    // The first-time set-up door is closed once an admin exists.
    expect(await db.kysely.selectFrom('setup_claims').selectAll().execute()).toHaveLength(1);
    await db.close();
  });

  it('seeds a week of demo showtimes once', async () => {
    const first = run('seed-demo', [], url);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/added 5 movies, 3 halls and \d+ showtimes/);
    expect(run('seed-demo', [], url).out).toContain('nothing added');

    const db = openDatabase(url);
    const events = await db.kysely.selectFrom('events').select(['start_time']).execute();
    const now = Date.now();
    expect(events.length).toBeGreaterThan(20);
    for (const e of events) {
      expect(e.start_time).toBeGreaterThan(now);
      expect(e.start_time).toBeLessThan(now + 8 * 86_400_000);
    }
    await db.close();
  });
});
