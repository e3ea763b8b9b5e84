import { useQuery } from '@tanstack/react-query';
import type { WeekPlan } from '../../../../contract/admin';
import { api } from '../../../api/client';
import { queryKeys } from '../../../api/queryKeys';

/** A cinema's week for the planner; under the admin showtimes' key, so every change to showtimes refreshes it. */
export function useWeekPlan(cinemaId: number | null, weekStart: string) {
  return useQuery({
    queryKey: queryKeys.admin.events({ planner: true, cinemaId, weekStart }),
    queryFn: ({ signal }) =>
      api.get<WeekPlan>('/api/admin/planner', { cinema_id: cinemaId as number, week_start: weekStart }, signal),
    enabled: cinemaId !== null,
  });
}
