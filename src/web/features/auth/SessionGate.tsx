import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useLocation, useNavigate } from 'react-router';
import type { User } from '../../../contract/auth';
import { api } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';
import { session, tokenExpiry } from '../../api/session';
import { signInPath } from './signInPath';
import { useSession } from './useSession';

// setTimeout overflows past ~24.8 days; tokens live at most a week, but stay safe.
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Watches the session: sends the user to sign in (with a message and a way back) when the
 * token expires or the API rejects it, and confirms a stored session with the server once.
 */
export function SessionGate() {
  const navigate = useNavigate();
  const location = useLocation();
  const here = useRef(location);
  here.current = location;
  const queryClient = useQueryClient();
  const current = useSession();

  useEffect(
    () =>
      session.onSignInRequired((reason) => {
        const { pathname, search } = here.current;
        if (pathname === '/sign-in') return;
        queryClient.removeQueries({ queryKey: queryKeys.bookings });
        queryClient.removeQueries({ queryKey: queryKeys.admin.all });
        navigate(signInPath(reason, pathname + search), { replace: reason === 'expired' });
      }),
    [navigate, queryClient],
  );

  useEffect(() => {
    if (session.takeStaleAtLoad()) session.requireSignIn('expired');
  }, []);

  useEffect(() => {
    if (!current) return;
    const expiry = tokenExpiry(current.token) ?? 0;
    const timer = setTimeout(() => session.requireSignIn('expired'), Math.min(MAX_TIMER_MS, Math.max(0, expiry - Date.now())));
    return () => clearTimeout(timer);
  }, [current]);

  const me = useQuery({
    queryKey: queryKeys.me,
    queryFn: ({ signal }) => api.get<User>('/api/auth/me', undefined, signal),
    enabled: current !== null,
    staleTime: Number.POSITIVE_INFINITY,
  });
  useEffect(() => {
    // A role change or a renamed account shows up without signing in again.
    if (me.data && current && JSON.stringify(me.data) !== JSON.stringify(current.user)) session.updateUser(me.data);
  }, [me.data, current]);

  return null;
}
