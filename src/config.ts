import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isCurrencyCode } from './core/money.js';

export type Config = {
  nodeEnv: string;
  databaseUrl: string;
  dataDir: string;
  secretKey: string;
  /** True when the secret was generated for development rather than supplied. */
  secretGenerated: boolean;
  port: number;
  host: string;
  holdTtlSeconds: number;
  currency: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** Browser origins allowed to call the API from another site; empty means same-origin only. */
  corsOrigins: string[];
  logLevel: string;
  /** `pretty`: one readable line per entry (a terminal in development); `json`: one JSON object per line. */
  logFormat: 'pretty' | 'json';
  /** Bearer token GET /metrics asks for; unset leaves it open (a private network or a scraper sidecar). */
  metricsToken?: string;
};

export class ConfigError extends Error {}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const LOG_FORMATS = ['auto', 'pretty', 'json'];

/**
 * LOG_FORMAT=auto (the default) writes readable lines to a person at a terminal in development,
 * and JSON everywhere else: in production, or when the output goes to a file, a pipe or a log
 * collector.
 */
function logFormat(raw: string | undefined, nodeEnv: string, isTTY: boolean): 'pretty' | 'json' {
  const setting = (raw ?? 'auto').trim() || 'auto';
  if (!LOG_FORMATS.includes(setting)) throw new ConfigError(`LOG_FORMAT must be one of ${LOG_FORMATS.join(', ')}`);
  if (setting !== 'auto') return setting as 'pretty' | 'json';
  return isTTY && nodeEnv !== 'production' ? 'pretty' : 'json';
}

function intSetting(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function corsOrigins(raw: string | undefined): string[] {
  if (!raw?.trim()) return [];
  const origins = raw
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new ConfigError(
        `CORS_ORIGINS must be a comma-separated list of origins like https://tickets.example.com, got "${origin}"`,
      );
    }
  }
  return origins;
}

function metricsToken(raw: string | undefined): string | undefined {
  const token = raw?.trim();
  if (!token) return undefined;
  if (token.length < 16) throw new ConfigError('METRICS_TOKEN must be at least 16 characters');
  return token;
}

/** Where an SQLite URL keeps its file; the development secret lives beside it. */
function dataDirFor(databaseUrl: string, env: NodeJS.ProcessEnv): string {
  if (env.DATA_DIR) return env.DATA_DIR;
  if (databaseUrl.startsWith('sqlite:')) {
    const file = databaseUrl.slice('sqlite:'.length).replace(/^\/\//, '');
    if (file !== ':memory:') return dirname(file);
  }
  return './data';
}

function developmentSecret(dataDir: string): string {
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 32) return stored;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}

/** Reads and checks every setting once; a bad value stops start-up with a message naming it. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  output: { isTTY: boolean } = { isTTY: process.stdout.isTTY === true },
): Config {
  const nodeEnv = env.NODE_ENV ?? 'development';
  const databaseUrl = env.DATABASE_URL?.trim() || 'sqlite:./data/bookmemovie.db';
  if (!/^(sqlite:|postgres(ql)?:\/\/)/.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with sqlite: or postgres://');
  }
  const currency = (env.CURRENCY ?? 'USD').trim();
  if (!isCurrencyCode(currency)) throw new ConfigError(`CURRENCY must be an ISO 4217 code such as USD, got "${currency}"`);
  const logLevel = (env.LOG_LEVEL ?? 'info').trim();
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const dataDir = dataDirFor(databaseUrl, env);
  let secretKey = env.SECRET_KEY?.trim() ?? '';
  let secretGenerated = false;
  if (secretKey === '') {
    if (nodeEnv === 'production') {
      throw new ConfigError('SECRET_KEY is required when NODE_ENV=production (at least 32 characters)');
    }
    secretKey = developmentSecret(dataDir);
    secretGenerated = true;
  } else if (secretKey.length < 32) {
    throw new ConfigError('SECRET_KEY must be at least 32 characters');
  }

  return {
    nodeEnv,
    databaseUrl,
    dataDir,
    secretKey,
    secretGenerated,
    port: intSetting(env, 'PORT', 8000, 0, 65535),
    host: env.HOST?.trim() || 'localhost',
    holdTtlSeconds: intSetting(env, 'HOLD_TTL_SECONDS', 600, 10, 86_400),
    currency,
    accessTokenTtlSeconds: intSetting(env, 'ACCESS_TOKEN_TTL_SECONDS', 900, 60, 86_400),
    refreshTokenTtlSeconds: intSetting(env, 'REFRESH_TOKEN_TTL_SECONDS', 14 * 86_400, 300, 90 * 86_400),
    corsOrigins: corsOrigins(env.CORS_ORIGINS),
    logLevel,
    logFormat: logFormat(env.LOG_FORMAT, nodeEnv, output.isTTY),
    metricsToken: metricsToken(env.METRICS_TOKEN),
  };
}
