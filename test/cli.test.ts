import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database.js';
import { checkPassword } from '../src/services/passwords.js';

const cliEnv = (databaseUrl: string) => ({ PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl, SECRET_KEY: 'x'.repeat(40) });

function run(script: string, args: string[], databaseUrl: string, more: { input?: string; env?: Record<string, string> } = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', `src/cli/${script}.ts`, ...args], {
    env: { ...cliEnv(databaseUrl), ...more.env },
    input: more.input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

async function userRow(databaseUrl: string, email: string) {
  const db = openDatabase(databaseUrl);
  try {
    return await db.kysely.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  } finally {
    await db.close();
  }
}

// Each task is a child process that compiles the CLI with tsx: seconds each on a busy machine.
describe('command-line tasks', { timeout: 120_000 }, () => {
  const url = `sqlite:${join(mkdtempSync(join(tmpdir(), 'bmm-cli-')), 'cli.db')}`;

  it('migrates an empty database, then reports it up to date', () => {
    expect(run('migrate', [], url)).toMatchObject({ code: 0, out: expect.stringContaining('applied: 001-initial') });
    expect(run('migrate', [], url)).toMatchObject({ code: 0, out: expect.stringContaining('up to date') });
  });

  it('creates an admin (password on standard input), refuses a duplicate and explains missing options', async () => {
    const stdin = { input: 'long enough pw\nignored second line\n' };
    const ok = run('create-admin', ['--email', 'Boss@Example.com', '--name', 'Boss'], url, stdin);
    expect(ok).toMatchObject({ code: 0, out: expect.stringContaining('admin created: boss@example.com') });
    expect(ok.out).not.toContain('long enough pw');
    expect(run('create-admin', ['--email', 'boss@example.com', '--name', 'B'], url, stdin).code).toBe(1);
    const missing = run('create-admin', ['--email', 'x@example.com'], url);
    expect(missing.code).toBe(1);
    expect(missing.out).toContain('missing --name');
    const noPassword = run('create-admin', ['--email', 'x@example.com', '--name', 'X'], url, { input: '' });
    expect(noPassword.code).toBe(1);
    expect(noPassword.out).toContain('no password on standard input');
    expect(await userRow(url, 'x@example.com')).toBeUndefined();

    const db = openDatabase(url);
    const admin = await db.kysely
      .selectFrom('users')
      .selectAll()
      .where('email', '=', 'boss@example.com')
      .executeTakeFirstOrThrow();
    expect(admin.role).toBe('admin');
    expect(admin.password_hash).toMatch(/^\$argon2id\$/);
    // The first line, without its line break: that is the password that signs in.
    expect(await checkPassword(admin.password_hash, 'long enough pw')).toBe(true);
    // The first-time set-up door is closed once an admin exists.
    expect(await db.kysely.selectFrom('setup_claims').selectAll().execute()).toHaveLength(1);
    await db.close();
  });

  it('takes the password from the environment variable BOOKMEMOVIE_ADMIN_PASSWORD', async () => {
    const env = { BOOKMEMOVIE_ADMIN_PASSWORD: 'from the environment 1' };
    const ok = run('create-admin', ['--email', 'env@example.com', '--name', 'Env'], url, { env });
    expect(ok).toMatchObject({ code: 0, out: expect.stringContaining('admin created: env@example.com') });
    const admin = await userRow(url, 'env@example.com');
    expect(admin?.role).toBe('admin');
    expect(await checkPassword(admin?.password_hash, 'from the environment 1')).toBe(true);
  });

  it('refuses --password (exit 2), names the other ways, and creates nothing', async () => {
    for (const args of [
      ['--email', 'argv@example.com', '--password', 'on the command line', '--name', 'Argv'],
      ['--email', 'argv@example.com', '--password=on the command line', '--name', 'Argv'],
    ]) {
      const refused = run('create-admin', args, url, { input: 'long enough pw\n' });
      expect(refused.code).toBe(2);
      expect(refused.out).toContain('--password is not accepted');
      expect(refused.out).toContain('standard input');
      expect(refused.out).toContain('BOOKMEMOVIE_ADMIN_PASSWORD');
      expect(refused.out).toContain('prompt');
    }
    expect(await userRow(url, 'argv@example.com')).toBeUndefined();
  });

  it.skipIf(process.platform !== 'linux')("never has the password in the process's command line", async () => {
    const password = 'never-in-argv-0451';
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/create-admin.ts', '--email', 'ps@example.com', '--name', 'Ps'],
      { env: cliEnv(url), stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    // What `ps` shows: /proc/<pid>/cmdline, once the child runs the CLI (not the forked parent).
    let cmdline = '';
    const deadline = Date.now() + 30_000;
    while (!cmdline.includes('create-admin') && Date.now() < deadline) {
      cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(cmdline).toContain('--email ps@example.com');
    expect(cmdline).not.toContain(password);
    // One line, and stdin left open: the CLI takes the first line and does not wait for the end.
    child.stdin.write(`${password}\n`);
    expect(await exited).toBe(0);
    expect(out).toContain('admin created: ps@example.com');
    expect(await checkPassword((await userRow(url, 'ps@example.com'))?.password_hash, password)).toBe(true);
    child.stdin.destroy();
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
