import { randomBytes } from 'node:crypto';
import { offlineDeps } from '../src/cli/context.js';
import { type Config, loadConfig } from '../src/config.js';
import type { HallBody, MovieBody } from '../src/contract/admin.js';
import { type Db, openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { adminService } from '../src/services/admin-service.js';
import { authService } from '../src/services/auth-service.js';
import { hashPassword } from '../src/services/passwords.js';
import type { BenchOptions } from './lib/options.js';
import { HOLD_TTL_SECONDS, SECRET_KEY, TICKET_SIGNING_KEY } from './lib/processes.js';
import { prng } from './lib/stats.js';

export type Buyer = { id: number; email: string; token: string };

export type Seeded = {
  /** A busy 500-seat showtime: the seat map the read scenarios fetch. */
  readEventId: number;
  /** The premiere sold over HTTP, and its twin sold straight through the driver (the reference). */
  rushEventId: number;
  rushReferenceEventId: number;
  /** Where the rush warms both sides up before its clock starts (a 216-seat showtime, 80 % free). */
  warmUpEventId: number;
  /** A 500-seat showtime whose live stream the fan-out clients watch. */
  fanOutEventId: number;
  showtimes: number;
  seats: number;
  bookings: number;
  buyers: Buyer[];
  password: string;
};

export const BENCH_PASSWORD = 'bench-password-123';
const DAY = 86_400_000;
const HOUR = 3_600_000;
// Four showings a day per hall; 3.5 h apart leaves room for the longest film plus cleaning.
const STARTS = [10, 13.5, 17, 20.5];

/** The service's own configuration, read the way the server reads it from the same environment. */
export function benchConfig(databaseUrl: string): Config {
  return loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    SECRET_KEY,
    TICKET_SIGNING_KEY,
    HOLD_TTL_SECONDS: String(HOLD_TTL_SECONDS),
    LOG_LEVEL: 'warn',
    DATA_DIR: '/nonexistent',
  });
}

const MOVIES: MovieBody[] = [
  'The Last Lighthouse|118|Drama',
  'Orbit of Nine|134|Science fiction',
  'Paper Tigers|102|Action comedy',
  'Little Fox, Big Forest|88|Animation',
  'Quiet Hours|109|Romance',
  'The Cartographer|127|Adventure',
  'Static Bloom|96|Thriller',
  'Long Way Round|141|Drama',
].map((line) => {
  const [title, minutes, genre] = line.split('|') as [string, string, string];
  return { title, description: `${title}: a film for the benchmark.`, duration_minutes: Number(minutes), genre, rating: 'PG-13' };
});

function halls(rush: BenchOptions['rushHall']): HallBody[] {
  const list: HallBody[] = [
    {
      name: 'Premiere Hall',
      rows: 20,
      seats_per_row: 25,
      categories: [
        { name: 'front', from_row: 1, to_row: 3, price_factor: 0.8 },
        { name: 'premium', from_row: 12, to_row: 17, price_factor: 1.3 },
        { name: 'recliner', from_row: 18, to_row: 20, price_factor: 1.6 },
      ],
    },
    {
      name: 'Grand Hall',
      rows: 12,
      seats_per_row: 18,
      categories: [{ name: 'premium', from_row: 7, to_row: 10, price_factor: 1.3 }],
    },
    { name: 'Studio 2', rows: 10, seats_per_row: 14, categories: [] },
    {
      name: 'Studio 3',
      rows: 8,
      seats_per_row: 12,
      categories: [{ name: 'premium', from_row: 5, to_row: 8, price_factor: 1.2 }],
    },
    { name: 'Screening Room', rows: 5, seats_per_row: 8, categories: [] },
  ];
  if (rush.rows * rush.seatsPerRow !== 500) list.push({ name: 'Smoke Hall', rows: rush.rows, seats_per_row: rush.seatsPerRow });
  return list;
}

async function insertBuyers(db: Db, count: number): Promise<{ id: number; email: string }[]> {
  const hash = await hashPassword(BENCH_PASSWORD);
  const now = Date.now();
  const out: { id: number; email: string }[] = [];
  for (let i = 0; i < count; i += 200) {
    const rows = Array.from({ length: Math.min(200, count - i) }, (_, j) => ({
      email: `buyer${i + j + 1}@bench.example`,
      password_hash: hash,
      full_name: `Buyer ${i + j + 1}`,
      role: 'user' as const,
      is_active: 1,
      created_at: now,
    }));
    out.push(...(await db.kysely.insertInto('users').values(rows).returning(['id', 'email']).execute()));
  }
  return out.sort((a, b) => a.id - b.id);
}

/**
 * Bookings made straight in the database: groups of 1–4 neighbouring seats, paid (and, with
 * `heldShare`, some still pending), so listings and seat maps carry a realistic mix.
 */
