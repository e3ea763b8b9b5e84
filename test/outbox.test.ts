import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTBOX_LEASE_MS } from '../src/core/outbox.js';
import { enqueueEffects, outboxStore } from '../src/db/stores/outbox-store.js';
import { outboxWorker } from '../src/services/outbox-worker.js';
import { freshDatabase, type TestDatabase, testDialect } from './helpers/database.js';

/**
 * The transactional outbox on a real database: effects are delivered at least once, in order per
 * topic, retried with backoff; several workers share the work without delivering one effect twice
 * at once; a worker that died mid-delivery leaves its effects to the others once its lease ends.
 */

const quiet = { warn: () => {}, error: () => {} };
let database: TestDatabase;
let now = 1_000_000;
const clock = () => now;

beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database.drop();
});

async function reset() {
  await database.db.kysely.deleteFrom('outbox').execute();
}

async function enqueue(effects: { topic: string; kind: string; payload: unknown }[]) {
  await database.db.transaction((trx) => enqueueEffects(trx, effects, now));
}

describe(`outbox (${testDialect()})`, () => {
  it('writes nothing when the transaction that wrote effects rolls back', async () => {
    await reset();
    await expect(
      database.db.transaction(async (trx) => {
        await enqueueEffects(trx, [{ topic: 't', kind: 'k', payload: {} }], now);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await outboxStore(database.db).waiting()).toEqual([]);
  });

  it('delivers in order per topic; a failing effect waits with its reason, holds back only its own topic, and is retried after its backoff', async () => {
    await reset();
    const seen: string[] = [];
    let failA2 = true;
    await enqueue([
      { topic: 'a', kind: 'note', payload: 'a1' },
      { topic: 'b', kind: 'note', payload: 'b1' },
      { topic: 'a', kind: 'note', payload: 'a2' },
      { topic: 'a', kind: 'note', payload: 'a3' },
      { topic: 'b', kind: 'note', payload: 'b2' },
    ]);
    const worker = outboxWorker({
      db: database.db,
      now: clock,
      log: quiet,
      handlers: {
        note: async (payload) => {
          if (payload === 'a2' && failA2) throw new Error('mail server down');
          seen.push(payload as string);
        },
      },
    });
    await worker.flush();
    expect(seen.filter((s) => s.startsWith('b'))).toEqual(['b1', 'b2']);
    expect(seen.filter((s) => s.startsWith('a'))).toEqual(['a1']);
    const waiting = await outboxStore(database.db).waiting();
    expect(waiting.map((w) => JSON.parse(w.payload))).toEqual(['a2', 'a3']);
    expect(waiting[0]).toMatchObject({ attempts: 1, last_error: 'Error: mail server down', available_at: now + 2000 });
    expect(waiting[1]).toMatchObject({ attempts: 0, last_error: null });

    // Not before its backoff, even when asked.
    failA2 = false;
    await worker.flush();
    expect(seen).toHaveLength(3);
    now += 2000;
    await worker.flush();
    expect(seen.filter((s) => s.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(await outboxStore(database.db).waiting()).toEqual([]);
  });

  it('keeps an effect of a kind nobody handles, saying so', async () => {
    await reset();
    await enqueue([{ topic: 'x', kind: 'unknown.kind', payload: {} }]);
    await outboxWorker({ db: database.db, now: clock, log: quiet, handlers: {} }).flush();
    const [row] = await outboxStore(database.db).waiting();
    expect(row?.last_error).toMatch(/no handler for outbox effects of kind unknown\.kind/);
  });

  it('two workers racing over 400 effects deliver each exactly once, in order within every topic', async () => {
    await reset();
    const TOPICS = 40;
    const PER_TOPIC = 10;
    const effects = [];
    for (let n = 0; n < PER_TOPIC; n++) {
      for (let t = 0; t < TOPICS; t++) effects.push({ topic: `topic-${t}`, kind: 'step', payload: { t, n } });
    }
    await enqueue(effects);
    const delivered: { t: number; n: number; by: string }[] = [];
    const inFlight = new Set<string>();
    let overlaps = 0;
    const makeWorker = (name: string) =>
      outboxWorker({
        db: database.db,
        now: clock,
        log: quiet,
        batch: 10,
        handlers: {
          step: async (payload) => {
            const { t, n } = payload as { t: number; n: number };
            const key = `${t}:${n}`;
            if (inFlight.has(key)) overlaps += 1;
            inFlight.add(key);
            await new Promise((resolve) => setTimeout(resolve, Math.random() * 3));
            inFlight.delete(key);
            delivered.push({ t, n, by: name });
          },
        },
      });
    const one = makeWorker('one');
    const two = makeWorker('two');
    // Each worker keeps draining until nothing is left for it.
    await Promise.all([one.flush(), two.flush(), one.flush(), two.flush()]);
    await one.flush();
    expect(overlaps).toBe(0);
    expect(delivered).toHaveLength(TOPICS * PER_TOPIC);
    expect(new Set(delivered.map((d) => `${d.t}:${d.n}`)).size).toBe(TOPICS * PER_TOPIC);
    for (let t = 0; t < TOPICS; t++) {
      expect(delivered.filter((d) => d.t === t).map((d) => d.n)).toEqual([...Array(PER_TOPIC).keys()]);
    }
    expect(new Set(delivered.map((d) => d.by)).size).toBe(2);
  });

  it('gives the effects of a worker that died mid-delivery to another once the lease ends', async () => {
    await reset();
    await enqueue([{ topic: 'lease', kind: 'note', payload: 'once' }]);
    const store = outboxStore(database.db);
    // A worker claims it and dies before marking it delivered.
    expect(await store.claim(now, 10)).toHaveLength(1);
    const seen: unknown[] = [];
    const survivor = outboxWorker({
      db: database.db,
      now: clock,
      log: quiet,
      handlers: { note: async (p) => void seen.push(p) },
    });
    await survivor.flush();
    expect(seen).toEqual([]);
    now += OUTBOX_LEASE_MS;
    await survivor.flush();
    expect(seen).toEqual(['once']);
  });

  it('gives up on a handler that hangs, keeping the row for a retry with the reason', async () => {
    await reset();
    await enqueue([{ topic: 'slow', kind: 'hang', payload: 1 }]);
    const worker = outboxWorker({
      db: database.db,
      now: clock,
      log: quiet,
      handlerTimeoutMs: 50,
      handlers: { hang: () => new Promise<void>(() => {}) },
    });
    await worker.flush();
    const [row] = await outboxStore(database.db).waiting();
    expect(row).toMatchObject({ attempts: 1, claimed_until: null });
    expect(row?.last_error).toMatch(/gave up after 50 ms/);
  });

  it('purges delivered rows after a day, never waiting ones', async () => {
    await reset();
    await enqueue([
      { topic: 'p', kind: 'note', payload: 1 },
      { topic: 'q', kind: 'broken', payload: 2 },
    ]);
    await outboxWorker({ db: database.db, now: clock, log: quiet, handlers: { note: async () => {} } }).flush();
    const store = outboxStore(database.db);
    expect(await store.purgeDelivered(now + 60_000)).toBe(0);
    expect(await store.purgeDelivered(now + 25 * 3_600_000)).toBe(1);
    expect((await store.waiting()).map((w) => w.kind)).toEqual(['broken']);
  });
});
