import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client';
import { queryKeys } from '../../../api/queryKeys';

/** Deletes a code never used; the server deactivates one that was. */
export function useRemovePromoCode() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete(`/api/admin/promo-codes/${id}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.admin.promoCodes }),
  });
}
