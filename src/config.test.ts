import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

/** A ticket signing key as production needs one (a base64url Ed25519 seed). */
const TICKET_KEY = randomBytes(32).toString('base64url');

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

  it('reads the refund policy: cut-off, fixed fee in major units, percentage; refuses bad values by name', () => {
    const base = { DATABASE_URL: `sqlite:${tmp()}/a.db` };
    expect(loadConfig(base).refundPolicy).toEqual({ cutoffMinutes: 60, feeMinor: 0, feePercent: 0 });
    expect(
      loadConfig({ ...base, REFUND_CUTOFF_MINUTES: '120', CANCELLATION_FEE: '2.50', CANCELLATION_FEE_PERCENT: '7.5' })
        .refundPolicy,
    ).toEqual({ cutoffMinutes: 120, feeMinor: 250, feePercent: 7.5 });
    expect(loadConfig({ ...base, CURRENCY: 'JPY', CANCELLATION_FEE: '300' }).refundPolicy.feeMinor).toBe(300);
    expect(() => loadConfig({ ...base, CURRENCY: 'JPY', CANCELLATION_FEE: '2.5' })).toThrow(/CANCELLATION_FEE has more decimals/);
    expect(() => loadConfig({ ...base, CANCELLATION_FEE: '-1' })).toThrow(/CANCELLATION_FEE must be a non-negative number/);
    expect(() => loadConfig({ ...base, CANCELLATION_FEE_PERCENT: '101' })).toThrow(
      /CANCELLATION_FEE_PERCENT must be at most 100/,
    );
    expect(() => loadConfig({ ...base, REFUND_CUTOFF_MINUTES: 'soon' })).toThrow(/REFUND_CUTOFF_MINUTES must be a whole number/);
  });

  it('refuses to start in production without a secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATABASE_URL: `sqlite:${tmp()}/a.db` })).toThrow(/SECRET_KEY is required/);
  });

  it.each([
    ['one character 64 times', 'a'.repeat(64)],
    ["'password' padded with 1s to 40", 'password'.padEnd(40, '1')],
    ["'abc' repeated", 'abc'.repeat(22)],
    ['common passwords run together', 'qwerty-password-letmein-dragon-monkey-123456'],
  ])('refuses a guessable SECRET_KEY in production: %s', (_name, key) => {
    const env = { NODE_ENV: 'production', DATABASE_URL: `sqlite:${tmp()}/a.db`, SECRET_KEY: key };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(/SECRET_KEY is guessable .*randomBytes\(48\)\.toString\('base64url'\)/);
  });

  it('accepts random keys in production, and only warns about a guessable one in development', () => {
    const base = { DATABASE_URL: `sqlite:${tmp()}/a.db` };
    for (const key of [
      randomBytes(48).toString('base64url'),
      randomBytes(32).toString('hex'),
      randomBytes(48).toString('base64'),
    ]) {
      const config = loadConfig({ ...base, NODE_ENV: 'production', SECRET_KEY: key, TICKET_SIGNING_KEY: TICKET_KEY });
      expect(config.secretKey).toBe(key);
      expect(config.secretKeyWarning).toBeUndefined();
    }
    const development = loadConfig({ ...base, SECRET_KEY: 'a'.repeat(64) });
    expect(development.secretKey).toBe('a'.repeat(64));
    expect(development.secretKeyWarning).toMatch(/SECRET_KEY is guessable/);
    // The generated development secret needs no warning.
    expect(loadConfig(base)).toMatchObject({ secretGenerated: true });
    expect(loadConfig(base).secretKeyWarning).toBeUndefined();
  });

  it('reads MAX_STREAMS_PER_CLIENT (50) and MAX_STREAMS (5000), and names a bad value', () => {
    const base = { DATABASE_URL: `sqlite:${tmp()}/a.db`, SECRET_KEY: 'x'.repeat(32) };
    expect(loadConfig(base)).toMatchObject({ maxStreamsPerClient: 50, maxStreams: 5_000 });
    expect(loadConfig({ ...base, MAX_STREAMS_PER_CLIENT: '5', MAX_STREAMS: '200' })).toMatchObject({
      maxStreamsPerClient: 5,
      maxStreams: 200,
    });
    expect(() => loadConfig({ ...base, MAX_STREAMS_PER_CLIENT: '0' })).toThrow(/MAX_STREAMS_PER_CLIENT must be between 1/);
    expect(() => loadConfig({ ...base, MAX_STREAMS: 'lots' })).toThrow(/MAX_STREAMS must be a whole number/);
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

  it('reads MAX_HELD_SEATS_PER_USER: 10 by default, 1..100, and names a bad value', () => {
    const base = { DATABASE_URL: `sqlite:${tmp()}/a.db`, SECRET_KEY: 'x'.repeat(32) };
    expect(loadConfig(base).maxHeldSeatsPerUser).toBe(10);
    expect(loadConfig({ ...base, MAX_HELD_SEATS_PER_USER: '4' }).maxHeldSeatsPerUser).toBe(4);
    expect(loadConfig({ ...base, MAX_HELD_SEATS_PER_USER: '100' }).maxHeldSeatsPerUser).toBe(100);
    expect(() => loadConfig({ ...base, MAX_HELD_SEATS_PER_USER: '0' })).toThrow(
      /MAX_HELD_SEATS_PER_USER must be between 1 and 100/,
    );
    expect(() => loadConfig({ ...base, MAX_HELD_SEATS_PER_USER: '101' })).toThrow(/MAX_HELD_SEATS_PER_USER/);
    expect(() => loadConfig({ ...base, MAX_HELD_SEATS_PER_USER: 'ten' })).toThrow(
      /MAX_HELD_SEATS_PER_USER must be a whole number/,
    );
  });
  it('reads BUSINESS_DAY_START (04:00, from 00:00 to 12:00) and CLEANING_BUFFER_MINUTES (15, 0..240), naming a bad value', () => {
    const base = { DATABASE_URL: `sqlite:${tmp()}/a.db`, SECRET_KEY: 'x'.repeat(32) };
    expect(loadConfig(base)).toMatchObject({ businessDayStartMinutes: 240, cleaningBufferMinutes: 15 });
    expect(loadConfig({ ...base, BUSINESS_DAY_START: '05:30' }).businessDayStartMinutes).toBe(330);
    expect(loadConfig({ ...base, BUSINESS_DAY_START: '00:00' }).businessDayStartMinutes).toBe(0);
    expect(loadConfig({ ...base, BUSINESS_DAY_START: '12:00' }).businessDayStartMinutes).toBe(720);
    for (const bad of ['12:01', '5', '25:00', 'dawn']) {
      expect(() => loadConfig({ ...base, BUSINESS_DAY_START: bad }), bad).toThrow(/BUSINESS_DAY_START must be a local time/);
    }
    expect(loadConfig({ ...base, CLEANING_BUFFER_MINUTES: '0' }).cleaningBufferMinutes).toBe(0);
    expect(loadConfig({ ...base, CLEANING_BUFFER_MINUTES: '240' }).cleaningBufferMinutes).toBe(240);
    expect(() => loadConfig({ ...base, CLEANING_BUFFER_MINUTES: '241' })).toThrow(/CLEANING_BUFFER_MINUTES/);
  });
  it('reads FILM_WEEK_START (a weekday name, Friday by default), naming a bad value', () => {
    const base = { DATABASE_URL: `sqlite:${tmp()}/a.db`, SECRET_KEY: 'x'.repeat(32) };
    expect(loadConfig(base).filmWeekStartDay).toBe(5);
    expect(loadConfig({ ...base, FILM_WEEK_START: 'thursday' }).filmWeekStartDay).toBe(4);
    expect(() => loadConfig({ ...base, FILM_WEEK_START: 'fri' })).toThrow(
      /FILM_WEEK_START must be a weekday such as Friday, got "fri"/,
    );
  });

  it('logs readable lines to a terminal in development and JSON everywhere else, unless LOG_FORMAT says', () => {
    const base = { DATABASE_URL: `sqlite:${tmp()}/a.db`, SECRET_KEY: 'x'.repeat(32) };
    const terminal = { isTTY: true };
    const pipe = { isTTY: false };
    expect(loadConfig(base, terminal).logFormat).toBe('pretty');
    expect(loadConfig(base, pipe).logFormat).toBe('json');
    const productionKey = randomBytes(48).toString('base64url');
    const production = { ...base, NODE_ENV: 'production', SECRET_KEY: productionKey, TICKET_SIGNING_KEY: TICKET_KEY };
    expect(loadConfig(production, terminal).logFormat).toBe('json');
    expect(loadConfig({ ...base, LOG_FORMAT: 'json' }, terminal).logFormat).toBe('json');
    expect(loadConfig({ ...base, LOG_FORMAT: 'pretty' }, pipe).logFormat).toBe('pretty');
    expect(() => loadConfig({ ...base, LOG_FORMAT: 'xml' }, pipe)).toThrow(/LOG_FORMAT must be one of auto, pretty, json/);
  });

  it('reads TRUST_PROXY: off by default, a list of addresses or CIDR ranges, and refuses trusting everyone or garbage', () => {
    const base = { DATABASE_URL: `sqlite:${tmp()}/a.db`, SECRET_KEY: 'x'.repeat(32) };
    expect(loadConfig(base).trustProxy).toEqual([]);
    expect(loadConfig({ ...base, TRUST_PROXY: ' ' }).trustProxy).toEqual([]);
    expect(loadConfig({ ...base, TRUST_PROXY: '10.0.0.5, 172.16.0.0/12,fd00::/8, ::1, loopback' }).trustProxy).toEqual([
      '10.0.0.5',
      '172.16.0.0/12',
      'fd00::/8',
      '::1',
      'loopback',
    ]);
    for (const everyone of ['true', '*', 'TRUE', '0.0.0.0/0', '::/0']) {
      expect(() => loadConfig({ ...base, TRUST_PROXY: everyone }), everyone).toThrow(/TRUST_PROXY=.* any client/);
    }
    // Ranges so wide they trust nearly every client: IPv4 shorter than /8, IPv6 shorter than /32.
    const tooWide = /TRUST_PROXY=.* too wide a range.*\/8 or narrower.*\/32 or narrower/;
    const wideRanges = [
      '0.0.0.0/1,128.0.0.0/1',
      '::/1',
      '10.0.0.0/7',
      '10.0.0.5, 2000::/3',
      '2001:db8::/31',
      '::ffff:0.0.0.0/97',
    ];
    for (const wide of wideRanges) {
      expect(() => loadConfig({ ...base, TRUST_PROXY: wide }), wide).toThrow(tooWide);
    }
    expect(loadConfig({ ...base, TRUST_PROXY: '10.0.0.0/8,2001:db8::/32,fe80::/10' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '2001:db8::/32',
      'fe80::/10',
    ]);
    const garbage = ['1', 'proxy.example', '10.0.0.0/33', '10.0.0.0/0', '10.0.0/8', '10.0.0.1/8/2', 'fd00::/129', '10.0.0.1;rm'];
    for (const value of garbage) {
      expect(() => loadConfig({ ...base, TRUST_PROXY: value }), value).toThrow(/TRUST_PROXY must be a comma-separated list/);
    }
  });

  it('reads REDIS_URL and REDIS_KEY_PREFIX: no Redis by default, and names a bad value', () => {
    const base = { DATABASE_URL: `sqlite:${tmp()}/a.db`, SECRET_KEY: 'x'.repeat(32) };
    expect(loadConfig(base)).toMatchObject({ redisUrl: undefined, redisKeyPrefix: 'bookmemovie' });
    expect(loadConfig({ ...base, REDIS_URL: ' redis://127.0.0.1:6379 ', REDIS_KEY_PREFIX: 'bmm:staging' })).toMatchObject({
      redisUrl: 'redis://127.0.0.1:6379',
      redisKeyPrefix: 'bmm:staging',
    });
    expect(() => loadConfig({ ...base, REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL must be a URL/);
    expect(() => loadConfig({ ...base, REDIS_URL: 'http://cache:6379' })).toThrow(/REDIS_URL/);
    expect(() => loadConfig({ ...base, REDIS_KEY_PREFIX: 'has space' })).toThrow(/REDIS_KEY_PREFIX/);
  });
  it("reads the prototype's settings: SQLAlchemy database URLs, and refuses its placeholder secret", () => {
    const dir = tmp();
    // Both keys given: a relative database path must not make the test write a key into the working folder.
    const base = { SECRET_KEY: 'x'.repeat(32), TICKET_SIGNING_KEY: TICKET_KEY };
    expect(loadConfig({ ...base, DATABASE_URL: 'sqlite:///./movie_ticketing.db' }).databaseUrl).toBe(
      'sqlite:./movie_ticketing.db',
    );
    expect(loadConfig({ ...base, DATABASE_URL: `sqlite:///${dir}/abs.db` }).databaseUrl).toBe(`sqlite:${dir}/abs.db`);
    expect(loadConfig({ ...base, DATABASE_URL: `sqlite:///${dir}/abs.db` }).dataDir).toBe(dir);
    expect(loadConfig({ ...base, DATABASE_URL: 'postgresql+psycopg2://u:p@db:5432/cinema' }).databaseUrl).toBe(
      'postgresql://u:p@db:5432/cinema',
    );
    // Settings the prototype has and bookmemovie does not use are no reason to stop.
    expect(() => loadConfig({ ...base, DATABASE_URL: `sqlite:${dir}/a.db`, DEBUG: 'True', BASE_URL: 'http://x' })).not.toThrow();
    for (const nodeEnv of ['development', 'production']) {
      expect(() =>
        loadConfig({ DATABASE_URL: `sqlite:${dir}/a.db`, NODE_ENV: nodeEnv, SECRET_KEY: 'REPLACE_WITH_GENERATED_SECRET_KEY' }),
      ).toThrow(/prototype's placeholder REPLACE_WITH_GENERATED_SECRET_KEY: generate one with: node -e/);
    }
    expect(() => loadConfig({ ...base, DATABASE_URL: 'mysql://u@db/x' })).toThrow(/DATABASE_URL must be sqlite:<file>/);
  });
});
