import { useSyncExternalStore } from 'react';
import { type Session, session } from '../../api/session';

export function useSession(): Session | null {
  return useSyncExternalStore(session.subscribe, session.get);
}
