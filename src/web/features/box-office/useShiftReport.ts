import { useQuery } from '@tanstack/react-query';
import type { ShiftReport } from '../../../contract/box-office';
import { api } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';

export function useShiftReport(shiftId: number | null) {
  return useQuery({
    queryKey: queryKeys.boxOffice.report(shiftId ?? 0),
    queryFn: ({ signal }) => api.get<ShiftReport>(`/api/box-office/shifts/${shiftId}/report`, undefined, signal),
    enabled: shiftId !== null,
  });
}
