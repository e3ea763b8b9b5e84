import type { User } from '../../contract/auth';

/** Why the user is being sent to the sign-in page; the page words its message from this. */
export type SignInReason = 'expired' | 'required';

export type Session = { token: string; user: User };

const STORAGE_KEY = 'bmm.session';
// Treat a token as expired a little early so a request never leaves with one that dies in flight.
const EXPIRY_MARGIN_MS = 5_000;

/** The `exp` claim of a JWT in milliseconds, or null when the token is not a readable JWT. */
export function tokenExpiry(token: string): number | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : null;
  } catch {
    return null;
  }
}

export function isTokenUsable(token: string, now = Date.now()): boolean {
  const expiry = tokenExpiry(token);
  return expiry !== null && expiry - EXPIRY_MARGIN_MS > now;
}

function readStored(): Session | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<Session> | null;
    if (typeof parsed?.token !== 'string' || typeof parsed.user?.email !== 'string') return null;
    return { token: parsed.token, user: parsed.user };
  } catch {
    return null;
  }
}

type SignInRequiredHandler = (reason: SignInReason) => void;

const stored = readStored();
// A stored session whose token is dead is dropped at load; remembering why lets the app explain it.
let endedReason: SignInReason | null = stored && !isTokenUsable(stored.token) ? 'expired' : null;
let current: Session | null = endedReason ? null : stored;
let staleAtLoad = endedReason !== null;
if (staleAtLoad) removeStored();
const listeners = new Set<() => void>();
let signInRequired: SignInRequiredHandler = () => {};

function removeStored() {
  try {
    localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage unavailable: nothing to remove.
  }
}

function write(next: Session | null) {
  current = next;
  try {
    if (next) localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Private mode or a full quota: the session still works until the tab closes.
  }
  for (const listener of listeners) listener();
}

/**
 * The signed-in session lives outside React so the fetch wrapper can read the token and end the
 * session on a 401 without a component in between; components subscribe through useSession.
 */
export const session = {
  get: (): Session | null => current,
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  signIn(token: string, user: User) {
    endedReason = null;
    write({ token, user });
  },
  updateUser: (user: User) => current && write({ ...current, user }),
  signOut() {
    endedReason = null;
    write(null);
  },
  /** Why the last session ended without the user signing out, so the sign-in page can say so. */
  endedReason: (): SignInReason | null => endedReason,
  /** Ends the session if it expired and asks the app to send the user to sign in (with a return path). */
  requireSignIn(reason: SignInReason) {
    if (reason === 'expired') {
      endedReason = 'expired';
      if (current) write(null);
    }
    signInRequired(reason);
  },
  onSignInRequired(handler: SignInRequiredHandler): () => void {
    signInRequired = handler;
    return () => {
      if (signInRequired === handler) signInRequired = () => {};
    };
  },
  /** True once: a session was stored but its token had expired or was unreadable when the app loaded. */
  takeStaleAtLoad(): boolean {
    const stale = staleAtLoad;
    staleAtLoad = false;
    return stale;
  },
};
