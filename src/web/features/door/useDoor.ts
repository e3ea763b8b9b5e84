import { useCallback, useEffect, useRef, useState } from 'react';
import type { CheckInResponse, DoorPack, SyncBody, SyncResponse } from '../../../contract/tickets';
import { ApiError, api } from '../../api/client';
import { type DoorVerdict, judgeOffline, syncProblems, verdictFromServer, withAdmission } from '../../lib/doorCheck';
import { beep } from './beep';
import { doorStore, type SavedPack } from './doorStore';
import { verifyOnDevice } from './ticketKeys';

/** While online: how often the pack (others' admissions, the count) is refreshed and waiting scans are sent. */
const REFRESH_MS = 20_000;
/** The most scans one sync request carries (SyncBody maxItems). */
const SYNC_BATCH = 1000;

export type ShownVerdict = { verdict: DoorVerdict; offline: boolean; at: number };

/** The network is gone (or the server is down): the device decides on its own. */
const unreachable = (error: unknown) => error instanceof ApiError && (error.status === 0 || error.status >= 500);

/** The server's pack plus the admissions this device made that the server has not heard of yet. */
async function mergedPack(fresh: DoorPack, timeZone: string, deviceId: string): Promise<SavedPack> {
  let pack: SavedPack = { ...fresh, time_zone: timeZone, saved_at: new Date().toISOString() };
  for (const scan of await doorStore.queued()) {
    if (scan.event_id === fresh.event_id) {
      pack = { ...pack, ...withAdmission(pack, { ticket_id: scan.ticket_id, used_at: scan.scanned_at, device_id: deviceId }) };
    }
  }
  return { ...pack, admitted: pack.used.length };
}

/**
 * The door of one showtime: its pack (fetched, else the one saved on the device), scans judged by
 * the server when it can be reached and on the device when not, the offline queue and its sync.
 */
