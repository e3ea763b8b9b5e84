import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { dirname, join } from 'node:path';
import { DEFAULT_BUSINESS_DAY_START_MINUTES, parseClockTime } from './core/cinema-time.js';
import { trustedRangeTooWide, WIDEST_TRUSTED_PREFIX } from './core/client-key.js';
import { FRIDAY, parseWeekday } from './core/distributor-report.js';
import { isCurrencyCode, toMinorUnits } from './core/money.js';
import { DEFAULT_REFUND_POLICY, type RefundPolicy } from './core/refund-policy.js';
import { CLEANING_BUFFER_MINUTES } from './core/schedule.js';
import { MIN_SECRET_BITS, secretStrength } from './core/secret-strength.js';
import { canonicalDatabaseUrl } from './db/database-url.js';
import { type MailSettings, MailSettingsError, readMailSettings } from './mail-settings.js';
import { type PaymentSettings, PaymentSettingsError, readPaymentSettings } from './payment-settings.js';
import { isCommonPassword } from './services/password-list.js';
import { readTicketSigningSettings, type TicketSigningSettings, TicketSigningSettingsError } from './ticket-signing-settings.js';

export type Config = MailSettings & {
  nodeEnv: string;
  databaseUrl: string;
  dataDir: string;
  secretKey: string;
  /** True when the secret was generated for development rather than supplied. */
  secretGenerated: boolean;
  /** Why a supplied SECRET_KEY looks guessable; set in development only (production refuses such a key). */
  secretKeyWarning?: string;
  /** Live seat streams this instance serves at once from one client address, and in all. */
  maxStreamsPerClient: number;
  maxStreams: number;
  port: number;
  host: string;
  holdTtlSeconds: number;
  /** Seats of one showtime one customer may hold at once, across their pending bookings. */
  maxHeldSeatsPerUser: number;
  /** Until this many minutes before a showtime, wheelchair spaces and companions are sold only to accessible requests. */
  accessibleReleaseMinutes: number;
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
  /**
   * Proxies (addresses, CIDR ranges) whose X-Forwarded-For names the client; empty: the socket's
   * peer is the client and forwarded headers are ignored.
   */
  trustProxy: string[];
  /** Rate-limit counters live in this Redis when set; otherwise in the database. */
  redisUrl?: string;
  /** Prefix of every Redis key, so several deployments can share one Redis. */
  redisKeyPrefix: string;
  /** Until when customers may cancel paid seats, and what a cancellation costs them (src/core/refund-policy.ts). */
  refundPolicy: RefundPolicy;
  /** PAYMENT_PROVIDER and, for Stripe, its keys (src/payment-settings.ts). */
  payments: PaymentSettings;
  /** BUSINESS_DAY_START in minutes after local midnight: earlier showtimes belong to the day before in listings. */
  businessDayStartMinutes: number;
  /** CLEANING_BUFFER_MINUTES: a hall is busy this long after a film ends. */
  cleaningBufferMinutes: number;
  /** FILM_WEEK_START as an ISO weekday (Friday 5 by default): the first day of a distributor's week. */
  filmWeekStartDay: number;
} & TicketSigningSettings;

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

/** proxy-addr's names for the loopback, link-local and private (unique local) ranges. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * TRUST_PROXY: the proxies whose X-Forwarded-For is believed, hop by hop from the socket's peer.
 * Trusting every address (true, *, a /0 range, or ranges so wide they cover nearly every
 * address) would let any client pick the address the per-address limits and the audit log see,
 * so it is refused.
 */
function trustProxy(raw: string | undefined): string[] {
  const entries = (raw ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  for (const entry of entries) {
    if (/^(true|\*|all|0\.0\.0\.0\/0|::\/0)$/i.test(entry)) {
      throw new ConfigError(
        `TRUST_PROXY=${entry} would believe X-Forwarded-For from any client, so anyone could pick their address; list your proxies' addresses or CIDR ranges instead`,
      );
    }
    if (PROXY_RANGE_NAMES.includes(entry)) continue;
    const [address = '', prefix, ...rest] = entry.split('/');
    const version = isIP(address);
    const bits = version === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) >= 1 && Number(prefix) <= bits);
    if (version === 0 || !prefixOk || rest.length > 0) {
      throw new ConfigError(
        `TRUST_PROXY must be a comma-separated list of proxy addresses or CIDR ranges (such as 10.0.0.5, 172.16.0.0/12, loopback), got "${entry}"`,
      );
    }
    // 0.0.0.0/1,128.0.0.0/1 or ::/1 trust nearly everyone as surely as a /0 does.
    if (prefix !== undefined && trustedRangeTooWide(address, Number(prefix))) {
      throw new ConfigError(
        `TRUST_PROXY=${entry} is too wide a range: it would believe X-Forwarded-For from nearly any client, so they could pick their address; IPv4 ranges must be /${WIDEST_TRUSTED_PREFIX.ipv4} or narrower and IPv6 ranges /${WIDEST_TRUSTED_PREFIX.ipv6} or narrower`,
      );
    }
  }
  return entries;
}

