import { useQuery } from '@tanstack/react-query';
import type { Shift } from '../../../contract/box-office';
import { api } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';

/** The signed-in staff member's open shift, or null. */
export function useCurrentShift() {
  return useQuery({
    queryKey: queryKeys.boxOffice.currentShift,
    queryFn: ({ signal }) => api.get<{ shift: Shift | null }>('/api/box-office/shifts/current', undefined, signal),
  });
}
