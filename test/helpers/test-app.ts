import type { LightMyRequestResponse } from 'fastify';
import type { Config } from '../../src/config.js';
import type { Role } from '../../src/core/roles.js';
import { simulatedCardProcessor } from '../../src/payments/simulated-card-processor.js';
import { type BuildOptions, buildApp } from '../../src/server/app.js';
import { manualClock } from '../../src/services/clock.js';
import { hashPassword } from '../../src/services/passwords.js';
import { freshDatabase, type TestDatabase } from './database.js';

export const T0 = Date.UTC(2100, 0, 1, 12, 0, 0);
export const HOUR = 3_600_000;
export const APPROVED_CARD = {
  card_number: '4242 4242 4242 4242',
  exp_month: 12,
  exp_year: 2199,
  cvc: '123',
  cardholder_name: 'Ada Lovelace',
};
export const DECLINED_CARD = { ...APPROVED_CARD, card_number: '4000 0000 0000 0002' };
/** A fixed Ed25519 seed (base64url) that signs the test service's tickets. */
export const TEST_TICKET_KEY = 'dGVzdC10aWNrZXQtc2lnbmluZy1rZXktMzJieXRlcyE';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    nodeEnv: 'test',
    databaseUrl: 'sqlite::memory:',
    dataDir: '/nonexistent',
    secretKey: 'test-secret-key-that-is-long-enough-0123456789',
    secretGenerated: false,
    maxStreamsPerClient: 50,
    maxStreams: 5_000,
    port: 0,
    host: '127.0.0.1',
    holdTtlSeconds: 600,
    maxHeldSeatsPerUser: 10,
    accessibleReleaseMinutes: 60,
    currency: 'USD',
    accessTokenTtlSeconds: 1800,
    refreshTokenTtlSeconds: 14 * 86_400,
    corsOrigins: [],
    logLevel: 'silent',
    logFormat: 'json',
    trustProxy: [],
    redisKeyPrefix: 'bookmemovie',
    publicUrl: 'http://tickets.test',
    mailFrom: 'bookmemovie <no-reply@tickets.test>',
    cinemaTimeZone: 'UTC',
    refundPolicy: { cutoffMinutes: 60, feeMinor: 0, feePercent: 0 },
    payments: { provider: 'simulated' },
    ticketSigningKeys: [TEST_TICKET_KEY],
    ticketSigningKeyGenerated: false,
    businessDayStartMinutes: 4 * 60,
    cleaningBufferMinutes: 15,
    filmWeekStartDay: 5,
    ...overrides,
  };
}

let sharedHash: Promise<string> | undefined;

/**
 * The whole service on a fresh database with a clock the test moves. The sweeper is off unless
 * asked for, so expiry happens exactly when a test says.
 */
export async function createTestApp(
  options: {
    config?: Partial<Config>;
    sweepIntervalMs?: number;
    start?: number;
    timeouts?: BuildOptions['timeouts'];
    /** Another provider than the simulated one (Stripe against test/helpers/fake-stripe.ts). */
    payments?: BuildOptions['payments'];
  } = {},
) {
  const database: TestDatabase = await freshDatabase();
  const clock = manualClock(options.start ?? T0);
  const payments = simulatedCardProcessor();
  const config = testConfig(options.config);
  const { app, deps, services, outbox } = await buildApp({
    config,
    db: database.db,
    clock,
    payments: options.payments ?? payments,
    logger: false,
    sweepIntervalMs: options.sweepIntervalMs ?? 0,
    migrate: false,
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
  });
  await app.ready();

  let userCount = 0;

  /** A user made straight in the database (one shared argon2 hash keeps big suites fast). */
  async function makeUser(role: Role = 'user', email?: string) {
    sharedHash ??= hashPassword('correct-horse-battery');
    userCount += 1;
    const row = await database.db.kysely
      .insertInto('users')
      .values({
        email: email ?? `${role}${userCount}-${Math.random().toString(36).slice(2, 8)}@example.com`,
        password_hash: await sharedHash,
        full_name: `Test ${role} ${userCount}`,
        role,
        is_active: 1,
        created_at: clock.now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    if (role === 'admin') {
      await database.db.kysely
        .insertInto('setup_claims')
        .values({ name: 'first_admin', created_at: clock.now() })
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    return { ...row, token: services.auth.issueToken(row.id, role), password: 'correct-horse-battery' };
  }

  async function call(
    method: string,
    url: string,
    options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) {
    const response: LightMyRequestResponse = await app.inject({
      method: method as 'GET',
      url,
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { payload: JSON.stringify(options.body) } : {}),
    });
    let json: unknown;
    try {
      json = response.body ? JSON.parse(response.body) : undefined;
    } catch {
      json = undefined;
    }
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary response shapes
    return { status: response.statusCode, body: json as any, headers: response.headers, raw: response.body };
  }

  /** A movie and a showtime `hoursAhead` from now; a hall with `rows` x `perRow` seats when given. */
  async function makeShowtime(
    admin: { token: string },
    options: {
      hoursAhead?: number;
      totalSeats?: number;
      price?: number;
      rows?: number;
      perRow?: number;
      durationMinutes?: number;
    } = {},
  ) {
    const movie = await call('POST', '/api/admin/movies', {
      token: admin.token,
      body: { title: `Film ${Math.random().toString(36).slice(2, 7)}`, duration_minutes: options.durationMinutes ?? 100 },
    });
    if (movie.status !== 201) throw new Error(`movie: ${movie.status} ${movie.raw}`);
    let hallId: number | undefined;
    if (options.rows !== undefined) {
      const hall = await call('POST', '/api/admin/halls', {
        token: admin.token,
        body: {
          name: `Hall ${Math.random().toString(36).slice(2, 7)}`,
          rows: options.rows,
          seats_per_row: options.perRow ?? options.rows,
        },
      });
      if (hall.status !== 201) throw new Error(`hall: ${hall.status} ${hall.raw}`);
      hallId = hall.body.id;
    }
    const event = await call('POST', '/api/admin/events', {
      token: admin.token,
      body: {
        movie_id: movie.body.id,
        start_time: new Date(clock.now() + (options.hoursAhead ?? 24) * HOUR).toISOString(),
        ...(hallId !== undefined ? { hall_id: hallId } : { total_seats: options.totalSeats ?? 25 }),
        price: options.price ?? 15,
      },
    });
    if (event.status !== 201) throw new Error(`event: ${event.status} ${event.raw}`);
    const seats = await call('GET', `/api/events/${event.body.event_id}/seats`);
    return {
      movie: movie.body,
      event: event.body,
      eventId: event.body.event_id as number,
      seatIds: seats.body.seats.map((s: { seat_id: number }) => s.seat_id) as number[],
    };
  }

  /** Row counts of every table: tests compare them before and after a refused request. */
  async function tableCounts() {
    const tables = ['users', 'movies', 'halls', 'events', 'seats', 'bookings', 'booking_seats', 'payments'] as const;
    const counts = {} as Record<(typeof tables)[number] | 'unavailable_seats', number>;
    for (const table of tables) {
      const row = await database.db.kysely
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      counts[table] = Number(row.n);
    }
    const held = await database.db.kysely
      .selectFrom('seats')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '!=', 'available')
      .executeTakeFirstOrThrow();
    counts.unavailable_seats = Number(held.n);
    return counts;
  }

  return {
    app,
    deps,
    services,
    db: database.db,
    clock,
    payments,
    config,
    call,
    makeUser,
    makeShowtime,
    tableCounts,
    /** Delivers every outbox effect due now (refunds, emails, seat pushes) and waits for it. */
    flushOutbox: () => outbox.flush(),
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;