function redisUrl(raw: string | undefined): string | undefined {
  const url = raw?.trim();
  if (!url) return undefined;
  if (!/^rediss?:\/\/./.test(url) || !URL.canParse(url)) {
    throw new ConfigError('REDIS_URL must be a URL like redis://host:6379 or rediss://user:password@host:6380/0');
  }
  return url;
}

function redisKeyPrefix(raw: string | undefined): string {
  const prefix = raw?.trim() || 'bookmemovie';
  if (!/^[\w:.-]{1,64}$/.test(prefix)) {
    throw new ConfigError('REDIS_KEY_PREFIX must be 1 to 64 letters, digits or the characters _ : . -');
  }
  return prefix;
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
  // Only this service's user may list the folder that holds the key and the database (0700).
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}

/** What the prototype's .env template ships in SECRET_KEY; long enough to pass a length check. */
const PROTOTYPE_PLACEHOLDER_SECRET = 'REPLACE_WITH_GENERATED_SECRET_KEY';

const GENERATE_SECRET = `node -e "console.log(require('crypto').randomBytes(48).toString('base64url'))"`;

/**
 * A supplied key whose estimated strength is below MIN_SECRET_BITS (src/core/secret-strength.ts)
 * stops a production start; in development it is only a warning, so local set-ups keep working.
 */
function weakSecretWarning(secretKey: string, nodeEnv: string): string | undefined {
  const { bits, weak } = secretStrength(secretKey, isCommonPassword);
  if (!weak) return undefined;
  const problem =
    `SECRET_KEY is guessable (about ${bits} bits; at least ${MIN_SECRET_BITS} are needed): it repeats characters or ` +
    `patterns, or is made of common passwords. Generate one with: ${GENERATE_SECRET}`;
  if (nodeEnv === 'production') throw new ConfigError(problem);
  return problem;
}

/** Reads and checks every setting once; a bad value stops start-up with a message naming it. */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  output: { isTTY: boolean } = { isTTY: process.stdout.isTTY === true },
): Config {
  const nodeEnv = env.NODE_ENV ?? 'development';
  const databaseUrl = canonicalDatabaseUrl(env.DATABASE_URL?.trim() || 'sqlite:./data/bookmemovie.db');
  if (databaseUrl === null) {
    throw new ConfigError(
      "DATABASE_URL must be sqlite:<file> (or SQLAlchemy's sqlite:///relative.db, sqlite:////absolute.db) or postgres://… (postgresql+<driver>:// is accepted)",
    );
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
  } else if (secretKey.toUpperCase() === PROTOTYPE_PLACEHOLDER_SECRET) {
    throw new ConfigError(
      `SECRET_KEY is still the prototype's placeholder ${PROTOTYPE_PLACEHOLDER_SECRET}: generate one with: ${GENERATE_SECRET}`,
    );
  } else if (secretKey.length < 32) {
    throw new ConfigError('SECRET_KEY must be at least 32 characters');
  }
  const secretKeyWarning = secretGenerated ? undefined : weakSecretWarning(secretKey, nodeEnv);

  return {
    nodeEnv,
    databaseUrl,
    dataDir,
    secretKey,
    secretGenerated,
    ...(secretKeyWarning ? { secretKeyWarning } : {}),
    maxStreamsPerClient: intSetting(env, 'MAX_STREAMS_PER_CLIENT', 50, 1, 100_000),
    maxStreams: intSetting(env, 'MAX_STREAMS', 5_000, 1, 1_000_000),
    port: intSetting(env, 'PORT', 8000, 0, 65535),
    host: env.HOST?.trim() || 'localhost',
    holdTtlSeconds: intSetting(env, 'HOLD_TTL_SECONDS', 600, 10, 86_400),
    maxHeldSeatsPerUser: intSetting(env, 'MAX_HELD_SEATS_PER_USER', 10, 1, 100),
    accessibleReleaseMinutes: intSetting(env, 'ACCESSIBLE_RELEASE_MINUTES', 60, 0, 43_200),
    currency,
    accessTokenTtlSeconds: intSetting(env, 'ACCESS_TOKEN_TTL_SECONDS', 900, 60, 86_400),
    refreshTokenTtlSeconds: intSetting(env, 'REFRESH_TOKEN_TTL_SECONDS', 14 * 86_400, 300, 90 * 86_400),
    corsOrigins: corsOrigins(env.CORS_ORIGINS),
    logLevel,
    logFormat: logFormat(env.LOG_FORMAT, nodeEnv, output.isTTY),
    metricsToken: metricsToken(env.METRICS_TOKEN),
    trustProxy: trustProxy(env.TRUST_PROXY),
    redisUrl: redisUrl(env.REDIS_URL),
    redisKeyPrefix: redisKeyPrefix(env.REDIS_KEY_PREFIX),
    ...mailSettings(env),
    refundPolicy: refundPolicy(env, currency),
    payments: paymentSettings(env),
    businessDayStartMinutes: businessDayStart(env.BUSINESS_DAY_START),
    cleaningBufferMinutes: intSetting(env, 'CLEANING_BUFFER_MINUTES', CLEANING_BUFFER_MINUTES, 0, 240),
    filmWeekStartDay: filmWeekStart(env.FILM_WEEK_START),
    ...ticketSigningSettings(env, dataDir, nodeEnv),
  };
}

