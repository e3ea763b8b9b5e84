import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';
import type { SetupStatus } from '../../api/types';

export function useSetupStatus() {
  return useQuery({
    queryKey: queryKeys.setup,
    queryFn: ({ signal }) => api.get<SetupStatus>('/api/auth/setup', undefined, signal),
  });
}
