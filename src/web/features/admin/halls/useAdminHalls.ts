import { useQuery } from '@tanstack/react-query';
import type { Hall } from '../../../../contract/admin';
import { api } from '../../../api/client';
import { queryKeys } from '../../../api/queryKeys';

export function useAdminHalls() {
  return useQuery({
    queryKey: queryKeys.admin.halls,
    queryFn: ({ signal }) => api.get<Hall[]>('/api/admin/halls', undefined, signal),
  });
}