async function fillShowtime(db: Db, eventId: number, share: number, heldShare: number, userIds: number[], rand: () => number) {
  const seats = await db.kysely
    .selectFrom('seats')
    .select(['id', 'row_index', 'number', 'label', 'price'])
    .where('event_id', '=', eventId)
    .orderBy('row_index')
    .orderBy('number')
    .execute();
  const now = Date.now();
  const groups: { seats: typeof seats; held: boolean }[] = [];
  for (let i = 0; i < seats.length; ) {
    const size = 1 + Math.floor(rand() * 4);
    const group = seats.slice(i, i + size).filter((s) => s.row_index === seats[i]?.row_index);
    if (rand() < share) groups.push({ seats: group, held: rand() < heldShare / share });
    i += group.length;
  }
  if (groups.length === 0) return 0;
  await db.transaction(async (trx) => {
    const refs = groups.map(() => `SEED${randomBytes(6).toString('hex').toUpperCase()}`);
    for (let i = 0; i < groups.length; i += 200) {
      await trx
        .insertInto('bookings')
        .values(
          groups.slice(i, i + 200).map((g, j) => ({
            reference: refs[i + j] as string,
            user_id: userIds[Math.floor(rand() * userIds.length)] as number,
            event_id: eventId,
            status: g.held ? ('pending' as const) : ('confirmed' as const),
            total_amount: g.seats.reduce((sum, s) => sum + s.price, 0),
            currency: 'USD',
            expires_at: g.held ? now + 6 * HOUR : now,
            created_at: now,
            paid_at: g.held ? null : now,
            payment_id: g.held ? null : 'seed',
          })),
        )
        .execute();
    }
    const ids = new Map(
      (await trx.selectFrom('bookings').select(['id', 'reference']).where('event_id', '=', eventId).execute()).map((b) => [
        b.reference,
        b.id,
      ]),
    );
    const links = groups.flatMap((g, i) =>
      g.seats.map((s) => ({ booking_id: ids.get(refs[i] as string) as number, seat_id: s.id, label: s.label, price: s.price })),
    );
    for (let i = 0; i < links.length; i += 200)
      await trx
        .insertInto('booking_seats')
        .values(links.slice(i, i + 200))
        .execute();
    for (const [i, g] of groups.entries()) {
      await trx
        .updateTable('seats')
        .set({
          status: g.held ? 'held' : 'booked',
          booking_id: ids.get(refs[i] as string) as number,
          hold_expires_at: g.held ? now + 6 * HOUR : null,
        })
        .where(
          'id',
          'in',
          g.seats.map((s) => s.id),
        )
        .execute();
    }
  });
  return groups.length;
}

/** A fresh, migrated database with the catalogue, the buyers (and their tokens) and the bookings. */
export async function seed(databaseUrl: string, options: BenchOptions): Promise<Seeded> {
  const db = openDatabase(databaseUrl);
  try {
    await migrateToLatest(db);
    const deps = offlineDeps(benchConfig(databaseUrl), db);
    const admin = adminService(deps);
    const auth = authService(deps);
    const rand = prng(42);

    const movieIds: number[] = [];
    for (const movie of MOVIES) movieIds.push((await admin.createMovie(movie)).id);
    const hallList = halls(options.rushHall);
    const hallIds: number[] = [];
    for (const hall of hallList) hallIds.push((await admin.createHall(hall)).id);
    const premiereHall = hallIds[0] as number;
    const rushHall = hallIds[hallList.length === 6 ? 5 : 0] as number;

    const firstDay = Math.floor(Date.now() / DAY) * DAY + DAY;
    const users = await insertBuyers(db, options.buyers);
    const userIds = users.map((u) => u.id);
    const special = new Map<string, number>();
    let showtimes = 0;
    let seats = 0;
    let bookings = 0;
    for (let day = 0; day < options.catalogueDays; day++) {
      for (const [h, hallId] of hallIds.entries()) {
        if (hallId === rushHall && rushHall !== premiereHall) continue;
        for (const [s, hour] of STARTS.entries()) {
          const event = await admin.createEvent({
            movie_id: movieIds[(day + h * 3 + s) % movieIds.length] as number,
            hall_id: hallId,
            start_time: new Date(firstDay + day * DAY + hour * HOUR).toISOString(),
            price: 12 + (hour >= 19 ? 3 : 0) + (h === 0 ? 2 : 0),
          });
          showtimes += 1;
          seats += event.total_seats;
          if (day === 0 && hallId === premiereHall) {
            // Day one in the Premiere Hall: the showtimes the scenarios use, left empty but the first.
            const role = ['read', 'rush', 'rushReference', 'fanOut'][s] as string;
            special.set(role, event.id);
            if (role === 'read') bookings += await fillShowtime(db, event.id, 0.45, 0.05, userIds, rand);
            continue;
          }
          if (day === 0 && h === 1 && s === 0) {
            // The Grand Hall's first show: where the rush warms the service up, so it stays emptier.
            special.set('warmUp', event.id);
            bookings += await fillShowtime(db, event.id, 0.2, 0, userIds, rand);
            continue;
          }
          // Busy: the nearer the day, the fuller the hall.
          bookings += await fillShowtime(db, event.id, Math.max(0.1, 0.6 - day * 0.08), 0.02, userIds, rand);
        }
      }
    }
    if (rushHall !== premiereHall) {
      for (const [s, role] of ['rush', 'rushReference'].entries()) {
        const event = await admin.createEvent({
          movie_id: movieIds[0] as number,
          hall_id: rushHall,
          start_time: new Date(firstDay + (STARTS[s] as number) * HOUR).toISOString(),
          price: 15,
        });
        special.set(role, event.id);
        showtimes += 1;
        seats += event.total_seats;
      }
    }
    return {
      readEventId: special.get('read') as number,
      warmUpEventId: special.get('warmUp') as number,
      rushEventId: special.get('rush') as number,
      rushReferenceEventId: special.get('rushReference') as number,
      fanOutEventId: special.get('fanOut') as number,
      showtimes,
      seats,
      bookings,
      buyers: users.map((u) => ({ ...u, token: auth.issueToken(u.id, 'user') })),
      password: BENCH_PASSWORD,
    };
  } finally {
    await db.close();
  }
}
