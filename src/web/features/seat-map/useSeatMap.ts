import { useQuery } from '@tanstack/react-query';
import { seatMapQuery } from './seatMapQueries';

/** The seat map as loaded; live changes from the stream are laid over it by useSeatStream. */
export function useSeatMap(eventId: number, options: { pollWhileOffline: boolean }) {
  return useQuery({
    ...seatMapQuery(eventId),
    // Without the live stream, polling keeps the map roughly current.
    refetchInterval: options.pollWhileOffline ? 5_000 : false,
  });
}
