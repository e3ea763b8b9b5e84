import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { PaymentProvider } from '../payments/payment-provider.js';
import type { SeatBus } from '../realtime/seat-bus.js';
import type { Clock } from './clock.js';

/** Everything the service needs from the outside world, passed in so tests can swap any of it. */
export type Deps = {
  config: Config;
  db: Db;
  clock: Clock;
  bus: SeatBus;
  payments: PaymentProvider;
  randomBytes: (size: number) => Uint8Array;
};
