import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CloseShiftBody, ShiftReport } from '../../../contract/box-office';
import { api } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';

export function useCloseShift(shiftId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CloseShiftBody) => api.post<ShiftReport, CloseShiftBody>(`/api/box-office/shifts/${shiftId}/close`, body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.boxOffice.all }),
  });
}
