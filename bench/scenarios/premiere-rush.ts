import { randomBytes } from 'node:crypto';
import { makeBookingReference } from '../../src/core/reference.js';
import { type Db, openDatabase } from '../../src/db/database.js';
import { bookingStore } from '../../src/db/stores/booking-store.js';
import type { ScenarioContext } from '../lib/context.js';
import { cpuWindow } from '../lib/cpu.js';
import { type CrowdStats, groupSizes, type HoldOutcome, runCrowd } from '../lib/crowd.js';
import { getJson, keepAlive, send } from '../lib/http.js';
import { HOLD_TTL_SECONDS, startService } from '../lib/processes.js';
import { ratioFigure, type ScenarioResult, valueFigure } from '../lib/report.js';
import { SeatBoard, type SeatSpot } from '../lib/seat-board.js';
import { prng } from '../lib/stats.js';

const CARD = { card_number: '4242 4242 4242 4242', exp_month: 12, exp_year: 2199, cvc: '123', cardholder_name: 'Bench Buyer' };

type SeatMap = { seats: { seat_id: number; row: string; number: number }[] };
const spots = (map: SeatMap): SeatSpot[] => map.seats.map((s) => ({ id: s.seat_id, row: s.row, number: s.number }));

/** After the rush: every seat of the showtime sold exactly once, to one confirmed booking, nothing left pending. */
export async function auditSellOut(db: Db, eventId: number) {
  const seats = await db.kysely
    .selectFrom('seats')
    .select(['id', 'status', 'booking_id'])
    .where('event_id', '=', eventId)
    .execute();
  const links = await db.kysely
    .selectFrom('booking_seats as bs')
    .innerJoin('bookings as b', 'b.id', 'bs.booking_id')
    .select(['bs.seat_id', 'b.id as booking_id'])
    .where('b.event_id', '=', eventId)
    .where('b.status', '=', 'confirmed')
    .execute();
  const pending = await db.kysely
    .selectFrom('bookings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('event_id', '=', eventId)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  const owners = new Map<number, number[]>();
  for (const link of links) owners.set(link.seat_id, [...(owners.get(link.seat_id) ?? []), link.booking_id]);
  let soldOnce = 0;
  let soldTwice = 0;
  let unsold = 0;
  for (const seat of seats) {
    const owner = owners.get(seat.id) ?? [];
    if (owner.length > 1) soldTwice += 1;
    else if (seat.status === 'booked' && owner.length === 1 && owner[0] === seat.booking_id) soldOnce += 1;
    else unsold += 1;
  }
  const pendingBookings = Number(pending.n);
  return {
    seats: seats.length,
    soldOnce,
    soldTwice,
    unsold,
    pendingBookings,
    clean: soldOnce === seats.length && pendingBookings === 0,
  };
}

/** 2,000 buyers over HTTP: hold (POST /api/book-seats), then pay (POST /api/confirm-payment). */
async function httpRush(ctx: ScenarioContext, base: string, board: SeatBoard, sizes: number[]) {
  const { seeded, options } = ctx;
  const agent = keepAlive(options.rushConcurrency);
  const references = new Map<number, string>();
  let status5xx = 0;
  const count5xx = (status: number) => {
    if (status >= 500) status5xx += 1;
  };
  const stats = await runCrowd({
    sizes,
    concurrency: options.rushConcurrency,
    board,
    totalSeats: board.seats.length,
    hold: async (b, seatIds): Promise<HoldOutcome> => {
      const buyer = seeded.buyers[b % seeded.buyers.length];
      const reply = await send(agent, base, 'POST', '/api/book-seats', {
        json: { seat_ids: seatIds, event_id: seeded.rushEventId },
        token: buyer?.token,
      });
      count5xx(reply.status);
      const body = JSON.parse(reply.body || '{}') as { seat_ids?: number[]; booking_reference?: string };
      if (reply.status === 201) {
        references.set(b, body.booking_reference as string);
        return { kind: 'held', seatIds: body.seat_ids ?? seatIds };
      }
      if (reply.status === 409) return { kind: 'taken', seatIds: body.seat_ids ?? [] };
      return { kind: 'failed', status: reply.status, detail: reply.body.slice(0, 200) };
    },
    complete: async (b) => {
      const buyer = seeded.buyers[b % seeded.buyers.length];
      const reply = await send(agent, base, 'POST', '/api/confirm-payment', {
        json: { booking_reference: references.get(b), payment: CARD },
        token: buyer?.token,
      });
      count5xx(reply.status);
      if (reply.status !== 200) return { ok: false, status: reply.status, detail: reply.body.slice(0, 200) };
      return { ok: true, seats: (JSON.parse(reply.body) as { seat_ids: number[] }).seat_ids.length };
    },
  });
  agent.destroy();
  return { stats, status5xx };
}

/**
 * The floor under any hold over HTTP: the same route, token and crowd, with a request the service
 * refuses right after authenticating it (no seats asked for: 422). What is left is HTTP, Fastify,
 * the token check with its user lookup, the body's validation and an error answer.
 */
async function httpFloor(ctx: ScenarioContext, base: string, requests: number) {
  const { seeded, options } = ctx;
  const agent = keepAlive(options.rushConcurrency);
  let next = 0;
  let refused = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.rushConcurrency }, async () => {
      while (next < requests) {
        const b = next++;
        const buyer = seeded.buyers[b % seeded.buyers.length];
        const reply = await send(agent, base, 'POST', '/api/book-seats', {
          json: { seat_ids: [], event_id: seeded.rushEventId },
          token: buyer?.token,
        });
        if (reply.status === 422) refused += 1;
      }
    }),
  );
  const sec = (performance.now() - started) / 1000;
  agent.destroy();
  return { perSec: Math.round(requests / sec), refused };
}

