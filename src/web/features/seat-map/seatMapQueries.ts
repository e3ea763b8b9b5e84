import { type QueryClient, queryOptions } from '@tanstack/react-query';
import type { EventSummary, SeatMap } from '../../../contract/catalogue';
import { api } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';

const validId = (eventId: number) => Number.isInteger(eventId) && eventId > 0;

export const seatMapQuery = (eventId: number) =>
  queryOptions({
    queryKey: queryKeys.seatMap(eventId),
    queryFn: ({ signal }) => api.get<SeatMap>(`/api/events/${eventId}/seats`, undefined, signal),
    enabled: validId(eventId),
  });

export const showtimeQuery = (eventId: number) =>
  queryOptions({
    queryKey: queryKeys.event(eventId),
    queryFn: ({ signal }) => api.get<EventSummary>(`/api/events/${eventId}`, undefined, signal),
    enabled: validId(eventId),
  });

/**
 * A visit that starts on a seat map asks for the showtime and its seats while the page's code is
 * still on its way (a lazy chunk), instead of after it arrives: on a phone's link that is one
 * round trip less before a seat can be picked.
 */
export function prefetchSeatMapFor(queryClient: QueryClient, pathname: string) {
  const match = /^\/showtimes\/(\d+)\/?$/.exec(pathname);
  if (!match) return;
  const eventId = Number(match[1]);
  void queryClient.prefetchQuery(showtimeQuery(eventId));
  void queryClient.prefetchQuery(seatMapQuery(eventId));
}
