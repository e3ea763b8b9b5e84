import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useLocation, useNavigate } from 'react-router';
import type { User } from '../../../contract/auth';
import { api } from '../../api/client';
import { queryKeys } from '../../api/queryKeys';
import { renewSession } from '../../api/renewal';
import { isTokenFresh, isTokenUsable, RENEW_BEFORE_MS, session, tokenExpiry } from '../../api/session';
import { signInPath } from './signInPath';
import { useSession } from './useSession';
import { takePendingSignOut } from './useSignOut';

// setTimeout overflows past ~24.8 days; tokens live at most a week, but stay safe.
const MAX_TIMER_MS = 2_147_483_647;
const RETRY_MS = 30_000;

/**
 * Watches the session: keeps its access token renewed, sends the user to sign in (with a message
 * and a way back) when the session has ended, and confirms a stored session with the server once.
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

  // A sign-out finishes here, once the app has left the page it started on.
  // biome-ignore lint/correctness/useExhaustiveDependencies: each navigation is the moment to look
  useEffect(() => {
    if (!takePendingSignOut()) return;
    session.signOut();
    queryClient.clear();
  }, [location.key, queryClient]);

  // Keep the access token fresh: renew on load when it has died (a reload after 20 minutes keeps
  // the user signed in), and again shortly before it expires while the tab is in view. A hidden tab
  // waits until it is seen again, or until it next calls the API, which renews on its own.
  const token = current?.token ?? null;
  const signedIn = current !== null;
  useEffect(() => {
    if (!signedIn) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cancelled = false;
    const renewIfDue = () => {
      clearTimeout(timer);
      if (cancelled) return;
      if (isTokenFresh(token)) {
        const renewAt = (tokenExpiry(token) ?? 0) - RENEW_BEFORE_MS;
        timer = setTimeout(renewIfDue, Math.min(MAX_TIMER_MS, Math.max(0, renewAt - Date.now())));
        return;
      }
      if (isTokenUsable(token) && document.visibilityState !== 'visible') return;
      void renewSession(token).then((result) => {
        // Offline or rate limited: the session may be fine; ask again in a while.
        if (!cancelled && !result.ok && result.reason === 'unreachable') timer = setTimeout(renewIfDue, RETRY_MS);
      });
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible') renewIfDue();
    };
    renewIfDue();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      cancelled = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [token, signedIn]);

  // Another tab signed out or in as someone else: drop what this tab cached for the previous user.
  const userId = current?.user.id ?? null;
  const lastUserId = useRef(userId);
  useEffect(() => {
    if (lastUserId.current !== null && lastUserId.current !== userId) {
      queryClient.removeQueries({ queryKey: queryKeys.bookings });
      queryClient.removeQueries({ queryKey: queryKeys.admin.all });
      queryClient.removeQueries({ queryKey: queryKeys.me });
    }
    lastUserId.current = userId;
  }, [userId, queryClient]);

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