/** The reference: the same crowd running the store's hold transaction straight on the driver, no HTTP. */
async function driverRush(ctx: ScenarioContext, db: Db, board: SeatBoard, sizes: number[]): Promise<CrowdStats> {
  const store = bookingStore(db, { publicUrl: 'http://localhost' });
  const { seeded } = ctx;
  return runCrowd({
    sizes,
    concurrency: ctx.options.rushConcurrency,
    board,
    totalSeats: board.seats.length,
    hold: async (b, seatIds): Promise<HoldOutcome> => {
      const now = Date.now();
      try {
        const result = await store.holdSeats({
          reference: makeBookingReference(randomBytes),
          userId: (seeded.buyers[b % seeded.buyers.length] as { id: number }).id,
          eventId: seeded.rushReferenceEventId,
          seatIds,
          currency: 'USD',
          now,
          expiresAt: now + HOLD_TTL_SECONDS * 1000,
          actor: null,
        });
        if (result.ok) return { kind: 'held', seatIds: result.seats.map((s) => s.id) };
        if (result.code === 'SEATS_UNAVAILABLE') return { kind: 'taken', seatIds: result.seatIds };
        return { kind: 'failed', status: 0, detail: result.code };
      } catch (error) {
        return { kind: 'failed', status: 0, detail: String(error) };
      }
    },
  });
}

/**
 * Before the clock: both sides hold (and the service also sells) single seats of another showtime,
 * so neither the service's nor the driver's first requests of the process are what is timed.
 */
async function warmUp(ctx: ScenarioContext, base: string, db: Db | null, seatIds: number[]) {
  const { seeded } = ctx;
  const agent = keepAlive(10);
  const store = db ? bookingStore(db, { publicUrl: 'http://localhost' }) : null;
  let next = 0;
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (next < seatIds.length) {
        const i = next++;
        const buyer = seeded.buyers[seeded.buyers.length - 1 - i] as { id: number; token: string };
        const seatId = seatIds[i] as number;
        if (store) {
          const now = Date.now();
          await store.holdSeats({
            reference: makeBookingReference(randomBytes),
            userId: buyer.id,
            eventId: seeded.warmUpEventId,
            seatIds: [seatId],
            currency: 'USD',
            now,
            expiresAt: now + HOLD_TTL_SECONDS * 1000,
            actor: null,
          });
          continue;
        }
        const hold = await send(agent, base, 'POST', '/api/book-seats', { json: { seat_ids: [seatId] }, token: buyer.token });
        const reference = (JSON.parse(hold.body) as { booking_reference?: string }).booking_reference;
        if (reference) {
          await send(agent, base, 'POST', '/api/confirm-payment', {
            json: { booking_reference: reference, payment: CARD },
            token: buyer.token,
          });
        }
      }
    }),
  );
  agent.destroy();
}

