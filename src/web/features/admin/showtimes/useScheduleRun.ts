import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ScheduleRunBody, ScheduleRunResult } from '../../../../contract/cinemas';
import { api } from '../../../api/client';
import { queryKeys } from '../../../api/queryKeys';

/** A schedule run: `dry_run` previews it with its conflicts, otherwise it is created whole or refused. */
export function useScheduleRun() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ScheduleRunBody) => api.post<ScheduleRunResult, ScheduleRunBody>('/api/admin/schedule-runs', body),
    onSuccess: (result) => {
      if (result.dry_run) return;
      void queryClient.invalidateQueries({ queryKey: queryKeys.admin.eventsAll });
      void queryClient.invalidateQueries({ queryKey: queryKeys.admin.analytics });
      void queryClient.invalidateQueries({ queryKey: queryKeys.events });
    },
  });
}
