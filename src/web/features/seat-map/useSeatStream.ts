import { useEffect, useState } from 'react';
import type { SeatChange } from '../../../contract/catalogue';
import type { SeatStatus } from '../../api/types';

export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'offline';

/**
 * Seat statuses from the server's seat stream: a `snapshot` of every seat, then a `seat` message
 * per change. The stream is the freshest truth while connected, so its statuses win over the
 * loaded map. EventSource reconnects by itself and resumes with Last-Event-ID.
 */
export function useSeatStream(eventId: number) {
  const [statuses, setStatuses] = useState<ReadonlyMap<number, SeatStatus>>(new Map());
  const [state, setState] = useState<StreamState>('connecting');

  useEffect(() => {
    if (!Number.isInteger(eventId) || eventId <= 0 || typeof EventSource === 'undefined') {
      setState('offline');
      return;
    }
    setStatuses(new Map());
    setState('connecting');
    const source = new EventSource(`/api/events/${eventId}/seats/stream`);
    const apply = (changes: SeatChange[], replace: boolean) =>
      setStatuses((previous) => {
        const next = new Map(replace ? [] : previous);
        for (const change of changes) next.set(change.seat_id, change.status);
        return next;
      });
    source.addEventListener('snapshot', (event) => {
      apply((JSON.parse((event as MessageEvent<string>).data) as { seats: SeatChange[] }).seats, true);
      setState('live');
    });
    source.addEventListener('seat', (event) => apply([JSON.parse((event as MessageEvent<string>).data) as SeatChange], false));
    source.onopen = () => setState('live');
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? 'offline' : 'reconnecting');
    return () => source.close();
  }, [eventId]);

  return { statuses, state };
}
