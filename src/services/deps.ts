import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { PaymentProvider } from '../payments/payment-provider.js';
import type { SeatBus } from '../realtime/seat-bus.js';
import type { SeatFeed } from '../realtime/seat-feed.js';
import type { Clock } from './clock.js';
import type { RateCounter } from './rate-counter.js';

type Count = { inc(amount?: number): void };

/** How a confirm-payment call ended; `hold_expired` was charged after its hold ran out and refunded. */
export type PaymentOutcome = 'approved' | 'declined' | 'provider_error' | 'hold_expired';

/** What /metrics counts, bumped after the change has committed so a rolled-back one never counts. */
export type DomainMetrics = {
  holds: Count;
  payments: { inc(labels: { outcome: PaymentOutcome }): void };
  cancellations: Count;
  holdExpiries: Count;
  seatStreams: { inc(): void; dec(): void };
};

/** Everything the service needs from the outside world, passed in so tests can swap any of it. */
export type Deps = {
  config: Config;
  db: Db;
  clock: Clock;
  /** This process's live seat streams subscribe here. */
  bus: SeatBus;
  /** Committed seat changes are announced here; it reaches the bus of every instance. */
  feed: SeatFeed;
  payments: PaymentProvider;
  randomBytes: (size: number) => Uint8Array;
  /** Every rate limit counts here, shared by all instances (database or Redis): see rate-counter.ts. */
  rateCounter: RateCounter;
  /** Absent in tools and tests that build services without the server. */
  metrics?: DomainMetrics;
  /** Woken after a commit that recorded effects; absent where no worker runs (CLI tools deliver nothing). */
  outbox?: { kick(): void };
};
