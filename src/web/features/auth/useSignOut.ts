import { useCallback, useState } from 'react';
import { useNavigate } from 'react-router';
import { endServerSession } from '../../api/renewal';

let pendingSignOut = false;

/**
 * True once after a sign-out has left the page it started on; SessionGate then forgets the session.
 * Forgetting it before leaving would have the private page's guard redirect to sign-in first (route
 * changes render as transitions, the session store renders at once).
 */
export function takePendingSignOut(): boolean {
  const pending = pendingSignOut;
  pendingSignOut = false;
  return pending;
}

/**
 * Signs out: first revokes the session on the server (which also clears the refresh cookie, so a
 * later visitor to this browser cannot renew it), then goes to the showtimes, and there forgets the
 * session along with every cached answer.
 */
export function useSignOut() {
  const navigate = useNavigate();
  const [pending, setPending] = useState(false);
  const signOut = useCallback(async () => {
    setPending(true);
    await endServerSession();
    pendingSignOut = true;
    navigate('/');
  }, [navigate]);
  return { signOut, pending };
}
