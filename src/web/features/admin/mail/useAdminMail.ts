import { useQuery } from '@tanstack/react-query';
import type { MailOverview } from '../../../../contract/mail';
import { api } from '../../../api/client';
import { queryKeys } from '../../../api/queryKeys';

/** Stored messages and what waits in the outbox; asked again every 15 s while the screen is open. */
export function useAdminMail() {
  return useQuery({
    queryKey: queryKeys.admin.mail,
    queryFn: ({ signal }) => api.get<MailOverview>('/api/admin/mail', undefined, signal),
    staleTime: 0,
    refetchInterval: 15_000,
  });
}
