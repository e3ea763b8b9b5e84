import { useQuery } from '@tanstack/react-query';
import type { Cinema } from '../../../contract/cinemas';
import { api } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';

export function useCinemas() {
  return useQuery({
    queryKey: queryKeys.cinemas,
    queryFn: ({ signal }) => api.get<Cinema[]>('/api/cinemas', undefined, signal),
    staleTime: 5 * 60_000,
  });
}
