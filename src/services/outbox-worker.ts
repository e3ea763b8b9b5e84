import { OUTBOX_BATCH, OUTBOX_HANDLER_TIMEOUT_MS, OUTBOX_PASS_BUDGET_MS, OUTBOX_POLL_MS } from '../core/outbox.js';
import type { Db } from '../db/database.js';
import { type OutboxRow, outboxStore } from '../db/stores/outbox-store.js';

/** Delivers one kind of effect; throws to have it retried later (with backoff). */
export type OutboxHandler = (payload: unknown) => Promise<void>;
export type OutboxHandlers = Record<string, OutboxHandler>;

type Log = { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };

/** Topics delivered side by side; one topic's effects always go one after another. */
const TOPICS_IN_PARALLEL = 8;
/** Delivered rows older than a day are purged about this often. */
const PURGE_EVERY_MS = 10 * 60 * 1000;
/**
 * A kick waits this long before a pass, and a pass that found work waits this long before the
 * next: under a rush each pass then takes many effects in one claim instead of the worker
 * looping on a few, which would queue its writes between the buyers' (seen as 2 s hold tails on
 * SQLite). Seat pushes are that much later, well inside what a person notices.
 */
export const OUTBOX_BATCH_WINDOW_MS = 20;

/**
 * Delivers the outbox at least once: an effect is marked delivered only after its handler
 * returned, so a crash in between delivers it again after restart (handlers are idempotent:
 * seat pushes restate a seat's status, emails keep one Message-ID, provider calls carry an
 * idempotency key). Kicked right after a commit that wrote effects, and polled for those written
 * by other instances or left behind by a crash.
 */
export function outboxWorker(options: {
  db: Db;
  now: () => number;
  handlers: OutboxHandlers;
  log: Log;
  batch?: number;
  /** Tests shorten these; real time, not the service clock. */
  handlerTimeoutMs?: number;
  passBudgetMs?: number;
}) {
  const store = outboxStore(options.db);
  const handlerTimeoutMs = options.handlerTimeoutMs ?? OUTBOX_HANDLER_TIMEOUT_MS;
  const passBudgetMs = options.passBudgetMs ?? OUTBOX_PASS_BUDGET_MS;
  const { handlers, log, now } = options;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = true;
  let timer: NodeJS.Timeout | undefined;
  let lastPurge = 0;

  /** A handler that neither returns nor throws in time has failed (its row is retried later). */
  async function withTimeout(work: Promise<void>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`gave up after ${handlerTimeoutMs} ms`)), handlerTimeoutMs);
    });
    try {
      await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async function deliverTopic(rows: OutboxRow[], delivered: number[], budgetEndsAt: number): Promise<void> {
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as OutboxRow;
      if (performance.now() > budgetEndsAt) {
        // Out of time for this pass: the rest go back, untried, in order.
        await store.release(rows.slice(i).map((r) => r.id));
        return;
      }
      try {
        const handler = handlers[row.kind];
        if (!handler) throw new Error(`no handler for outbox effects of kind ${row.kind}`);
        await withTimeout(handler(JSON.parse(row.payload)));
        delivered.push(row.id);
      } catch (error) {
        log.warn(
          { err: error, outbox_id: row.id, kind: row.kind, attempts: row.attempts + 1 },
          'outbox effect failed; will retry',
        );
        await store.markFailed(row, error, now());
        await store.release(rows.slice(i + 1).map((r) => r.id));
        return;
      }
    }
  }

  /** One pass: claim, deliver per topic in order, mark. Answers how many effects it took. */
  async function runOnce(): Promise<number> {
    const rows = await store.claim(now(), options.batch ?? OUTBOX_BATCH);
    if (rows.length === 0) return 0;
    const byTopic = new Map<string, OutboxRow[]>();
    for (const row of rows) {
      const list = byTopic.get(row.topic) ?? [];
      list.push(row);
      byTopic.set(row.topic, list);
    }
    const queue = [...byTopic.values()];
    const delivered: number[] = [];
    const budgetEndsAt = performance.now() + passBudgetMs;
    const lanes = Array.from({ length: Math.min(TOPICS_IN_PARALLEL, queue.length) }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) await deliverTopic(next, delivered, budgetEndsAt);
    });
    await Promise.all(lanes);
    await store.markDelivered(delivered, now());
    return rows.length;
  }

  const pause = () => new Promise((resolve) => setTimeout(resolve, OUTBOX_BATCH_WINDOW_MS));

  async function drain(): Promise<void> {
    await pause();
    do {
      again = false;
      try {
        while (!stopped && (await runOnce()) > 0) await pause();
        if (now() - lastPurge > PURGE_EVERY_MS) {
          lastPurge = now();
          await store.purgeDelivered(now());
        }
      } catch (error) {
        // The database is unreachable or busy: the poll tries again.
        log.warn({ err: error }, 'outbox delivery pass failed');
      }
    } while (again && !stopped);
  }

  function kick(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = drain().finally(() => {
      running = null;
    });
  }

  return {
    kick,
    /** Delivers everything due now, waiting for it (CLI tools, tests). */
    async flush(): Promise<void> {
      if (running) await running;
      while ((await runOnce()) > 0) {}
    },
    start(): void {
      if (!stopped) return;
      stopped = false;
      timer = setInterval(kick, OUTBOX_POLL_MS);
      timer.unref();
      kick();
    },
    async stop(): Promise<void> {
      stopped = true;
      clearInterval(timer);
      if (running) await running;
    },
  };
}

export type OutboxWorker = ReturnType<typeof outboxWorker>;
