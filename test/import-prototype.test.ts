import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMPORTED_CUSTOMER } from '../src/core/prototype-import.js';
import { openSqliteHandle } from '../src/db/sqlite/handle.js';
import { buildApp } from '../src/server/app.js';
import { manualClock } from '../src/services/clock.js';
import { createTargetDatabase, type TargetDatabase } from './faults-support.js';
import { testConfig } from './helpers/test-app.js';

/**
 * The import end to end: a prototype database written the way the prototype's SQLAlchemy models
 * write it, the real command (a child process), then the service on the imported data.
 */

const DAY = 86_400_000;
const NOW = Date.now();
/** SQLAlchemy's naive DateTime in SQLite: `YYYY-MM-DD HH:MM:SS.ffffff`, in UTC for the prototype. */
const naive = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '000');
const FUTURE = Math.floor((NOW + 2 * DAY) / 60_000) * 60_000;
const PAST = Math.floor((NOW - 3 * DAY) / 60_000) * 60_000;

const PROTOTYPE_SCHEMA = `
CREATE TABLE users (
  id INTEGER NOT NULL, email VARCHAR NOT NULL, hashed_password VARCHAR NOT NULL, full_name VARCHAR,
  role VARCHAR(5) NOT NULL, is_active BOOLEAN, created_at DATETIME DEFAULT (CURRENT_TIMESTAMP), updated_at DATETIME,
  PRIMARY KEY (id), UNIQUE (email));
CREATE TABLE movies (id INTEGER NOT NULL, title VARCHAR NOT NULL, description TEXT, PRIMARY KEY (id));
CREATE TABLE events (
  id INTEGER NOT NULL, movie_id INTEGER NOT NULL, start_time DATETIME NOT NULL,
  created_at DATETIME DEFAULT (CURRENT_TIMESTAMP), PRIMARY KEY (id), FOREIGN KEY(movie_id) REFERENCES movies (id));
CREATE TABLE seats (
  id INTEGER NOT NULL, event_id INTEGER NOT NULL, price FLOAT NOT NULL, description VARCHAR,
  status VARCHAR(6) NOT NULL, locked_at DATETIME, booking_reference VARCHAR,
  created_at DATETIME DEFAULT (CURRENT_TIMESTAMP), PRIMARY KEY (id), FOREIGN KEY(event_id) REFERENCES events (id));
`;

/** passlib's bcrypt at its default cost, 12, with passlib's `$2b$` prefix. */
const passlibHash = (password: string) => bcrypt.hashSync(password, 12).replace(/^\$2a\$/, '$2b$');

