import { randomBytes } from 'node:crypto';
import type { SeatStatus } from '../core/holds.js';

export type SeatChange = { seat_id: number; status: SeatStatus };
/** `id` is "<bus epoch>-<sequence>", so an id from before a restart is never mistaken for a new one. */
export type SeatMessage = { id: string; seq: number; change: SeatChange };
type Listener = (messages: SeatMessage[]) => void;

/**
 * In-process fan-out of seat changes per showtime, with a replay buffer so a reconnecting
 * stream can resume from the last message it saw instead of reloading the whole map.
 */
export function createSeatBus(options: { replayLimit?: number } = {}) {
  const replayLimit = options.replayLimit ?? 2000;
  const epoch = randomBytes(4).toString('hex');
  const listeners = new Map<number, Set<Listener>>();
  const changeWatchers = new Set<(eventId: number) => void>();
  const recent = new Map<number, { buffer: SeatMessage[]; droppedUpTo: number }>();
  let seq = 0;

  return {
    publish(eventId: number, changes: SeatChange[]): void {
      if (changes.length === 0) return;
      const messages = changes.map((change) => {
        seq += 1;
        return { id: `${epoch}-${seq}`, seq, change };
      });
      const log = recent.get(eventId) ?? { buffer: [], droppedUpTo: 0 };
      log.buffer.push(...messages);
      if (log.buffer.length > replayLimit) {
        const dropped = log.buffer.splice(0, log.buffer.length - replayLimit);
        log.droppedUpTo = dropped[dropped.length - 1]?.seq ?? log.droppedUpTo;
      }
      recent.set(eventId, log);
      for (const watcher of changeWatchers) watcher(eventId);
      for (const listener of listeners.get(eventId) ?? []) listener(messages);
    },

    /**
     * Tells change watchers (caches) that a showtime changed, without sending stream messages:
     * used when the messages themselves will arrive a moment later from another route (NOTIFY).
     */
    touch(eventId: number): void {
      for (const watcher of changeWatchers) watcher(eventId);
    },

    /** Told which showtime changed on every publish (caches), without counting as a stream. */
    onAnyChange(watcher: (eventId: number) => void): () => void {
      changeWatchers.add(watcher);
      return () => changeWatchers.delete(watcher);
    },

    subscribe(eventId: number, listener: Listener): () => void {
      let set = listeners.get(eventId);
      if (!set) {
        set = new Set();
        listeners.set(eventId, set);
      }
      set.add(listener);
      return () => {
        set.delete(listener);
        // Only drop the entry if it is still this set: a repeated unsubscribe must not remove
        // the set a later subscriber created.
        if (set.size === 0 && listeners.get(eventId) === set) listeners.delete(eventId);
      };
    },

    /** Messages of a showtime after the one with `lastId`, or null when that cannot be known. */
    replaySince(eventId: number, lastId: string): SeatMessage[] | null {
      const match = /^([0-9a-f]+)-(\d+)$/.exec(lastId);
      if (!match || match[1] !== epoch) return null;
      const lastSeq = Number(match[2]);
      if (lastSeq > seq) return null;
      const log = recent.get(eventId);
      if (!log) return [];
      if (log.droppedUpTo > lastSeq) return null;
      return log.buffer.filter((m) => m.seq > lastSeq);
    },

    /** The id a fresh snapshot is current as of. */
    currentId: () => `${epoch}-${seq}`,
    listenerCount: (eventId: number) => listeners.get(eventId)?.size ?? 0,
  };
}

export type SeatBus = ReturnType<typeof createSeatBus>;
