import { describe, expect, it } from 'vitest';
import { createSeatBus, type SeatMessage } from './seat-bus.js';

const held = (seat_id: number) => ({ seat_id, status: 'held' as const });
const available = (seat_id: number) => ({ seat_id, status: 'available' as const });
const changes = (messages: SeatMessage[] | null | undefined) => messages?.map((m) => m.change);

describe('createSeatBus', () => {
  it('delivers a publish to the listeners of that showtime only, in order, with increasing ids', () => {
    const bus = createSeatBus();
    const seenA: SeatMessage[] = [];
    const seenA2: SeatMessage[] = [];
    const seenB: SeatMessage[] = [];
    bus.subscribe(1, (m) => seenA.push(...m));
    bus.subscribe(1, (m) => seenA2.push(...m));
    bus.subscribe(2, (m) => seenB.push(...m));

    bus.publish(1, [held(10), held(11)]);
    bus.publish(2, [available(20)]);
    bus.publish(1, [available(10)]);

    expect(changes(seenA)).toEqual([held(10), held(11), available(10)]);
    expect(changes(seenA2)).toEqual(changes(seenA));
    expect(changes(seenB)).toEqual([available(20)]);

    const seqs = seenA.map((m) => m.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    const epoch = bus.currentId().split('-')[0];
    for (const m of [...seenA, ...seenB]) expect(m.id).toBe(`${epoch}-${m.seq}`);
    // The bus sequence is global, so showtime 2's message sits between showtime 1's.
    expect(seenB[0]?.seq).toBeGreaterThan(seenA[1]?.seq ?? Number.POSITIVE_INFINITY);
    expect(seenB[0]?.seq).toBeLessThan(seenA[2]?.seq ?? Number.NEGATIVE_INFINITY);
  });

  it('hands one batch per publish to a listener', () => {
    const bus = createSeatBus();
    const batches: number[] = [];
    bus.subscribe(1, (m) => batches.push(m.length));
    bus.publish(1, [held(1), held(2), held(3)]);
    bus.publish(1, [held(4)]);
    expect(batches).toEqual([3, 1]);
  });

  it('ignores an empty publish: no listener call, no sequence number used', () => {
    const bus = createSeatBus();
    let calls = 0;
    bus.subscribe(1, () => calls++);
    const before = bus.currentId();
    bus.publish(1, []);
    expect(calls).toBe(0);
    expect(bus.currentId()).toBe(before);
  });

  it('stops delivering after unsubscribe and forgets empty showtimes', () => {
    const bus = createSeatBus();
    const first: SeatMessage[] = [];
    const second: SeatMessage[] = [];
    const offFirst = bus.subscribe(7, (m) => first.push(...m));
    const offSecond = bus.subscribe(7, (m) => second.push(...m));
    expect(bus.listenerCount(7)).toBe(2);

    bus.publish(7, [held(1)]);
    offFirst();
    expect(bus.listenerCount(7)).toBe(1);
    bus.publish(7, [held(2)]);
    offSecond();
    expect(bus.listenerCount(7)).toBe(0);
    bus.publish(7, [held(3)]);

    expect(changes(first)).toEqual([held(1)]);
    expect(changes(second)).toEqual([held(1), held(2)]);
    // Unsubscribing twice does no harm and does not touch a later subscriber.
    offFirst();
    const third: SeatMessage[] = [];
    bus.subscribe(7, (m) => third.push(...m));
    offFirst();
    bus.publish(7, [held(4)]);
    expect(changes(third)).toEqual([held(4)]);
  });

  it('currentId names the last message published', () => {
    const bus = createSeatBus();
    const seen: SeatMessage[] = [];
    bus.subscribe(3, (m) => seen.push(...m));
    expect(bus.currentId()).toMatch(/^[0-9a-f]+-0$/);
    bus.publish(3, [held(1), held(2)]);
    expect(bus.currentId()).toBe(seen[1]?.id);
  });

  it('replays only what came after the given id, for that showtime', () => {
    const bus = createSeatBus();
    const seen: SeatMessage[] = [];
    bus.subscribe(1, (m) => seen.push(...m));
    bus.publish(1, [held(1)]);
    const mark = bus.currentId();
    bus.publish(1, [held(2), held(3)]);
    bus.publish(2, [held(99)]);
    bus.publish(1, [available(1)]);

    const missed = bus.replaySince(1, mark);
    expect(changes(missed)).toEqual([held(2), held(3), available(1)]);
    expect(missed?.map((m) => m.id)).toEqual(seen.slice(1).map((m) => m.id));
    expect(changes(bus.replaySince(2, mark))).toEqual([held(99)]);
    // Up to date: nothing missed (an empty list, not null).
    expect(bus.replaySince(1, bus.currentId())).toEqual([]);
    // A showtime nothing was ever published for has nothing to replay.
    expect(bus.replaySince(5, mark)).toEqual([]);
    // From the very start (the snapshot id of a fresh bus).
    const fresh = createSeatBus();
    const start = fresh.currentId();
    fresh.publish(1, [held(1)]);
    expect(changes(fresh.replaySince(1, start))).toEqual([held(1)]);
  });

  it('replays within the buffer and returns null once messages after the id were dropped', () => {
    const bus = createSeatBus({ replayLimit: 3 });
    const seen: SeatMessage[] = [];
    bus.subscribe(1, (m) => seen.push(...m));
    for (let i = 1; i <= 5; i++) bus.publish(1, [held(i)]);
    // Buffer now holds seats 3, 4, 5; the messages for seats 1 and 2 are gone.
    const id = (n: number) => seen[n - 1]?.id as string;

    expect(changes(bus.replaySince(1, id(2)))).toEqual([held(3), held(4), held(5)]);
    expect(changes(bus.replaySince(1, id(4)))).toEqual([held(5)]);
    expect(bus.replaySince(1, id(5))).toEqual([]);
    // The message right after id(1) (seat 2) was dropped, so a replay would silently skip it.
    expect(bus.replaySince(1, id(1))).toBeNull();

    // One publish larger than the buffer drops part of itself.
    bus.publish(1, [held(6), held(7), held(8), held(9)]);
    expect(bus.replaySince(1, id(5))).toBeNull();
    expect(changes(bus.replaySince(1, seen[5]?.id as string))).toEqual([held(7), held(8), held(9)]);
  });

  it('keeps a separate buffer per showtime', () => {
    const bus = createSeatBus({ replayLimit: 2 });
    const mark = bus.currentId();
    bus.publish(1, [held(1)]);
    for (let i = 0; i < 5; i++) bus.publish(2, [held(100 + i)]);
    expect(changes(bus.replaySince(1, mark))).toEqual([held(1)]);
    expect(bus.replaySince(2, mark)).toBeNull();
  });

  it('returns null for ids from another bus (another process or a restart), from the future, or malformed', () => {
    const bus = createSeatBus();
    const other = createSeatBus();
    bus.publish(1, [held(1)]);
    other.publish(1, [held(1)]);
    const epoch = bus.currentId().split('-')[0];
    const otherEpoch = other.currentId().split('-')[0];
    expect(epoch).not.toBe(otherEpoch);

    expect(bus.replaySince(1, other.currentId())).toBeNull();
    expect(bus.replaySince(1, `${otherEpoch}-0`)).toBeNull();
    expect(bus.replaySince(1, `${epoch}-999`)).toBeNull();
    for (const bad of ['', 'garbage', `${epoch}`, `${epoch}-`, `${epoch}-x`, '-1', `${epoch}-1-2`, `XYZ-1`]) {
      expect(bus.replaySince(1, bad)).toBeNull();
    }
    expect(changes(bus.replaySince(1, `${epoch}-0`))).toEqual([held(1)]);
  });
});
