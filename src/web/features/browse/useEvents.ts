import { useQuery } from '@tanstack/react-query';
import type { EventSummary } from '../../../contract/catalogue';
import { api } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';

/** Upcoming showtimes of a cinema (null: all); filtering by day and movie happens on the client so it is instant. */
export function useEvents(cinemaId: number | null = null, enabled = true) {
  return useQuery({
    queryKey: queryKeys.eventList(cinemaId),
    queryFn: ({ signal }) =>
      api.get<EventSummary[]>('/api/events', cinemaId === null ? undefined : { cinema_id: cinemaId }, signal),
    refetchInterval: 60_000,
    enabled,
  });
}
