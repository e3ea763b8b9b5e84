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
    onSuccess: (saved) => {
      // The lists show the new role at once (the picker would otherwise fall back to the old one
      // until the refetch lands), then are fetched again for anything else that changed.
      queryClient.setQueriesData<User[]>({ queryKey: queryKeys.admin.usersAll }, (list) =>
        list?.map((user) => (user.id === saved.id ? { ...user, role: saved.role } : user)),
      );
      return queryClient.invalidateQueries({ queryKey: queryKeys.admin.usersAll });
    },
  });
}
