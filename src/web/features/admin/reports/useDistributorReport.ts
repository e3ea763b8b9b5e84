import { useQuery } from '@tanstack/react-query';
import type { DistributorReport, DistributorReportQuery } from '../../../../contract/reports';
import { api } from '../../../api/client';
import { queryKeys } from '../../../api/queryKeys';

export function useDistributorReport(query: DistributorReportQuery | null) {
  return useQuery({
    queryKey: queryKeys.admin.distributorReport({ ...query }),
    queryFn: ({ signal }) => api.get<DistributorReport>('/api/admin/reports/distributor', query ?? undefined, signal),
    enabled: query !== null,
    retry: false,
  });
}