/** FILM_WEEK_START, a weekday's English name; default Friday (the trade's release week). */
function filmWeekStart(raw: string | undefined): number {
  const value = raw?.trim();
  if (!value) return FRIDAY;
  const day = parseWeekday(value);
  if (day === null) throw new ConfigError(`FILM_WEEK_START must be a weekday such as Friday, got "${value}"`);
  return day;
}

/** BUSINESS_DAY_START, `HH:MM` local time from 00:00 to 12:00; default 04:00. */
function businessDayStart(raw: string | undefined): number {
  const value = raw?.trim();
  if (!value) return DEFAULT_BUSINESS_DAY_START_MINUTES;
  const minutes = parseClockTime(value);
  if (minutes === null || minutes > 12 * 60) {
    throw new ConfigError(`BUSINESS_DAY_START must be a local time from 00:00 to 12:00 such as 04:00, got "${value}"`);
  }
  return minutes;
}

/** REFUND_CUTOFF_MINUTES, CANCELLATION_FEE (major units of CURRENCY), CANCELLATION_FEE_PERCENT. */
function refundPolicy(env: NodeJS.ProcessEnv, currency: string): RefundPolicy {
  const cutoffMinutes = intSetting(env, 'REFUND_CUTOFF_MINUTES', DEFAULT_REFUND_POLICY.cutoffMinutes, 0, 43_200);
  const decimal = (name: string, max: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return 0;
    if (!/^\d+(\.\d+)?$/.test(raw)) throw new ConfigError(`${name} must be a non-negative number, got "${raw}"`);
    const value = Number(raw);
    if (value > max) throw new ConfigError(`${name} must be at most ${max}, got ${value}`);
    return value;
  };
  const fee = decimal('CANCELLATION_FEE', 10_000);
  const feeMinor = toMinorUnits(fee, currency);
  if (feeMinor === null) throw new ConfigError(`CANCELLATION_FEE has more decimals than ${currency} allows: ${fee}`);
  return { cutoffMinutes, feeMinor, feePercent: decimal('CANCELLATION_FEE_PERCENT', 100) };
}

/** PUBLIC_URL (or the prototype's BASE_URL), SMTP_URL, MAIL_FROM, CINEMA_TIME_ZONE: see src/mail-settings.ts. */
function mailSettings(env: NodeJS.ProcessEnv): MailSettings {
  try {
    return readMailSettings(env, intSetting(env, 'PORT', 8000, 0, 65535));
  } catch (error) {
    if (error instanceof MailSettingsError) throw new ConfigError(error.message);
    throw error;
  }
}

/** TICKET_SIGNING_KEY, or a key generated into DATA_DIR outside production: see src/ticket-signing-settings.ts. */
function ticketSigningSettings(env: NodeJS.ProcessEnv, dataDir: string, nodeEnv: string): TicketSigningSettings {
  try {
    return readTicketSigningSettings(env, dataDir, nodeEnv);
  } catch (error) {
    if (error instanceof TicketSigningSettingsError) throw new ConfigError(error.message);
    throw error;
  }
}

/** PAYMENT_PROVIDER, STRIPE_SECRET_KEY, STRIPE_PUBLISHABLE_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_API_URL. */
function paymentSettings(env: NodeJS.ProcessEnv): PaymentSettings {
  try {
    return readPaymentSettings(env);
  } catch (error) {
    if (error instanceof PaymentSettingsError) throw new ConfigError(error.message);
    throw error;
  }
}
