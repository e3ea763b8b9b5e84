import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testDialect } from './helpers/database.js';
import { APPROVED_CARD, createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * The live seat map over real sockets: Server-Sent Events read with fetch and a streaming reader.
 * Delivery is awaited with a deadline (never a fixed sleep); expiry is driven by the clock.
 */

const HOLD_TTL_MS = 600_000;
const DELIVERY_MS = 1_000;

type SseMessage = { id: string | undefined; event: string; data: string };
type SeatChange = { seat_id: number; status: 'available' | 'held' | 'booked' };
type Snapshot = { event_id: number; seats: SeatChange[] };
type User = Awaited<ReturnType<TestApp['makeUser']>>;

/** An SSE reader that follows the spec's framing: fields per line, a blank line ends a message. */
class SseStream {
  readonly messages: SseMessage[] = [];
  retry: number | undefined;
  comments = 0;
  ended = false;
  private cursor = 0;
  private wake: (() => void) | undefined;

  constructor(
    readonly response: Response,
    private readonly controller: AbortController,
  ) {
    void this.pump();
  }

  private async pump() {
    const body = this.response.body;
    if (!body) return;
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    let id: string | undefined;
    let event = '';
    let data: string[] = [];
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let newline = buffer.search(/\r\n|\r|\n/);
        while (newline >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + (buffer.startsWith('\r\n', newline) ? 2 : 1));
          if (line === '') {
            if (data.length > 0) this.messages.push({ id, event: event || 'message', data: data.join('\n') });
            event = '';
            data = [];
          } else if (line.startsWith(':')) {
            this.comments += 1;
          } else {
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (field === 'id') id = value;
            else if (field === 'event') event = value;
            else if (field === 'data') data.push(value);
            else if (field === 'retry') this.retry = Number(value);
          }
          newline = buffer.search(/\r\n|\r|\n/);
        }
        this.wake?.();
      }
    } catch {
      // Aborted by close(): the test is done with this stream.
    } finally {
      this.ended = true;
      this.wake?.();
    }
  }

  /** The next unread message, or a failure naming what was awaited once `timeoutMs` has passed. */
  async next(timeoutMs = DELIVERY_MS, what = 'a message'): Promise<SseMessage> {
    const deadline = Date.now() + timeoutMs;
    while (this.cursor >= this.messages.length) {
      const left = deadline - Date.now();
      if (left <= 0 || this.ended) throw new Error(`no ${what} within ${timeoutMs} ms (stream ended: ${this.ended})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
    return this.messages[this.cursor++] as SseMessage;
  }

  async nextSnapshot(): Promise<{ id: string; snapshot: Snapshot }> {
    const m = await this.next(DELIVERY_MS, 'snapshot');
    expect(m.event).toBe('snapshot');
    return { id: m.id as string, snapshot: JSON.parse(m.data) };
  }

  /** The next `count` messages, each of which must be a `seat` change. */
  async seatChanges(count: number): Promise<{ ids: string[]; changes: SeatChange[] }> {
    const ids: string[] = [];
    const changes: SeatChange[] = [];
    for (let i = 0; i < count; i++) {
      const m = await this.next(DELIVERY_MS, `seat change ${i + 1} of ${count}`);
      expect(m.event).toBe('seat');
      ids.push(m.id as string);
      changes.push(JSON.parse(m.data));
    }
    return { ids, changes };
  }

  get unread() {
    return this.messages.length - this.cursor;
  }

  close() {
    this.controller.abort();
  }
}

let t: TestApp;
let base: string;
let admin: User;
const open: SseStream[] = [];

async function api(method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const raw = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: responses are checked field by field
  return { status: res.status, headers: res.headers, body: (raw ? JSON.parse(raw) : undefined) as any, raw };
}

async function connect(eventId: number, options: { lastEventId?: string; query?: string } = {}): Promise<SseStream> {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/events/${eventId}/seats/stream${options.query ?? ''}`, {
    headers: {
      accept: 'text/event-stream',
      ...(options.lastEventId !== undefined ? { 'last-event-id': options.lastEventId } : {}),
    },
    signal: controller.signal,
  });
  const stream = new SseStream(response, controller);
  open.push(stream);
  return stream;
}

async function hold(user: User, eventId: number, seatIds: number[]) {
  const res = await api('POST', '/api/book-seats', user.token, { event_id: eventId, seat_ids: seatIds });
  expect(res.status, res.raw).toBe(201);
  return res.body.booking_reference as string;
}

const held = (seat_id: number): SeatChange => ({ seat_id, status: 'held' });
const available = (seat_id: number): SeatChange => ({ seat_id, status: 'available' });
const booked = (seat_id: number): SeatChange => ({ seat_id, status: 'booked' });

/** "<epoch>-<seq>" */
function parseId(id: string) {
  const match = /^([0-9a-f]+)-(\d+)$/.exec(id);
  expect(match, `id ${id}`).not.toBeNull();
  return { epoch: match?.[1] as string, seq: Number(match?.[2]) };
}

function expectIncreasing(ids: string[]) {
  const parsed = ids.map(parseId);
  for (let i = 1; i < parsed.length; i++) {
    expect(parsed[i]?.epoch).toBe(parsed[0]?.epoch);
    expect(parsed[i]?.seq).toBeGreaterThan(parsed[i - 1]?.seq as number);
  }
}

/**
 * Runs `action`, then waits (with a deadline) until this instance's bus has seen `count` changes
 * of the showtime. On PostgreSQL changes reach the bus by NOTIFY, a moment after the request has
 * answered; a test that connects or reconnects next must not race that delivery.
 */
async function settled<T>(eventId: number, count: number, action: () => Promise<T>): Promise<T> {
  let seen = 0;
  const off = t.deps.bus.subscribe(eventId, (messages) => {
    seen += messages.length;
  });
  try {
    const result = await action();
    const deadline = Date.now() + DELIVERY_MS;
    while (seen < count) {
      if (Date.now() > deadline) throw new Error(`only ${seen} of ${count} changes reached the bus`);
      await new Promise((r) => setTimeout(r, 5));
    }
    return result;
  } finally {
    off();
  }
}

/**
 * Waits, with a deadline, until the bus has exactly `count` listeners for a showtime. Counts are
 * taken relative to a baseline: parts of the service other than streams may listen too.
 */
async function expectListeners(eventId: number, count: number) {
  const deadline = Date.now() + DELIVERY_MS;
  while (t.deps.bus.listenerCount(eventId) !== count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  expect(t.deps.bus.listenerCount(eventId)).toBe(count);
}

async function start(options: { sweepIntervalMs?: number } = {}) {
  t = await createTestApp(options);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  admin = await t.makeUser('admin');
}

function closeStreams() {
  for (const s of open.splice(0)) s.close();
}

/**
 * Streams are closed by then. After an aborted fetch, undici opens a spare connection that never
 * carries a request, and server.close() would wait for the client to drop it (about 4 s), so it
 * is cut here. (That streams really end server-side is tested: 'drops its listener ...'.)
 */
async function stop() {
  closeStreams();
  t?.app.server.closeAllConnections();
  await t?.close();
}

describe(`seat stream (${testDialect()})`, () => {
  beforeAll(async () => start());
  afterEach(closeStreams);
  afterAll(stop);

  it('opens with a snapshot of every seat, as the seat map shows it', async () => {
    const { eventId, seatIds } = await t.makeShowtime(admin, { rows: 3, perRow: 4 });
    const buyer = await t.makeUser();
    await settled(eventId, 2, () => hold(buyer, eventId, [seatIds[0] as number, seatIds[5] as number]));

    const stream = await connect(eventId);
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(stream.response.headers.get('cache-control')).toContain('no-cache');

    const { id, snapshot } = await stream.nextSnapshot();
    expect(stream.retry).toBe(2000);
    expect(parseId(id).epoch).toBe(parseId(t.deps.bus.currentId()).epoch);
    expect(snapshot.event_id).toBe(eventId);
    expect(snapshot.seats).toHaveLength(12);
    expect(snapshot.seats.map((s) => s.seat_id).sort((a, b) => a - b)).toEqual([...seatIds].sort((a, b) => a - b));
    for (const s of snapshot.seats) {
      expect(s.status).toBe(s.seat_id === seatIds[0] || s.seat_id === seatIds[5] ? 'held' : 'available');
    }
    const map = await api('GET', `/api/events/${eventId}/seats`);
    expect(snapshot.seats).toEqual(map.body.seats.map((s: SeatChange) => ({ seat_id: s.seat_id, status: s.status })));
    expect(stream.unread).toBe(0);
  });

  it("pushes another user's hold, cancel and payment as seat messages within a second", async () => {
    const { eventId, seatIds } = await t.makeShowtime(admin, { totalSeats: 10 });
    const other = await t.makeShowtime(admin, { totalSeats: 5 });
    const [a, b, c] = seatIds as [number, number, number];
    const buyer = await t.makeUser();
    const rival = await t.makeUser();
    const stream = await connect(eventId);
    const { id: snapshotId } = await stream.nextSnapshot();

    let sent = Date.now();
    const reference = await hold(buyer, eventId, [b, a]);
    const first = await stream.seatChanges(2);
    expect(Date.now() - sent).toBeLessThan(DELIVERY_MS);
    expect(first.changes).toEqual([held(a), held(b)]);
    expectIncreasing([snapshotId, ...first.ids]);

    // A refused hold and a change on another showtime publish nothing here: the very next
    // message is the cancel's.
    const refused = await api('POST', '/api/book-seats', rival.token, { event_id: eventId, seat_ids: [a, c] });
    expect(refused.status).toBe(409);
    await hold(rival, other.eventId, [other.seatIds[0] as number]);
    sent = Date.now();
    const cancel = await api('POST', '/api/cancel-booking', buyer.token, { booking_reference: reference });
    expect(cancel.status, cancel.raw).toBe(200);
    const second = await stream.seatChanges(2);
    expect(Date.now() - sent).toBeLessThan(DELIVERY_MS);
    expect(second.changes).toEqual([available(a), available(b)]);

    const paid = await hold(rival, eventId, [c]);
    expect((await stream.seatChanges(1)).changes).toEqual([held(c)]);
    sent = Date.now();
    const confirm = await api('POST', '/api/confirm-payment', rival.token, { booking_reference: paid, payment: APPROVED_CARD });
    expect(confirm.status, confirm.raw).toBe(200);
    const third = await stream.seatChanges(1);
    expect(Date.now() - sent).toBeLessThan(DELIVERY_MS);
    expect(third.changes).toEqual([booked(c)]);
    expectIncreasing([snapshotId, ...first.ids, ...second.ids, ...third.ids]);
    expect(stream.unread).toBe(0);
  });

  it('every open stream of the showtime gets the change', async () => {
    const { eventId, seatIds } = await t.makeShowtime(admin, { totalSeats: 4 });
    const buyer = await t.makeUser();
    const baseline = t.deps.bus.listenerCount(eventId);
    const streams = await Promise.all([connect(eventId), connect(eventId), connect(eventId)]);
    for (const s of streams) await s.nextSnapshot();
    expect(t.deps.bus.listenerCount(eventId)).toBe(baseline + 3);
    await hold(buyer, eventId, [seatIds[1] as number]);
    const received = await Promise.all(streams.map((s) => s.seatChanges(1)));
    for (const r of received) expect(r).toEqual(received[0]);
    expect(received[0]?.changes).toEqual([held(seatIds[1] as number)]);
  });

  it('pushes an expired hold as available when it is released, without anyone reading the seat map', async () => {
    const { eventId, seatIds } = await t.makeShowtime(admin, { totalSeats: 6 });
    const [a, b] = seatIds as [number, number];
    const buyer = await t.makeUser();
    const stream = await connect(eventId);
    await stream.nextSnapshot();
    await hold(buyer, eventId, [a, b]);
    expect((await stream.seatChanges(2)).changes).toEqual([held(a), held(b)]);

    t.clock.advance(HOLD_TTL_MS - 1_000);
    expect(await t.services.bookings.releaseExpiredHolds()).toBe(0);
    t.clock.advance(2_000);
    // The count covers every showtime (earlier tests left holds elsewhere); ours are two of them.
    expect(await t.services.bookings.releaseExpiredHolds()).toBeGreaterThanOrEqual(2);
    const sent = Date.now();
    const released = await stream.seatChanges(2);
    expect(Date.now() - sent).toBeLessThan(DELIVERY_MS);
    expect(released.changes.sort((x, y) => x.seat_id - y.seat_id)).toEqual([available(a), available(b)]);
    const seats = await t.db.kysely.selectFrom('seats').select('status').where('event_id', '=', eventId).execute();
    expect(seats.map((s) => s.status)).toEqual(seatIds.map(() => 'available'));
    // A second sweep finds nothing more to announce.
    expect(await t.services.bookings.releaseExpiredHolds()).toBe(0);
    expect(stream.unread).toBe(0);
  });

  it('resumes from Last-Event-ID with only the missed messages, no snapshot', async () => {
    const { eventId, seatIds } = await t.makeShowtime(admin, { totalSeats: 8 });
    const other = await t.makeShowtime(admin, { totalSeats: 3 });
    const [a, b, c, d] = seatIds as [number, number, number, number];
    const buyer = await t.makeUser();

    const baseline = t.deps.bus.listenerCount(eventId);
    const first = await connect(eventId);
    await first.nextSnapshot();
    const reference = await hold(buyer, eventId, [a, b]);
    const seen = await first.seatChanges(2);
    const lastSeen = seen.ids[1] as string;
    first.close();
    await expectListeners(eventId, baseline);

    // While nobody listens: a cancel, a new hold, and noise on another showtime.
    await settled(eventId, 3, async () => {
      expect((await api('POST', '/api/cancel-booking', buyer.token, { booking_reference: reference })).status).toBe(200);
      await hold(buyer, other.eventId, [other.seatIds[0] as number]);
      await hold(buyer, eventId, [c]);
    });

    const resumed = await connect(eventId, { lastEventId: lastSeen });
    const missed = await resumed.seatChanges(3);
    expect(missed.changes).toEqual([available(a), available(b), held(c)]);
    expectIncreasing([lastSeen, ...missed.ids]);
    // Then it is live, with nothing (no snapshot, no repeat) in between.
    await hold(buyer, eventId, [d]);
    const live = await resumed.seatChanges(1);
    expect(live.changes).toEqual([held(d)]);
    expectIncreasing([...missed.ids, ...live.ids]);
    expect(resumed.unread).toBe(0);

    // The query parameter works like the header; resuming from the newest id replays nothing.
    resumed.close();
    const viaQuery = await connect(eventId, { query: `?last_event_id=${encodeURIComponent(missed.ids[0] as string)}` });
    expect((await viaQuery.seatChanges(3)).changes).toEqual([available(b), held(c), held(d)]);
    const upToDate = await connect(eventId, { lastEventId: live.ids[0] as string });
    await hold(buyer, eventId, [seatIds[4] as number]);
    expect((await upToDate.seatChanges(1)).changes).toEqual([held(seatIds[4] as number)]);
    expect((await viaQuery.seatChanges(1)).changes).toEqual([held(seatIds[4] as number)]);
  });

  it('resuming from the snapshot id replays every change since the snapshot', async () => {
    const { eventId, seatIds } = await t.makeShowtime(admin, { totalSeats: 4 });
    const buyer = await t.makeUser();
    const first = await connect(eventId);
    const { id } = await first.nextSnapshot();
    first.close();
    await settled(eventId, 1, () => hold(buyer, eventId, [seatIds[2] as number]));
    const resumed = await connect(eventId, { lastEventId: id });
    expect((await resumed.seatChanges(1)).changes).toEqual([held(seatIds[2] as number)]);
  });

  it('sends a fresh snapshot for an unknown, foreign, future or forgotten Last-Event-ID', async () => {
    const { eventId, seatIds } = await t.makeShowtime(admin, { totalSeats: 5 });
    const [a, b] = seatIds as [number, number];
    const buyer = await t.makeUser();
    const first = await connect(eventId);
    const { id: snapshotId } = await first.nextSnapshot();
    first.close();
    await settled(eventId, 1, () => hold(buyer, eventId, [a]));

    const { epoch, seq } = parseId(t.deps.bus.currentId());
    const foreignEpoch = epoch === 'deadbeef' ? 'cafebabe' : 'deadbeef';
    const lastIds = ['not-an-id', `${foreignEpoch}-${seq}`, `${foreignEpoch}-1`, `${epoch}-${seq + 1000}`];
    for (const lastEventId of lastIds) {
      const stream = await connect(eventId, { lastEventId });
      const { id, snapshot } = await stream.nextSnapshot();
      expect(parseId(id).epoch).toBe(epoch);
      expect(snapshot.event_id).toBe(eventId);
      expect(snapshot.seats).toHaveLength(5);
      expect(snapshot.seats.find((s) => s.seat_id === a)?.status).toBe('held');
      expect(snapshot.seats.filter((s) => s.status === 'held')).toHaveLength(1);
      stream.close();
    }

    // Once the replay buffer has moved past an id, its gap cannot be filled: snapshot again.
    // (The bus keeps 2000 messages per showtime; push that many harmless repeats of a free seat.)
    t.deps.bus.publish(
      eventId,
      Array.from({ length: 2001 }, () => available(b)),
    );
    const stale = await connect(eventId, { lastEventId: snapshotId });
    const { snapshot } = await stale.nextSnapshot();
    expect(snapshot.seats.find((s) => s.seat_id === a)?.status).toBe('held');
    await hold(buyer, eventId, [b]);
    expect((await stale.seatChanges(1)).changes).toEqual([held(b)]);
  });

  it('answers 404 JSON for an unknown showtime, and opens no stream', async () => {
    const baseline = t.deps.bus.listenerCount(987654);
    const res = await fetch(`${base}/api/events/987654/seats/stream`, { headers: { accept: 'text/event-stream' } });
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as { code?: unknown; detail?: unknown };
    expect(body.code).toBe('EVENT_NOT_FOUND');
    expect(typeof body.detail).toBe('string');
    expect(t.deps.bus.listenerCount(987654)).toBe(baseline);
  });

  it('drops its listener when the client goes away', async () => {
    const { eventId, seatIds } = await t.makeShowtime(admin, { totalSeats: 3 });
    const buyer = await t.makeUser();
    const baseline = t.deps.bus.listenerCount(eventId);
    const leaving = await connect(eventId);
    const staying = await connect(eventId);
    await leaving.nextSnapshot();
    await staying.nextSnapshot();
    expect(t.deps.bus.listenerCount(eventId)).toBe(baseline + 2);
    leaving.close();
    await expectListeners(eventId, baseline + 1);
    await hold(buyer, eventId, [seatIds[0] as number]);
    expect((await staying.seatChanges(1)).changes).toEqual([held(seatIds[0] as number)]);
    staying.close();
    await expectListeners(eventId, baseline);
  });
});

describe(`seat stream with the sweeper running (${testDialect()})`, () => {
  beforeAll(async () => start({ sweepIntervalMs: 100 }));
  afterEach(closeStreams);
  afterAll(stop);

  it('pushes expired holds as available within a second, with no manual release', async () => {
    const { eventId, seatIds } = await t.makeShowtime(admin, { totalSeats: 6 });
    const [a, b] = seatIds as [number, number];
    const buyer = await t.makeUser();
    const stream = await connect(eventId);
    await stream.nextSnapshot();
    const reference = await hold(buyer, eventId, [a, b]);
    expect((await stream.seatChanges(2)).changes).toEqual([held(a), held(b)]);

    t.clock.advance(HOLD_TTL_MS + 1_000);
    const released = await stream.seatChanges(2);
    expect(released.changes.sort((x, y) => x.seat_id - y.seat_id)).toEqual([available(a), available(b)]);

    const booking = await t.db.kysely
      .selectFrom('bookings')
      .select('status')
      .where('reference', '=', reference)
      .executeTakeFirst();
    expect(booking?.status).toBe('expired');
    const seats = await t.db.kysely
      .selectFrom('seats')
      .select(['status', 'booking_id'])
      .where('event_id', '=', eventId)
      .execute();
    expect(seats.every((s) => s.status === 'available' && s.booking_id === null)).toBe(true);
  });
});
