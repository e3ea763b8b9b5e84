import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'bmm-config-'));

describe('loadConfig', () => {
  it('gives a first run safe defaults and a development secret kept under the data folder', () => {
    const dir = tmp();
    const config = loadConfig({ DATABASE_URL: `sqlite:${dir}/app.db` });
    expect(config).toMatchObject({
      port: 8000,
      holdTtlSeconds: 600,
      currency: 'USD',
      accessTokenTtlSeconds: 900,
      refreshTokenTtlSeconds: 1209600,
      corsOrigins: [],
      secretGenerated: true,
    });
    expect(readFileSync(join(dir, 'secret.key'), 'utf8').trim()).toBe(config.secretKey);
    expect(loadConfig({ DATABASE_URL: `sqlite:${dir}/app.db` }).secretKey).toBe(config.secretKey);
  });

  it('refuses to start in production without a secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: `sqlite:${tmp()}/a.db` })).toThrow(/SECRET_KEY is required/);
  });

  it('names a bad setting', () => {
    const base = { DATABASE_URL: `sqlite:${tmp()}/a.db`, SECRET_KEY: 'x'.repeat(32) };
    expect(() => loadConfig({ ...base, PORT: 'eighty' })).toThrow(/PORT must be a whole number/);
    expect(() => loadConfig({ ...base, HOLD_TTL_SECONDS: '0' })).toThrow(/HOLD_TTL_SECONDS must be between/);
    expect(() => loadConfig({ ...base, CURRENCY: 'dollars' })).toThrow(/CURRENCY/);
    expect(() => loadConfig({ ...base, DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ ...base, SECRET_KEY: 'short' })).toThrow(/at least 32/);
    expect(() => loadConfig({ ...base, LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
    expect(() => loadConfig({ ...base, CORS_ORIGINS: 'tickets.example.com' })).toThrow(/CORS_ORIGINS/);
    expect(loadConfig({ ...base, CORS_ORIGINS: 'https://a.example, http://localhost:5173' }).corsOrigins).toEqual([
      'https://a.example',
      'http://localhost:5173',
    ]);
    expect(() => loadConfig({ ...base, CORS_ORIGINS: 'tickets.example.com' })).toThrow(/CORS_ORIGINS/);
    expect(loadConfig({ ...base, CORS_ORIGINS: 'https://a.example, http://localhost:5173' }).corsOrigins).toEqual([
      'https://a.example',
      'http://localhost:5173',
    ]);
  });

  it('reads METRICS_TOKEN: empty leaves /metrics open, a short one is refused', () => {
    const base = { DATABASE_URL: `sqlite:${tmp()}/a.db`, SECRET_KEY: 'x'.repeat(32) };
    expect(loadConfig(base).metricsToken).toBeUndefined();
    expect(loadConfig({ ...base, METRICS_TOKEN: '  ' }).metricsToken).toBeUndefined();
    expect(() => loadConfig({ ...base, METRICS_TOKEN: 'fifteen-chars!!' })).toThrow(/METRICS_TOKEN must be at least 16/);
    expect(loadConfig({ ...base, METRICS_TOKEN: ' sixteen-chars!!! ' }).metricsToken).toBe('sixteen-chars!!!');
  });
  it('logs readable lines to a terminal in development and JSON everywhere else, unless LOG_FORMAT says', () => {
    const base = { DATABASE_URL: `sqlite:${tmp()}/a.db`, SECRET_KEY: 'x'.repeat(32) };
    const terminal = { isTTY: true };
    const pipe = { isTTY: false };
    expect(loadConfig(base, terminal).logFormat).toBe('pretty');
    expect(loadConfig(base, pipe).logFormat).toBe('json');
    expect(loadConfig({ ...base, NODE_ENV: 'production' }, terminal).logFormat).toBe('json');
    expect(loadConfig({ ...base, LOG_FORMAT: 'json' }, terminal).logFormat).toBe('json');
    expect(loadConfig({ ...base, LOG_FORMAT: 'pretty' }, pipe).logFormat).toBe('pretty');
    expect(() => loadConfig({ ...base, LOG_FORMAT: 'xml' }, pipe)).toThrow(/LOG_FORMAT must be one of auto, pretty, json/);
  });
});
