import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { isStaff, type Role } from '../../../core/roles';
import { session } from '../../api/session';
import { Forbidden } from './Forbidden';
import { signInPath } from './signInPath';
import { useSession } from './useSession';

/** Guards a screen: signed-in users only, admins only, staff only, or the given roles (the API refuses the calls as well). */
export function RequireAuth({
  adminOnly = false,
  staffOnly = false,
  roles,
  children,
}: {
  adminOnly?: boolean;
  staffOnly?: boolean;
  roles?: readonly Role[];
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
  if (roles && !roles.includes(current.user.role)) return <Forbidden need="This screen needs a box office or admin account." />;
  return children;
}
