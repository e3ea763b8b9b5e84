import { useQuery } from '@tanstack/react-query';
import type { EventSummary } from '../../../contract/catalogue';
import { api } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';

export function useShowtime(eventId: number) {
  return useQuery({
    queryKey: queryKeys.event(eventId),
    queryFn: ({ signal }) => api.get<EventSummary>(`/api/events/${eventId}`, undefined, signal),
    enabled: Number.isInteger(eventId) && eventId > 0,
  });
}
