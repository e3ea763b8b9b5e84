import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { PromoCode, PromoCodeBody } from '../../../../contract/promo-codes';
import { api } from '../../../api/client';
import { queryKeys } from '../../../api/queryKeys';

/** Creates a code, or replaces every term of an existing one. */
export function useSavePromoCode() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number | null; body: PromoCodeBody }) =>
      id === null
        ? api.post<PromoCode, PromoCodeBody>('/api/admin/promo-codes', body)
        : api.put<PromoCode, PromoCodeBody>(`/api/admin/promo-codes/${id}`, body),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.admin.promoCodes }),
  });
}
