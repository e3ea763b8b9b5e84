import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { OpenShiftBody, Shift } from '../../../contract/box-office';
import { api } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';

export function useOpenShift() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: OpenShiftBody) => api.post<Shift, OpenShiftBody>('/api/box-office/shifts', body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.boxOffice.all }),
  });
}
