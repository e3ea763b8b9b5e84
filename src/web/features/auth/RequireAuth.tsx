import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { session } from '../../api/session';
import { Forbidden } from './Forbidden';
import { signInPath } from './signInPath';
import { useSession } from './useSession';

/** Guards a screen: signed-in users only, or admins only (the API refuses the calls as well). */
export function RequireAuth({ adminOnly = false, children }: { adminOnly?: boolean; children: ReactNode }) {
  const current = useSession();
  const location = useLocation();
  if (!current) {
    const reason = session.endedReason() ?? 'required';
    return <Navigate to={signInPath(reason, location.pathname + location.search)} replace />;
  }
  if (adminOnly && current.user.role !== 'admin') return <Forbidden />;
  return children;
}
