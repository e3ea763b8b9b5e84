import { useQuery } from '@tanstack/react-query';
import type { PromoCodeList } from '../../../../contract/promo-codes';
import { api } from '../../../api/client';
import { queryKeys } from '../../../api/queryKeys';

export function usePromoCodes() {
  return useQuery({
    queryKey: queryKeys.admin.promoCodes,
    queryFn: ({ signal }) => api.get<PromoCodeList>('/api/admin/promo-codes', undefined, signal),
  });
}
