import { useQuery } from '@tanstack/react-query';
import type { AdminEvent, AdminEventsQuery } from '../../../../contract/admin';
import { api } from '../../../api/client';
import { queryKeys } from '../../../api/queryKeys';

/** Showtimes for admins; the server filters by business day, hall, film and cinema. */
export function useAdminShowtimes(filters: AdminEventsQuery = {}, options: { refetchInterval?: number } = {}) {
  const query = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== null && v !== false));
  return useQuery({
    queryKey: queryKeys.admin.events(query),
    queryFn: ({ signal }) => api.get<AdminEvent[]>('/api/admin/events', Object.keys(query).length ? query : undefined, signal),
    ...options,
  });
}