/** 3. Premiere rush: time to sell out, holds/s and their latency, against the database's own limit. */
export async function premiereRushScenario(ctx: ScenarioContext): Promise<ScenarioResult> {
  const { seeded } = ctx;
  const sizes = groupSizes(ctx.options.buyers);
  const service = await startService({ databaseUrl: ctx.databaseUrl });
  let http: Awaited<ReturnType<typeof httpRush>>;
  let floor: Awaited<ReturnType<typeof httpFloor>>;
  let httpCpu: ReturnType<ReturnType<typeof cpuWindow>>;
  let referenceBoard: SeatBoard;
  let warmUpSeats: number[];
  try {
    const warm = await getJson<{ seats: { seat_id: number; status: string }[] }>(
      service.base,
      `/api/events/${seeded.warmUpEventId}/seats`,
    );
    warmUpSeats = warm.seats.filter((s) => s.status === 'available').map((s) => s.seat_id);
    const perSide = ctx.options.smoke ? 5 : 40;
    await warmUp(ctx, service.base, null, warmUpSeats.slice(0, perSide));
    warmUpSeats = warmUpSeats.slice(perSide, 2 * perSide);
    const board = new SeatBoard(spots(await getJson<SeatMap>(service.base, `/api/events/${seeded.rushEventId}/seats`)), prng(11));
    referenceBoard = new SeatBoard(
      spots(await getJson<SeatMap>(service.base, `/api/events/${seeded.rushReferenceEventId}/seats`)),
      prng(11),
    );
    ctx.log(`  ${sizes.length} buyers, ${ctx.options.rushConcurrency} at a time, for ${board.seats.length} seats over HTTP`);
    const end = cpuWindow(service.pids);
    http = await httpRush(ctx, service.base, board, sizes);
    httpCpu = end();
    floor = await httpFloor(ctx, service.base, http.stats.holdAttempts);
  } finally {
    // The reference runs with the service stopped, so nothing else touches the database.
    await service.stop();
  }

  const db = openDatabase(ctx.databaseUrl);
  try {
    ctx.log('  the same crowd straight on the driver (bookingStore.holdSeats)');
    await warmUp(ctx, '', db, warmUpSeats);
    const end = cpuWindow(() => []);
    const driver = await driverRush(ctx, db, referenceBoard, sizes);
    const driverCpu = end();
    const audit = await auditSellOut(db, seeded.rushEventId);
    const s = http.stats;
    const clean = audit.clean && s.seatsSold === audit.seats && s.failures.length === 0 && http.status5xx === 0;
    const sellOutSec = s.sellOutSec ?? s.elapsedSec;
    return {
      id: 'rush',
      title: 'Premiere rush',
      figures: [
        ratioFigure(
          {
            key: 'holdsPerSec',
            label: 'holds/s',
            unit: 'req/s',
            value: s.holdsPerSec,
            reference: driver.holdsPerSec,
            referenceLabel: 'same hold transaction on the driver',
          },
          { atLeast: 0.5, text: '≥ 0.50×' },
        ),
        valueFigure({
          key: 'holdP50',
          label: 'hold p50',
          unit: 'ms',
          value: s.holdP50,
          reference: driver.holdP50,
          referenceLabel: 'driver',
        }),
        valueFigure(
          {
            key: 'holdP99',
            label: 'hold p99',
            unit: 'ms',
            value: s.holdP99,
            reference: driver.holdP99,
            referenceLabel: 'driver',
          },
          { below: 250, text: '< 250 ms' },
        ),
        valueFigure({
          key: 'sellOut',
          label: 'time to sell out (hold + pay)',
          unit: 's',
          value: sellOutSec,
          reference: driver.sellOutSec ?? driver.elapsedSec,
          referenceLabel: 'driver, holds only',
        }),
        valueFigure({
          key: 'conflicts',
          label: '409s',
          unit: 'count',
          value: s.conflicts,
          reference: driver.conflicts,
          referenceLabel: 'driver',
        }),
        {
          ...valueFigure({
            key: 'audit',
            label: 'seats sold exactly once (of all)',
            unit: 'count',
            value: audit.soldOnce,
            reference: audit.seats,
          }),
          target: 'all, once',
          met: clean,
        },
        valueFigure({
          key: 'httpFloor',
          label: 'floor: same route refused after auth (422), req/s',
          unit: 'req/s',
          value: floor.perSec,
          reference: driver.holdsPerSec,
          referenceLabel: 'driver holds/s',
        }),
        valueFigure({ key: 'status5xx', label: '5xx responses', unit: 'count', value: http.status5xx }, { below: 1, text: '0' }),
      ],
      status5xx: http.status5xx,
      cpu: { service: httpCpu, reference: driverCpu },
      details: { audit: { ...audit, paidSeatsSeenByBuyers: s.seatsSold, clean }, http: s, driver, floor },
    };
  } finally {
    await db.close();
  }
}
