import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { User } from '../../../../contract/auth';
import type { Role } from '../../../../core/roles';
import { api } from '../../../api/client';
import { queryKeys } from '../../../api/queryKeys';

/** One account's role; each row has its own, so a refusal stays beside the account it concerns. */
export function useSetRole(userId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (role: Role) => api.put<User, { role: Role }>(`/api/admin/users/${userId}/role`, { role }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.admin.usersAll }),
  });
}
