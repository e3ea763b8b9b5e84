import type { SeatBoard } from './seat-board.js';
import { percentile, prng, round } from './stats.js';

export type HoldOutcome =
  | { kind: 'held'; seatIds: number[] }
  | { kind: 'taken'; seatIds: number[] }
  | { kind: 'failed'; status: number; detail: string };

export type CrowdStats = {
  buyers: number;
  holdAttempts: number;
  holdsWon: number;
  conflicts: number;
  failures: { status: number; detail: string }[];
  /** Hold attempts answered (won or 409) per second, first hold sent to last hold answered. */
  holdsPerSec: number;
  holdP50: number;
  holdP99: number;
  /** From the first hold sent until every seat was sold (or held, when there is no payment step). */
  sellOutSec: number | null;
  seatsSold: number;
  elapsedSec: number;
  /** The five slowest holds: when they were sent (s after the start) and what they took (ms). */
  slowest: { atSec: number; ms: number }[];
};

const ATTEMPTS_PER_BUYER = 3;

/** How many seats each buyer wants, 1 to 4: the same for every run and for the reference. */
export const groupSizes = (buyers: number) => {
  const rand = prng(7);
  return Array.from({ length: buyers }, () => 1 + Math.floor(rand() * 4));
};

/**
 * Buyers arrive `concurrency` at a time. Each asks for its seats (retrying with other seats, up
 * to three tries, while some are believed free) and, when it wins, completes the purchase with
 * `complete`. A buyer arriving after the sell-out still tries once, as a real one would.
 */
export async function runCrowd(options: {
  sizes: number[];
  concurrency: number;
  board: SeatBoard;
  totalSeats: number;
  hold: (buyer: number, seatIds: number[]) => Promise<HoldOutcome>;
  /** Pays for a won hold; returns the seats sold, or a failure. */
  complete?: (
    buyer: number,
    seatIds: number[],
  ) => Promise<{ ok: true; seats: number } | { ok: false; status: number; detail: string }>;
}): Promise<CrowdStats> {
  const { sizes, board } = options;
  const latencies: number[] = [];
  const timeline: { atSec: number; ms: number }[] = [];
  const failures: { status: number; detail: string }[] = [];
  let next = 0;
  let attempts = 0;
  let won = 0;
  let conflicts = 0;
  let sold = 0;
  let soldOutAt: number | null = null;
  let lastHoldAt = 0;
  const started = performance.now();

  const sell = (seats: number) => {
    sold += seats;
    if (soldOutAt === null && sold >= options.totalSeats) soldOutAt = performance.now();
  };

  async function buyer(b: number) {
    for (let attempt = 0; attempt < ATTEMPTS_PER_BUYER; attempt++) {
      const seatIds = board.pick(sizes[b] as number);
      const believedFree = board.freeCount > 0;
      const t0 = performance.now();
      const outcome = await options.hold(b, seatIds);
      lastHoldAt = performance.now();
      latencies.push(lastHoldAt - t0);
      timeline.push({ atSec: round((t0 - started) / 1000, 2), ms: round(lastHoldAt - t0) });
      attempts += 1;
      if (outcome.kind === 'failed') {
        failures.push({ status: outcome.status, detail: outcome.detail });
        return;
      }
      board.take(outcome.seatIds);
      if (outcome.kind === 'held') {
        won += 1;
        if (!options.complete) return sell(outcome.seatIds.length);
        const paid = await options.complete(b, outcome.seatIds);
        if (paid.ok) sell(paid.seats);
        else failures.push({ status: paid.status, detail: paid.detail });
        return;
      }
      conflicts += 1;
      if (!believedFree || board.freeCount === 0) return;
    }
  }

  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < sizes.length) await buyer(next++);
    }),
  );
  const window = (lastHoldAt - started) / 1000;
  return {
    buyers: sizes.length,
    holdAttempts: attempts,
    holdsWon: won,
    conflicts,
    failures,
    holdsPerSec: round(attempts / window),
    holdP50: round(percentile(latencies, 50), 2),
    holdP99: round(percentile(latencies, 99), 2),
    sellOutSec: soldOutAt === null ? null : round((soldOutAt - started) / 1000, 2),
    seatsSold: sold,
    elapsedSec: round((performance.now() - started) / 1000, 2),
    slowest: timeline.sort((a, b) => b.ms - a.ms).slice(0, 5),
  };
}
