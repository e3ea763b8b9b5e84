import { useQuery } from '@tanstack/react-query';
import type { DoorShowtimes } from '../../../contract/tickets';
import { ApiError, api } from '../../api/client';
import { doorStore } from './doorStore';

/**
 * Today's showtimes at one cinema's door (null: the first cinema); without a network, the list
 * saved the last time there was one, if it is the same cinema's.
 */
export function useDoorShowtimes(cinemaId: number | null) {
  return useQuery({
    queryKey: ['door', 'showtimes', cinemaId],
    queryFn: async ({ signal }) => {
      try {
        const query = cinemaId === null ? undefined : { cinema_id: cinemaId };
        const list = await api.get<DoorShowtimes>('/api/staff/showtimes', query, signal);
        await doorStore.saveShowtimes(list);
        return list;
      } catch (error) {
        const offline = error instanceof ApiError && (error.status === 0 || error.status >= 500);
        const saved = offline ? await doorStore.showtimes() : undefined;
        if (saved && (cinemaId === null || saved.cinema_id === cinemaId)) return saved;
        throw error;
      }
    },
    refetchInterval: 60_000,
  });
}
