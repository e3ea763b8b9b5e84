import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { isStaff } from '../../../core/roles';
import { session } from '../../api/session';
import { Forbidden } from './Forbidden';
import { signInPath } from './signInPath';
import { useSession } from './useSession';

/** Guards a screen: signed-in users only, or admins (or staff) only (the API refuses the calls as well). */
export function RequireAuth({
  adminOnly = false,
  staffOnly = false,
  children,
}: {
  adminOnly?: boolean;
  staffOnly?: boolean;
  children: ReactNode;
}) {
  const current = useSession();
  const location = useLocation();
  if (!current) {
    const reason = session.endedReason() ?? 'required';
    return <Navigate to={signInPath(reason, location.pathname + location.search)} replace />;
  }
  if (adminOnly && current.user.role !== 'admin') return <Forbidden />;
  if (staffOnly && !isStaff(current.user.role)) {
    return <Forbidden need="The door screen needs a staff account (usher, box office or admin)." />;
  }
  return children;
}
