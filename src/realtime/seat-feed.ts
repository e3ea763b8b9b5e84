import { sql } from 'kysely';
import pg from 'pg';
import { DATABASE_TIMEOUTS, type Db } from '../db/database.js';
import type { SeatBus, SeatChange } from './seat-bus.js';

/** Where services announce committed seat changes. Streams always read from the local bus. */
export type SeatFeed = {
  publish(eventId: number, changes: SeatChange[]): void;
  close(): Promise<void>;
};

/** One process: a change goes straight to this process's streams. */
export function localSeatFeed(bus: SeatBus): SeatFeed {
  return { publish: (eventId, changes) => bus.publish(eventId, changes), close: async () => {} };
}

type Log = { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };

// NOTIFY payloads are capped at 8000 bytes; a change is at most ~40 bytes of JSON.
const CHANGES_PER_NOTIFY = 150;

/**
 * Several instances on one PostgreSQL database: every instance LISTENs on one channel and a change
 * is NOTIFYed to all of them (itself included), so a browser streaming from instance B sees a
 * hold made on instance A. No broker beyond the database itself.
 */
export async function postgresSeatFeed(options: { bus: SeatBus; db: Db; log: Log }): Promise<SeatFeed> {
  const { bus, db, log } = options;
  // One channel per schema, so instances of different deployments (or test files) sharing a
  // database never hear each other.
  const channel = `bookmemovie_seats_${db.schema ?? 'public'}`;
  let listener: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  async function listen(): Promise<void> {
    // Bounded connect (and TCP keep-alive): a server that accepts and never answers must not
    // leave the listener waiting for ever, or live updates would not come back with the database.
    const client = new pg.Client({
      connectionString: db.url,
      connectionTimeoutMillis: DATABASE_TIMEOUTS.pgConnectMs,
      keepAlive: true,
    });
    client.on('notification', (message) => {
      if (message.channel !== channel || !message.payload) return;
      try {
        const { e, c } = JSON.parse(message.payload) as { e: number; c: SeatChange[] };
        bus.publish(e, c);
      } catch (error) {
        log.warn({ err: error }, 'ignored a malformed seat notification');
      }
    });
    const reconnect = (error?: Error) => {
      if (closed || listener !== client) return;
      listener = null;
      log.warn({ err: error }, 'seat notification listener lost its connection; reconnecting');
      client.end().catch(() => {});
      retry = setTimeout(() => void listen().catch(() => reconnect()), 1000);
      retry.unref();
    };
    client.on('error', reconnect);
    client.on('end', () => reconnect());
    listener = client;
    await client.connect();
    await client.query(`listen ${pg.escapeIdentifier(channel)}`);
  }

  await listen();

  return {
    publish(eventId, changes) {
      // This instance's caches must not serve the old state while the notification travels.
      bus.touch(eventId);
      for (let i = 0; i < changes.length; i += CHANGES_PER_NOTIFY) {
        const payload = JSON.stringify({ e: eventId, c: changes.slice(i, i + CHANGES_PER_NOTIFY) });
        sql`select pg_notify(${channel}, ${payload})`.execute(db.kysely).catch((error: unknown) => {
          log.warn({ err: error }, 'could not announce a seat change');
        });
      }
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const client = listener;
      listener = null;
      await client?.end().catch(() => {});
    },
  };
}
