import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { User } from '../../../../contract/auth';
import type { UsersQuery } from '../../../../contract/users';
import { api } from '../../../api/client';
import { queryKeys } from '../../../api/queryKeys';

export type StaffFilters = Pick<UsersQuery, 'query' | 'role'>;

/** Accounts, newest first, narrowed by a search and a role. */
export function useStaffAccounts(filters: StaffFilters) {
  return useQuery({
    queryKey: queryKeys.admin.users(filters),
    queryFn: ({ signal }) => api.get<User[]>('/api/admin/users', { ...filters }, signal),
    placeholderData: keepPreviousData,
  });
}
