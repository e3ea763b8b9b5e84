import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import type { AuditEntry, AuditQuery } from '../../../../contract/admin';
import { api } from '../../../api/client';
import { queryKeys } from '../../../api/queryKeys';

export const AUDIT_PAGE_SIZE = 50;

export type AuditFilters = Pick<AuditQuery, 'action' | 'target_type' | 'actor_id' | 'outcome'>;

/** The audit log newest first, a page at a time: each older page starts below the last id seen. */
export function useAuditLog(filters: AuditFilters) {
  return useInfiniteQuery({
    queryKey: queryKeys.admin.audit(filters),
    queryFn: ({ pageParam, signal }) =>
      api.get<AuditEntry[]>('/api/admin/audit', { ...filters, before_id: pageParam, limit: AUDIT_PAGE_SIZE }, signal),
    initialPageParam: undefined as number | undefined,
    // A short page is the last one; otherwise older entries may follow the oldest shown.
    getNextPageParam: (last) => (last.length < AUDIT_PAGE_SIZE ? undefined : last[last.length - 1]?.id),
    // A record of what just happened: always ask again when the screen opens.
    staleTime: 0,
    placeholderData: keepPreviousData,
  });
}