function writePrototype(file: string) {
  const db = openSqliteHandle(file);
  db.exec(PROTOTYPE_SCHEMA);
  const user = db.prepare(
    'insert into users (id, email, hashed_password, full_name, role, is_active, created_at) values (?, ?, ?, ?, ?, ?, ?)',
  );
  user.run([1, 'Alice@Example.com', passlibHash('alice-old-password'), 'Alice Liddell', 'USER', 1, naive(NOW - 30 * DAY)]);
  user.run([2, 'boss@example.com', passlibHash('boss-old-password'), 'Bo Boss', 'ADMIN', 1, naive(NOW - 60 * DAY)]);
  user.run([3, 'gone@example.com', passlibHash('gone-old-password'), 'Gone Away', 'USER', 0, naive(NOW - 90 * DAY)]);
  db.prepare('insert into movies (id, title, description) values (?, ?, ?)').run([1, 'Prototype Nights', 'A film from before']);
  db.prepare('insert into movies (id, title, description) values (?, ?, ?)').run([2, 'Old Classic', null]);
  const event = db.prepare('insert into events (id, movie_id, start_time, created_at) values (?, ?, ?, ?)');
  event.run([1, 1, naive(FUTURE), naive(NOW - 5 * DAY)]);
  event.run([2, 2, naive(PAST), naive(NOW - 10 * DAY)]);
  const seat = db.prepare(
    'insert into seats (event_id, price, description, status, locked_at, booking_reference, created_at) values (?, ?, ?, ?, ?, ?, ?)',
  );
  // The prototype's grid: front rows 1.2x, middle 1x, back row 0.8x of 15.00.
  const booked: Record<string, string> = { A1: 'bk-001', A2: 'bk-001', C3: 'XY7Q' };
  for (const [row, price] of [
    ['A', 18.0],
    ['B', 18.0],
    ['C', 15.0],
    ['D', 15.0],
    ['E', 12.0],
  ] as const) {
    for (let n = 1; n <= 5; n++) {
      const label = `${row}${n}`;
      const reference = booked[label];
      if (reference) seat.run([1, price, label, 'booked', naive(NOW - 4 * DAY), reference, naive(NOW - 5 * DAY)]);
      else if (label === 'D1') seat.run([1, price, label, 'locked', naive(NOW - 60_000), 'LOCKED1', naive(NOW - 5 * DAY)]);
      else seat.run([1, price, label, 'open', null, null, naive(NOW - 5 * DAY)]);
    }
  }
  seat.run([1, 15.0, 'Wheelchair space', 'open', null, null, naive(NOW - 5 * DAY)]);
  for (let n = 1; n <= 3; n++) {
    seat.run([
      2,
      9.99,
      `A${n}`,
      n === 1 ? 'booked' : 'open',
      n === 1 ? naive(PAST - DAY) : null,
      n === 1 ? 'PAST01' : null,
      null,
    ]);
  }
  db.close();
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

function run(script: string, args: string[], databaseUrl: string) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', `src/cli/${script}.ts`, ...args], {
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl, SECRET_KEY: 'x'.repeat(40), CURRENCY: 'USD' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

const TABLES = [
  'users',
  'movies',
  'halls',
  'events',
  'seats',
  'bookings',
  'booking_seats',
  'tickets',
  'payments',
  'prototype_imports',
  'setup_claims',
] as const;

describe('import-prototype', { timeout: 240_000 }, () => {
  let target: TargetDatabase;
  let dir: string;
  let prototype: string;
  let before: string;

  const counts = async () => {
    const out: Record<string, number> = {};
    for (const table of TABLES) {
      const row = await target.db.kysely
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      out[table] = Number(row.n);
    }
    return out;
  };

  beforeAll(async () => {
    target = await createTargetDatabase();
    dir = mkdtempSync(join(tmpdir(), 'bmm-prototype-'));
    prototype = join(dir, 'movie_ticketing.db');
    writePrototype(prototype);
    before = sha256(prototype);
  });
  afterAll(async () => {
    await target?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('--dry-run reports what it would import and writes nothing', async () => {
    const empty = await counts();
    const dry = run('import-prototype', [prototype, '--dry-run'], target.url);
    expect(dry.code, dry.out).toBe(0);
    expect(dry.out).toContain('would import: 3 users (1 admin), 2 movies, 2 halls, 2 showtimes with 29 seats');
    expect(dry.out).toContain('3 confirmed bookings (4 seats, 60.99 USD, paid outside bookmemovie)');
    expect(dry.out).toContain('dry run: nothing was written');
    expect(await counts()).toEqual(empty);
    expect(sha256(prototype)).toBe(before);
  });

  it('refuses a file that is not a prototype database, or not SQLite at all, with exit code 2 and changes nothing', async () => {
    const empty = await counts();
    const other = join(dir, 'other.db');
    const handle = openSqliteHandle(other);
    handle.exec('create table users (id integer primary key, name text); create table notes (id integer)');
    handle.close();
    const notPrototype = run('import-prototype', [other], target.url);
    expect(notPrototype.code, notPrototype.out).toBe(2);
    expect(notPrototype.out).toContain('not a prototype database: table "users" has no column "email"');
    expect(notPrototype.out).toContain('no table "movies"');

    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'movie night: bring snacks\n'.repeat(200));
    const notSqlite = run('import-prototype', [text], target.url);
    expect(notSqlite.code, notSqlite.out).toBe(2);
    expect(notSqlite.out).toContain('not an SQLite database');

    const missing = run('import-prototype', [join(dir, 'nowhere.db')], target.url);
    expect(missing.code).toBe(2);
    expect(missing.out).toContain('no such file');
    expect(run('import-prototype', [], target.url).code).toBe(2);

    // The prototype's own .env names its own file: bookmemovie must not write into it.
    const sameFile = run('import-prototype', [prototype], `sqlite:${prototype}`);
    expect(sameFile.code, sameFile.out).toBe(2);
    expect(sameFile.out).toContain("DATABASE_URL points at the prototype's own file");
    expect(sha256(prototype)).toBe(before);
    expect(await counts()).toEqual(empty);
  });

  it('imports users, films, showtimes, seats and bookings, leaving the prototype file as it was', async () => {
    const result = run('import-prototype', [prototype], target.url);
    expect(result.code, result.out).toBe(0);
    console.log(result.out);
    expect(result.out).toContain('imported: 3 users (1 admin), 2 movies, 2 halls, 2 showtimes with 29 seats');
    expect(result.out).toContain('3 confirmed bookings (4 seats, 60.99 USD, paid outside bookmemovie)');
    expect(result.out).toContain(`"Imported customer" (${IMPORTED_CUSTOMER.email}, an inactive account, created)`);
    expect(result.out).toContain('put in a row of their own: Wheelchair space');
    expect(result.out).toContain('1 seat(s) held (locked) in the prototype are on sale again');
    expect(sha256(prototype)).toBe(before);

    const k = target.db.kysely;
    const users = await k.selectFrom('users').selectAll().orderBy('id').execute();
    expect(users.map((u) => [u.email, u.role, u.is_active, u.full_name])).toEqual([
      ['alice@example.com', 'user', 1, 'Alice Liddell'],
      ['boss@example.com', 'admin', 1, 'Bo Boss'],
      ['gone@example.com', 'user', 0, 'Gone Away'],
      [IMPORTED_CUSTOMER.email, 'user', 0, 'Imported customer'],
    ]);
    expect(users[0]?.password_hash).toMatch(/^\$2b\$12\$/);
    expect(users[0]?.created_at).toBe(NOW - 30 * DAY);
    // An imported admin closes the first-time set-up door.
    expect(await k.selectFrom('setup_claims').selectAll().execute()).toHaveLength(1);

    const events = await k.selectFrom('events').selectAll().orderBy('start_time').execute();
    expect(events.map((e) => [e.start_time, e.end_time - e.start_time, e.base_price, e.currency, e.total_seats])).toEqual([
      [PAST, 120 * 60_000, 999, 'USD', 3],
      [FUTURE, 120 * 60_000, 1500, 'USD', 26],
    ]);
    const halls = await k.selectFrom('halls').selectAll().orderBy('id').execute();
    expect(halls.map((h) => [h.name, h.rows, h.seats_per_row, JSON.parse(h.categories)])).toEqual([
      [
        'Imported hall 6x5',
        6,
        5,
        [
          { name: 'premium', from_row: 1, to_row: 2, price_factor: 1.2 },
          { name: 'economy', from_row: 5, to_row: 5, price_factor: 0.8 },
        ],
      ],
      ['Imported hall 1x3', 1, 3, []],
    ]);

    const bookings = await k.selectFrom('bookings').selectAll().orderBy('reference').execute();
    const placeholder = users[3]?.id;
    expect(bookings.map((b) => [b.reference, b.status, b.total_amount, b.user_id])).toEqual([
      ['BK-001', 'confirmed', 3600, placeholder],
      ['PAST01', 'confirmed', 999, placeholder],
      ['XY7Q', 'confirmed', 1500, placeholder],
    ]);
    const payments = await k.selectFrom('payments').selectAll().orderBy('amount').execute();
    expect(payments.map((p) => [p.status, p.amount, p.provider])).toEqual([
      ['succeeded', 999, 'imported'],
      ['succeeded', 1500, 'imported'],
      ['succeeded', 3600, 'imported'],
    ]);
    // Paid bookings come with their tickets, one valid ticket per booked seat.
    const tickets = await k.selectFrom('tickets').select(['booking_id', 'seat_id', 'status']).execute();
    const seatsSold = await k.selectFrom('booking_seats').select(['booking_id', 'seat_id']).execute();
    expect(tickets.map((x) => `${x.booking_id}:${x.seat_id}:${x.status}`).sort()).toEqual(
      seatsSold.map((x) => `${x.booking_id}:${x.seat_id}:valid`).sort(),
    );
    expect(tickets).toHaveLength(4);
    const d1 = await k.selectFrom('seats').selectAll().where('label', '=', 'D1').executeTakeFirstOrThrow();
    expect(d1).toMatchObject({ status: 'available', booking_id: null, price: 1500, category: 'standard' });
  });

  it('keeps the books straight: npm run check-integrity is clean', () => {
    const check = run('check-integrity', [], target.url);
    expect(check.code, check.out).toBe(0);
    expect(check.out).toContain('integrity: all checks passed');
  });

  it('signs in with the old passwords (bcrypt replaced by argon2id), shows the seats sold, and reassigns a booking', async () => {
    const clock = manualClock(Date.now());
    const { app } = await buildApp({
      config: testConfig({ databaseUrl: target.url }),
      db: target.db,
      clock,
      logger: false,
      sweepIntervalMs: 0,
      migrate: false,
    });
    await app.ready();
    try {
      const call = async (method: string, url: string, options: { token?: string; body?: unknown } = {}) => {
        const response = await app.inject({
          method: method as 'GET',
          url,
          headers: {
            ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
            ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
          },
          ...(options.body !== undefined ? { payload: JSON.stringify(options.body) } : {}),
        });
        // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary response shapes
        return { status: response.statusCode, body: (response.body ? JSON.parse(response.body) : undefined) as any };
      };
      const hashOf = async (email: string) =>
        (await target.db.kysely.selectFrom('users').select('password_hash').where('email', '=', email).executeTakeFirstOrThrow())
          .password_hash;

      expect(
        (await call('POST', '/api/auth/login', { body: { email: 'alice@example.com', password: 'wrong-password' } })).status,
      ).toBe(401);
      expect(await hashOf('alice@example.com')).toMatch(/^\$2b\$12\$/);
      const alice = await call('POST', '/api/auth/login', {
        body: { email: 'Alice@Example.com', password: 'alice-old-password' },
      });
      expect(alice.status).toBe(200);
      expect(alice.body.user).toMatchObject({ email: 'alice@example.com', role: 'user', full_name: 'Alice Liddell' });
      // The bcrypt hash is gone; the same password now checks against argon2id.
      const upgraded = await hashOf('alice@example.com');
      expect(upgraded).toMatch(/^\$argon2id\$/);
      expect(upgraded).not.toContain('$2b$');
      expect(
        (await call('POST', '/api/auth/login', { body: { email: 'alice@example.com', password: 'alice-old-password' } })).status,
      ).toBe(200);
      expect(await hashOf('alice@example.com')).toBe(upgraded);
      // Inactive accounts stay shut, the placeholder above all.
      expect(
        (await call('POST', '/api/auth/login', { body: { email: 'gone@example.com', password: 'gone-old-password' } })).status,
      ).toBe(401);
      expect(await hashOf('gone@example.com')).toMatch(/^\$2b\$/);
      expect(
        (
          await call('POST', '/api/auth/login', {
            body: { email: IMPORTED_CUSTOMER.email, password: IMPORTED_CUSTOMER.password_hash },
          })
        ).status,
      ).toBe(401);

      const boss = await call('POST', '/api/auth/login', { body: { email: 'boss@example.com', password: 'boss-old-password' } });
      expect(boss.status).toBe(200);
      expect(boss.body.user.role).toBe('admin');
      const adminToken = boss.body.access_token as string;
      const aliceToken = alice.body.access_token as string;

      const upcoming = await call('GET', '/api/events');
      const showtime = upcoming.body.find((e: { movie_title: string }) => e.movie_title === 'Prototype Nights');
      expect(showtime).toMatchObject({ total_seats: 26, available_seats: 23, price_from: 12, hall: 'Imported hall 6x5' });
      const map = await call('GET', `/api/events/${showtime.event_id}/seats`);
      const status = Object.fromEntries(map.body.seats.map((s: { label: string; status: string }) => [s.label, s.status]));
      expect([status.A1, status.A2, status.C3, status.D1, status.E5]).toEqual([
        'booked',
        'booked',
        'booked',
        'available',
        'available',
      ]);
      expect(map.body.seats.find((s: { label: string }) => s.label === 'A1')).toMatchObject({ price: 18, category: 'premium' });
      expect(map.body.seats.find((s: { label: string }) => s.label === 'Wheelchair space')).toMatchObject({
        row: 'F',
        number: 1,
      });

      const found = await call('GET', '/api/admin/bookings?q=bk-001', { token: adminToken });
      expect(found.status).toBe(200);
      expect(found.body.map((b: { booking_reference: string }) => b.booking_reference)).toEqual(['BK-001']);
      expect(found.body[0]).toMatchObject({
        status: 'confirmed',
        total_amount: 36,
        user_email: IMPORTED_CUSTOMER.email,
        seats: ['A1', 'A2'],
      });

      // Only an admin may hand bookings over.
      expect(
        (await call('PUT', '/api/admin/bookings/BK-001/owner', { token: aliceToken, body: { email: 'alice@example.com' } }))
          .status,
      ).toBe(403);
      const unknownUser = await call('PUT', '/api/admin/bookings/BK-001/owner', {
        token: adminToken,
        body: { email: 'nobody@example.com' },
      });
      expect([unknownUser.status, unknownUser.body.code]).toEqual([404, 'USER_NOT_FOUND']);
      const inactive = await call('PUT', '/api/admin/bookings/BK-001/owner', {
        token: adminToken,
        body: { email: 'gone@example.com' },
      });
      expect([inactive.status, inactive.body.code]).toEqual([404, 'USER_NOT_FOUND']);
      const unknownBooking = await call('PUT', '/api/admin/bookings/NOPE42/owner', {
        token: adminToken,
        body: { email: 'alice@example.com' },
      });
      expect([unknownBooking.status, unknownBooking.body.code]).toEqual([404, 'BOOKING_NOT_FOUND']);
      expect((await call('GET', '/api/bookings', { token: aliceToken })).body).toEqual([]);

      const given = await call('PUT', '/api/admin/bookings/bk-001/owner', {
        token: adminToken,
        body: { email: ' Alice@Example.com ' },
      });
      expect(given.status).toBe(200);
      expect(given.body).toMatchObject({ booking_reference: 'BK-001', user_email: 'alice@example.com', status: 'confirmed' });
      const mine = await call('GET', '/api/bookings', { token: aliceToken });
      expect(mine.body.map((b: { booking_reference: string }) => b.booking_reference)).toEqual(['BK-001']);
      // The customer's old reference still finds it, typed as they have it.
      expect((await call('GET', '/api/bookings/bk-001', { token: aliceToken })).status).toBe(200);

      const again = await call('PUT', '/api/admin/bookings/BK-001/owner', {
        token: adminToken,
        body: { email: 'boss@example.com' },
      });
      expect([again.status, again.body.code]).toEqual([409, 'BOOKING_NOT_IMPORTED']);
      const audit = await call('GET', '/api/admin/audit?action=booking.reassign', { token: adminToken });
      expect(audit.body).toHaveLength(1);
      expect(audit.body[0]).toMatchObject({
        actor_email: 'boss@example.com',
        target_id: 'BK-001',
        label: 'Imported booking given to its customer',
        details: { from: IMPORTED_CUSTOMER.email, to: 'alice@example.com' },
      });
      const imports = await call('GET', '/api/admin/audit?action=prototype.import', { token: adminToken });
      expect(imports.body).toHaveLength(1);

      const openapi = await call('GET', '/openapi.json');
      expect(openapi.body.paths['/api/admin/bookings/{booking_reference}/owner']?.put).toBeDefined();
    } finally {
      await app.close();
    }
  });

  it('a second run imports nothing new and changes no rows; integrity stays clean', async () => {
    const counted = await counts();
    const auditRows = await target.db.kysely.selectFrom('audit_log').select('id').execute();
    const second = run('import-prototype', [prototype], target.url);
    expect(second.code, second.out).toBe(0);
    expect(second.out).toContain('nothing new imported');
    expect(second.out).toContain('already there: 3 users, 2 movies, 2 showtimes');
    expect(second.out).not.toContain('could not import');
    expect(await counts()).toEqual(counted);
    expect(await target.db.kysely.selectFrom('audit_log').select('id').execute()).toHaveLength(auditRows.length);
    const check = run('check-integrity', [], target.url);
    expect(check.code, check.out).toBe(0);
  });
});
