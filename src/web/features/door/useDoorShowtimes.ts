import { useQuery } from '@tanstack/react-query';
import type { DoorShowtimes } from '../../../contract/tickets';
import { ApiError, api } from '../../api/client';
import { doorStore } from './doorStore';

/** Today's showtimes for the door; without a network, the list saved the last time there was one. */
export function useDoorShowtimes() {
  return useQuery({
    queryKey: ['door', 'showtimes'],
    queryFn: async ({ signal }) => {
      try {
        const list = await api.get<DoorShowtimes>('/api/staff/showtimes', undefined, signal);
        await doorStore.saveShowtimes(list);
        return list;
      } catch (error) {
        const saved = error instanceof ApiError && (error.status === 0 || error.status >= 500) && (await doorStore.showtimes());
        if (saved) return saved;
        throw error;
      }
    },
    refetchInterval: 60_000,
  });
}
