import { useQuery } from '@tanstack/react-query';
import type { MailMessage } from '../../../../contract/mail';
import { api } from '../../../api/client';
import { queryKeys } from '../../../api/queryKeys';

export function useMailMessage(id: string) {
  return useQuery({
    queryKey: queryKeys.admin.mailMessage(id),
    queryFn: ({ signal }) => api.get<MailMessage>(`/api/admin/mail/${encodeURIComponent(id)}`, undefined, signal),
  });
}
