import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database.js';
import { simulatedCardProcessor } from '../src/payments/simulated-card-processor.js';
import { buildApp } from '../src/server/app.js';
import { hashPassword } from '../src/services/passwords.js';
import { freshDatabase, type TestDatabase, testDialect } from './helpers/database.js';
import { APPROVED_CARD, testConfig } from './helpers/test-app.js';

type Instance = Awaited<ReturnType<typeof buildApp>> & { base: string };
// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary response shapes
const json = (r: Response) => r.json() as Promise<any>;

/** Reads one SSE stream and resolves when `match` sees a message. */
async function waitForSeatMessage(
  url: string,
  match: (data: { seat_id: number; status: string }) => boolean,
  start: () => Promise<void>,
) {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let started = false;
  const deadline = Date.now() + 5000;
  try {
    while (Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.+)$/m.exec(frame)?.[1];
        const data = /^data: (.+)$/m.exec(frame)?.[1];
        if (event === 'snapshot' && !started) {
          started = true;
          void start();
        }
        if (event === 'seat' && data && match(JSON.parse(data))) return Date.now();
        end = buffer.indexOf('\n\n');
      }
    }
    throw new Error('no matching seat message within 5 s');
  } finally {
    controller.abort();
  }
}

describe.skipIf(testDialect() !== 'postgres')('two instances on one PostgreSQL database', () => {
  let database: TestDatabase;
  const instances: Instance[] = [];
  const tokens: string[] = [];
  let eventId = 0;
  let seatIds: number[] = [];

  beforeAll(async () => {
    database = await freshDatabase();
    for (let i = 0; i < 2; i++) {
      // Each instance has its own pool and its own notification listener, as separate processes would.
      const db = openDatabase(database.url, { schema: database.schema, poolSize: 10 });
      const built = await buildApp({
        config: testConfig(),
        db,
        logger: false,
        migrate: false,
        payments: simulatedCardProcessor(),
        sweepIntervalMs: 200,
      });
      await built.app.listen({ port: 0, host: '127.0.0.1' });
      const address = built.app.server.address() as { port: number };
      instances.push({ ...built, base: `http://127.0.0.1:${address.port}` });
    }
    const [a] = instances as [Instance];
    const hash = await hashPassword('correct-horse-battery');
    const users = await database.db.kysely
      .insertInto('users')
      .values(
        Array.from({ length: 120 }, (_, i) => ({
          email: `buyer${i}@example.com`,
          password_hash: hash,
          full_name: `Buyer ${i}`,
          role: 'user' as const,
          is_active: 1,
          created_at: Date.now(),
        })),
      )
      .returning(['id'])
      .execute();
    for (const u of users) tokens.push(a.services.auth.issueToken(u.id, 'user'));
    const admin = await database.db.kysely
      .insertInto('users')
      .values({
        email: 'admin@example.com',
        password_hash: hash,
        full_name: 'Admin',
        role: 'admin',
        is_active: 1,
        created_at: Date.now(),
      })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    const adminToken = a.services.auth.issueToken(admin.id, 'admin');
    const post = (path: string, body: unknown) =>
      fetch(`${a.base}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(json);
    const movie = await post('/api/admin/movies', { title: 'Premiere', duration_minutes: 120 });
    const event = await post('/api/admin/events', {
      movie_id: movie.id,
      start_time: new Date(Date.now() + 86_400_000).toISOString(),
      total_seats: 30,
    });
    eventId = event.event_id;
    const seats = await fetch(`${a.base}/api/events/${eventId}/seats`).then(json);
    seatIds = seats.seats.map((s: { seat_id: number }) => s.seat_id);
  });

  afterAll(async () => {
    for (const instance of instances) await instance.app.close().catch(() => {});
    for (const instance of instances) await instance.deps.db.close().catch(() => {});
    await database.drop();
  });

  it('shows a hold made on instance A to a stream on instance B within a second', async () => {
    const [a, b] = instances as [Instance, Instance];
    const seat = seatIds[0] as number;
    let sentAt = 0;
    const receivedAt = await waitForSeatMessage(
      `${b.base}/api/events/${eventId}/seats/stream`,
      (m) => m.seat_id === seat && m.status === 'held',
      async () => {
        sentAt = Date.now();
        const r = await fetch(`${a.base}/api/book-seats`, {
          method: 'POST',
          headers: { authorization: `Bearer ${tokens[0]}`, 'content-type': 'application/json' },
          body: JSON.stringify({ seat_ids: [seat] }),
        });
        expect(r.status).toBe(201);
      },
    );
    expect(receivedAt - sentAt).toBeLessThan(1000);
  });

  it('never sells a seat twice when buyers spread over both instances race for the same seats', async () => {
    const free = seatIds.slice(1);
    const requests = tokens.slice(1, 101).map((token, i) => {
      const instance = instances[i % 2] as Instance;
      const start = (i * 7) % (free.length - 3);
      const wanted = free.slice(start, start + 1 + (i % 3));
      return fetch(`${instance.base}/api/book-seats`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ seat_ids: wanted }),
      }).then(async (r) => ({ status: r.status, body: await json(r), wanted, instance }));
    });
    const results = await Promise.all(requests);
    expect(results.filter((r) => r.status >= 500)).toEqual([]);
    expect(new Set(results.map((r) => r.status))).toEqual(new Set([201, 409]));
    const won = results.filter((r) => r.status === 201);
    const claimed = won.flatMap((r) => r.body.seat_ids as number[]);
    expect(new Set(claimed).size).toBe(claimed.length);

    const owners = await database.db.kysely
      .selectFrom('seats')
      .select(['id', 'booking_id', 'status'])
      .where('event_id', '=', eventId)
      .execute();
    for (const r of won) {
      const bookingIds = new Set(owners.filter((s) => (r.body.seat_ids as number[]).includes(s.id)).map((s) => s.booking_id));
      expect(bookingIds.size).toBe(1);
    }
    expect(owners.filter((s) => s.status === 'held').length).toBe(claimed.length + 1);

    // Pay for every winner on the other instance than the one that took the hold.
    const paid = await Promise.all(
      won.map((r) => {
        const other = instances.find((x) => x !== r.instance) as Instance;
        const token = tokens[results.indexOf(r) + 1];
        return fetch(`${other.base}/api/confirm-payment`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ booking_reference: r.body.booking_reference, payment: APPROVED_CARD }),
        }).then((x) => x.status);
      }),
    );
    expect(paid.every((s) => s === 200)).toBe(true);
  });

  it('loses nothing when one instance stops', async () => {
    const [a, b] = instances as [Instance, Instance];
    const before = await database.db.kysely.selectFrom('bookings').select(['reference', 'status']).orderBy('id').execute();
    await a.app.close();
    const mine = await fetch(`${b.base}/api/bookings`, { headers: { authorization: `Bearer ${tokens[0]}` } }).then((r) =>
      r.json(),
    );
    expect(mine).toHaveLength(1);
    const after = await database.db.kysely.selectFrom('bookings').select(['reference', 'status']).orderBy('id').execute();
    expect(after).toEqual(before);
    const seats = await fetch(`${b.base}/api/events/${eventId}/seats`).then(json);
    const sold = seats.seats.filter((s: { status: string }) => s.status === 'booked').length;
    const confirmed = await database.db.kysely
      .selectFrom('booking_seats as bs')
      .innerJoin('bookings as bk', 'bk.id', 'bs.booking_id')
      .select('bs.seat_id')
      .where('bk.status', '=', 'confirmed')
      .execute();
    expect(sold).toBe(confirmed.length);
  });
});
