import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * No Docker engine runs where these tests run, so the Dockerfile, compose.yaml and the proxy
 * config are checked as files: they must use the entry point, settings and install command that
 * test/production-install.test.ts proves on a real production install.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

type Instruction = { keyword: string; args: string };
type Stage = { from: string; name?: string; instructions: Instruction[] };

/** The Dockerfile's stages, continuation lines joined and comments dropped. */
function dockerfileStages(): Stage[] {
  const lines = read('Dockerfile')
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, keyword = '', args = ''] = /^(\S+)\s+(.*)$/.exec(line) ?? [];
    if (keyword.toUpperCase() === 'FROM') {
      const [, from = '', name] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args) ?? [];
      stages.push({ from, name, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

const argsOf = (stage: Stage, keyword: string) => stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);

/** tsconfig.build.json compiles src/<x>.ts to dist/server/<x>.js: the source a compiled entry comes from. */
function sourceOf(entry: string): string {
  const build = JSON.parse(read('tsconfig.build.json')).compilerOptions;
  expect(build).toMatchObject({ rootDir: 'src', outDir: 'dist/server' });
  expect(entry.startsWith('dist/server/')).toBe(true);
  return entry.replace(/^dist\/server\//, 'src/').replace(/\.js$/, '.ts');
}

describe('deployment files (Dockerfile, compose.yaml, deploy/nginx.conf) match the proven production install', () => {
  const stages = dockerfileStages();
  const runtime = stages.at(-1) as Stage;
  const cmd: string[] = JSON.parse(argsOf(runtime, 'CMD').at(-1) ?? 'null');

  it('builds in one stage and runs the compiled server in another, as a non-root user', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const build = stages[0] as Stage;
    expect(build.name).toBeDefined();
    expect(build.from).toMatch(/^node:(22|24)/);
    expect(runtime.from).toMatch(/^node:(22|24)/);
    expect(argsOf(build, 'RUN').join('\n')).toMatch(/npm ci\b/);
    expect(argsOf(build, 'RUN').join('\n')).toMatch(/npm run build\b/);

    const installs = argsOf(runtime, 'RUN').filter((r) => r.includes('npm ci'));
    expect(installs).toHaveLength(1);
    expect(installs[0]).toMatch(/npm ci --omit=dev\b/);
    // Optional dependencies carry platform binaries (@node-rs/argon2): they must stay.
    expect(installs[0]).not.toMatch(/--omit=optional|--no-optional/);
    expect(argsOf(runtime, 'COPY')).toContainEqual(expect.stringMatching(new RegExp(`^--from=${build.name}\\s+\\S*dist\\s`)));

    const users = argsOf(runtime, 'USER');
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
    const keywords = runtime.instructions.map((i) => i.keyword);
    expect(keywords.lastIndexOf('USER')).toBeLessThan(keywords.lastIndexOf('CMD'));
  });

  it('runs the compiled start entry in production mode on 0.0.0.0, with a health check on /ready', () => {
    expect(cmd).toEqual(['node', 'dist/server/cli/start.js']);
    expect(existsSync(join(ROOT, sourceOf(cmd[1] as string)))).toBe(true);
    expect(argsOf(runtime, 'ENTRYPOINT')).toEqual([]);

    const env = argsOf(runtime, 'ENV').join(' ');
    expect(env).toMatch(/\bNODE_ENV=production\b/);
    expect(env).toMatch(/\bHOST=0\.0\.0\.0\b/);
    const port = /\bPORT=(\d+)\b/.exec(env)?.[1];
    expect(argsOf(runtime, 'EXPOSE')).toEqual([port]);

    const healthcheck = argsOf(runtime, 'HEALTHCHECK');
    expect(healthcheck).toHaveLength(1);
    expect(healthcheck[0]).toMatch(/\bCMD\s+\["node"/);
    expect(healthcheck[0]).toContain(`/ready`);
    expect(healthcheck[0]).toContain(`${port}`);
  });

  it('keeps local state, secrets and build output out of the build context', () => {
    const ignored = read('.dockerignore')
      .split(/\r?\n/)
      .map((line) => line.trim());
    for (const entry of ['node_modules', 'dist', 'data', '.git', '.env', '*.db', 'test-results'])
      expect(ignored).toContain(entry);
  });

  it('composes PostgreSQL, two app instances of that image and one public port', () => {
    const compose = parse(read('compose.yaml'));
    const services: Record<string, Record<string, unknown>> = compose.services;
    const db = services.db as Record<string, unknown>;
    expect(db.image).toMatch(/^postgres:/);
    expect(JSON.stringify(db.healthcheck)).toContain('pg_isready');

    const apps = Object.entries(services).filter(([, service]) => service.build !== undefined);
    expect(apps.map(([name]) => name)).toEqual(['app1', 'app2']);
    for (const [, app] of apps) {
      expect(app.build).toBe('.');
      if (app.command !== undefined) expect(app.command).toEqual(cmd);
      expect(app.ports).toBeUndefined();
      expect(app.depends_on).toEqual({ db: { condition: 'service_healthy' } });
      const env = app.environment as Record<string, string>;
      expect(env.DATABASE_URL).toMatch(/^postgres:\/\/[^@]+@db:5432\//);
      expect(env.SECRET_KEY).toMatch(/^\$\{SECRET_KEY:\?.+\}$/);
      expect(env.TICKET_SIGNING_KEY).toMatch(/^\$\{TICKET_SIGNING_KEY:\?.+\}$/);
      expect(env).toMatchObject({ NODE_ENV: 'production', HOST: '0.0.0.0', PORT: '8000' });
      // The per-address limits see the clients nginx forwards for, not nginx itself.
      expect(env.TRUST_PROXY).toBe('172.16.0.0/12');
    }

    const published = Object.entries(services).filter(([, service]) => service.ports !== undefined);
    expect(published.map(([name]) => name)).toEqual(['proxy']);
    expect(published[0]?.[1].ports).toHaveLength(1);
    expect(published[0]?.[1].volumes).toContainEqual(expect.stringMatching(/^\.\/deploy\/nginx\.conf:/));
  });

  it('balances both instances behind the proxy and keeps seat streams unbuffered', () => {
    const nginx = read('deploy/nginx.conf');
    const upstream = /upstream\s+\S+\s*\{([^}]*)\}/.exec(nginx)?.[1] ?? '';
    expect([...upstream.matchAll(/^\s*server\s+(\S+?);/gm)].map((m) => m[1])).toEqual(['app1:8000', 'app2:8000']);
    // The apps trust the proxy (TRUST_PROXY): it must name the client it saw, not pass on the client's own claim.
    expect(nginx).toMatch(/proxy_set_header\s+X-Forwarded-For\s+\$remote_addr;/);

    const stream = /location\s+~\s+(\S+)\s*\{([^}]*)\}/.exec(nginx);
    expect(new RegExp(stream?.[1] ?? '$^').test('/api/events/42/seats/stream')).toBe(true);
    const block = stream?.[2] ?? '';
    expect(block).toMatch(/proxy_buffering\s+off;/);
    const [, amount = '0', unit = 's'] = /proxy_read_timeout\s+(\d+)(s|m|h)?;/.exec(block) ?? [];
    const seconds = Number(amount) * { s: 1, m: 60, h: 3600 }[unit as 's' | 'm' | 'h'];
    // The stream sends a keep-alive every 15 s; the proxy must wait longer than that.
    expect(seconds).toBeGreaterThan(15);
  });
});
