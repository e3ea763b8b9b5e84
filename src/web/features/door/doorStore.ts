import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { DoorPack, DoorShowtimes } from '../../../contract/tickets';
import type { LocalPack } from '../../lib/doorCheck';

/** A door pack as the device keeps it: the server's, plus the admissions this device has seen since. */
export type SavedPack = Omit<DoorPack, 'used'> & LocalPack & { time_zone: string; saved_at: string };

/** A scan admitted without the network, waiting for POST /api/staff/check-in/sync. */
export type QueuedScan = { id?: number; event_id: number; code: string; scanned_at: string; seat: string; ticket_id: number };

interface DoorDb extends DBSchema {
  packs: { key: number; value: SavedPack };
  queue: { key: number; value: QueuedScan; indexes: { event: number } };
  showtimes: { key: string; value: DoorShowtimes };
}

let opening: Promise<IDBPDatabase<DoorDb>> | undefined;

/** The door screen's own database: packs and queued scans survive a reload, a crash or a flat battery. */
function db() {
  opening ??= openDB<DoorDb>('bmm-door', 1, {
    upgrade(database) {
      database.createObjectStore('packs', { keyPath: 'event_id' });
      database.createObjectStore('queue', { keyPath: 'id', autoIncrement: true }).createIndex('event', 'event_id');
      database.createObjectStore('showtimes');
    },
  });
  return opening;
}

export const doorStore = {
  savePack: async (pack: SavedPack) => void (await (await db()).put('packs', pack)),
  pack: async (eventId: number) => (await db()).get('packs', eventId),
  saveShowtimes: async (list: DoorShowtimes) => void (await (await db()).put('showtimes', list, 'today')),
  showtimes: async () => (await db()).get('showtimes', 'today'),
  enqueue: async (scan: QueuedScan) => void (await (await db()).add('queue', scan)),
  queued: async () => (await db()).getAll('queue'),
  /** Removes the scans a sync has answered for. */
  dequeue: async (ids: number[]) => {
    const tx = (await db()).transaction('queue', 'readwrite');
    await Promise.all([...ids.map((id) => tx.store.delete(id)), tx.done]);
  },
};
