import { useQuery } from '@tanstack/react-query';
import type { SeatMap } from '../../../contract/catalogue';
import { api } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';

/** The seat map as loaded; live changes from the stream are laid over it by useSeatStream. */
export function useSeatMap(eventId: number, options: { pollWhileOffline: boolean }) {
  return useQuery({
    queryKey: queryKeys.seatMap(eventId),
    queryFn: ({ signal }) => api.get<SeatMap>(`/api/events/${eventId}/seats`, undefined, signal),
    enabled: Number.isInteger(eventId) && eventId > 0,
    // Without the live stream, polling keeps the map roughly current.
    refetchInterval: options.pollWhileOffline ? 5_000 : false,
  });
}
