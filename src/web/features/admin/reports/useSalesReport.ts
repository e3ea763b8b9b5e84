import { useQuery } from '@tanstack/react-query';
import type { SalesReport, SalesReportQuery } from '../../../../contract/reports';
import { api } from '../../../api/client';
import { queryKeys } from '../../../api/queryKeys';

export function useSalesReport(query: SalesReportQuery | null) {
  return useQuery({
    queryKey: queryKeys.admin.salesReport({ ...query }),
    queryFn: ({ signal }) => api.get<SalesReport>('/api/admin/reports/sales', query ?? undefined, signal),
    enabled: query !== null,
    retry: false,
  });
}
