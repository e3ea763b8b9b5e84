import { useQuery } from '@tanstack/react-query';
import type { EventSummary } from '../../../contract/catalogue';
import { api } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';

/** Upcoming showtimes; filtering by day and movie happens on the client so it is instant. */
export function useEvents() {
  return useQuery({
    queryKey: queryKeys.events,
    queryFn: ({ signal }) => api.get<EventSummary[]>('/api/events', undefined, signal),
    refetchInterval: 60_000,
  });
}
