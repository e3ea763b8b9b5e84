import { useQuery } from '@tanstack/react-query';
import type { Analytics } from '../../../../contract/admin';
import { api } from '../../../api/client';
import { queryKeys } from '../../../api/queryKeys';

export const ANALYTICS_REFRESH_MS = 30_000;

export function useAnalytics() {
  return useQuery({
    queryKey: queryKeys.admin.analytics,
    queryFn: ({ signal }) => api.get<Analytics>('/api/admin/analytics', undefined, signal),
    refetchInterval: ANALYTICS_REFRESH_MS,
  });
}
