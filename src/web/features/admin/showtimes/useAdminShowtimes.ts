import { useQuery } from '@tanstack/react-query';
import type { AdminEvent } from '../../../../contract/admin';
import { api } from '../../../api/client';
import { queryKeys } from '../../../api/queryKeys';

export function useAdminShowtimes(includePast: boolean) {
  return useQuery({
    queryKey: queryKeys.admin.events(includePast),
    queryFn: ({ signal }) => api.get<AdminEvent[]>('/api/admin/events', includePast ? { include_past: true } : undefined, signal),
  });
}