export function useDoor(eventId: number | null, timeZone: string, deviceId: string) {
  const [pack, setPack] = useState<SavedPack | null>(null);
  const [packState, setPackState] = useState<'idle' | 'loading' | 'ready' | 'missing'>('idle');
  const [waiting, setWaiting] = useState(0);
  const [reachable, setReachable] = useState(true);
  const [browserOnline, setBrowserOnline] = useState(() => navigator.onLine);
  const [shown, setShown] = useState<ShownVerdict | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const packRef = useRef<SavedPack | null>(null);
  const queueChain = useRef<Promise<unknown>>(Promise.resolve());
  const syncing = useRef(false);
  // Renaming the door while scanning names the next scans; it must not reload the showtime.
  const device = useRef(deviceId);
  device.current = deviceId;

  const keep = useCallback(async (next: SavedPack) => {
    packRef.current = next;
    setPack(next);
    await doorStore.savePack(next);
  }, []);

  const countWaiting = useCallback(async () => setWaiting((await doorStore.queued()).length), []);

  const refreshPack = useCallback(async () => {
    if (eventId === null) return;
    try {
      const fresh = await api.get<DoorPack>(`/api/staff/events/${eventId}/door-pack`);
      await keep(await mergedPack(fresh, timeZone, device.current));
      setReachable(true);
      setPackState('ready');
    } catch (error) {
      if (!unreachable(error)) throw error;
      setReachable(false);
    }
  }, [eventId, timeZone, keep]);

  /** Sends every waiting scan (all showtimes), oldest first; keeps what the server has not answered. */
  const sync = useCallback(async () => {
    if (syncing.current || !navigator.onLine) return;
    syncing.current = true;
    try {
      const queued = await doorStore.queued();
      const found: string[] = [];
      for (const showtime of new Set(queued.map((q) => q.event_id))) {
        const scans = queued.filter((q) => q.event_id === showtime);
        for (let i = 0; i < scans.length; i += SYNC_BATCH) {
          const batch = scans.slice(i, i + SYNC_BATCH);
          const body: SyncBody = {
            device_id: device.current,
            event_id: showtime,
            scans: batch.map((s) => ({ code: s.code, scanned_at: s.scanned_at })),
          };
          const answer = await api.post<SyncResponse>('/api/staff/check-in/sync', body);
          await doorStore.dequeue(batch.flatMap((s) => (s.id === undefined ? [] : [s.id])));
          found.push(...syncProblems(answer.results, timeZone));
        }
      }
      if (queued.length > 0) setProblems(found);
      setReachable(true);
      await refreshPack();
    } catch (error) {
      if (!unreachable(error)) throw error;
      setReachable(false);
    } finally {
      syncing.current = false;
      await countWaiting();
    }
  }, [timeZone, refreshPack, countWaiting]);

  // Opening a showtime: the saved pack at once, then the server's.
  useEffect(() => {
    packRef.current = null;
    setPack(null);
    setShown(null);
    setProblems([]);
    if (eventId === null) {
      setPackState('idle');
      return;
    }
    let current = true;
    setPackState('loading');
    void (async () => {
      const saved = await doorStore.pack(eventId);
      if (!current) return;
      if (saved) {
        packRef.current = saved;
        setPack(saved);
        setPackState('ready');
      }
      await refreshPack();
      if (current && !packRef.current) setPackState('missing');
      await countWaiting();
    })();
    return () => {
      current = false;
    };
  }, [eventId, refreshPack, countWaiting]);

  useEffect(() => {
    const online = () => {
      setBrowserOnline(true);
      void sync();
    };
    const offline = () => setBrowserOnline(false);
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    const timer = setInterval(() => {
      if (navigator.onLine) void sync();
    }, REFRESH_MS);
    return () => {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
      clearInterval(timer);
    };
  }, [sync]);

  const show = useCallback((verdict: DoorVerdict, offline: boolean) => {
    setShown({ verdict, offline, at: Date.now() });
    beep(verdict.result === 'admitted' ? 'ok' : 'refused');
  }, []);

  const judge = useCallback(
    async (code: string) => {
      const current = packRef.current;
      if (!current) return;
      if (navigator.onLine) {
        try {
          const { body } = await api.postOutcome<CheckInResponse>(
            '/api/staff/check-in',
            { code, device_id: device.current, event_id: current.event_id },
            [200, 409, 422],
          );
          const verdict = verdictFromServer(body);
          setReachable(true);
          if (verdict.result === 'admitted' || verdict.result === 'already_used') {
            const usedAt = verdict.result === 'admitted' ? new Date().toISOString() : verdict.usedAt;
            const by = verdict.result === 'admitted' ? device.current : verdict.deviceId;
            const next = withAdmission(current, { ticket_id: verdict.ticketId, used_at: usedAt, device_id: by });
            await keep({ ...current, ...next, admitted: next.used.length });
          }
          show(verdict, false);
          return;
        } catch (error) {
          if (!unreachable(error)) throw error;
          setReachable(false);
        }
      }
      const at = Date.now();
      const verdict = judgeOffline({ verdict: await verifyOnDevice(code, current.keys), pack: current, at });
      if (verdict.result === 'admitted') {
        const scannedAt = new Date(at).toISOString();
        await doorStore.enqueue({
          event_id: current.event_id,
          code,
          scanned_at: scannedAt,
          seat: verdict.seat,
          ticket_id: verdict.ticketId,
        });
        const next = withAdmission(current, { ticket_id: verdict.ticketId, used_at: scannedAt, device_id: device.current });
        await keep({ ...current, ...next, admitted: next.used.length });
        await countWaiting();
      }
      show(verdict, true);
    },
    [keep, show, countWaiting],
  );

  /** One scan at a time, in the order they came: the second of two quick scans sees the first's admission. */
  const scan = useCallback(
    (code: string) => {
      const next = queueChain.current.then(() => judge(code));
      queueChain.current = next.catch(() => undefined);
      return next;
    },
    [judge],
  );

  return {
    pack,
    packState,
    waiting,
    online: browserOnline && reachable,
    shown,
    problems,
    scan,
    sync,
  };
}
