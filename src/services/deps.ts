import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { PaymentProvider } from '../payments/payment-provider.js';
import type { SeatBus } from '../realtime/seat-bus.js';
import type { SeatFeed } from '../realtime/seat-feed.js';
import type { Clock } from './clock.js';

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
};
