import type { User } from '../../contract/auth';

/** Why the user is being sent to the sign-in page; the page words its message from this. */
export type SignInReason = 'expired' | 'required';

/**
 * What this device remembers of a signed-in user. The access token is short-lived (15 min) and may
 * be missing or dead; the session itself lasts as long as the refresh token, which the browser
 * keeps as an HttpOnly cookie that scripts never see (so it is never stored here).
 */
export type Session = { token: string | null; user: User };

const STORAGE_KEY = 'bmm.session';
// Treat a token as expired a little early so a request never leaves with one that dies in flight.
const EXPIRY_MARGIN_MS = 5_000;
/** Renew this long before the access token expires, so requests rarely meet a dead one. */
export const RENEW_BEFORE_MS = 60_000;

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

/** Still accepted by the server for at least a few seconds. */
export function isTokenUsable(token: string | null | undefined, now = Date.now()): token is string {
  if (!token) return false;
  const expiry = tokenExpiry(token);
  return expiry !== null && expiry - EXPIRY_MARGIN_MS > now;
}

/** Good for a while yet: no need to renew before using it. */
export function isTokenFresh(token: string | null | undefined, now = Date.now()): token is string {
  if (!token) return false;
  const expiry = tokenExpiry(token);
  return expiry !== null && expiry - RENEW_BEFORE_MS > now;
}

function readStored(): Session | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<Session> | null;
    if (typeof parsed?.user?.email !== 'string') return null;
    return { token: typeof parsed.token === 'string' ? parsed.token : null, user: parsed.user };
  } catch {
    return null;
  }
}

type SignInRequiredHandler = (reason: SignInReason) => void;

let current: Session | null = readStored();
let endedReason: SignInReason | null = null;
const listeners = new Set<() => void>();
let signInRequired: SignInRequiredHandler = () => {};

function notify() {
  for (const listener of listeners) listener();
}

function write(next: Session | null) {
  current = next;
  try {
    if (next) localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Private mode or a full quota: the session still works until the tab closes.
  }
  notify();
}

const sameSession = (a: Session | null, b: Session | null) =>
  a === b || (a !== null && b !== null && a.token === b.token && JSON.stringify(a.user) === JSON.stringify(b.user));

// Tabs share one session: a token renewed, a sign-out or a sign-in in another tab shows up here
// too, so this tab neither spends a refresh token that tab already spent nor shows a signed-out user's data.
if (typeof window !== 'undefined') {
  window.addEventListener('storage', (event) => {
    if (event.key !== STORAGE_KEY && event.key !== null) return;
    const next = readStored();
    if (sameSession(next, current)) return;
    current = next;
    notify();
  });
}

/**
 * The signed-in session lives outside React so the fetch wrapper can read the token and renew or
 * end the session without a component in between; components subscribe through useSession.
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
  /** A renewed access token (and the user as the server knows them now) for the same session. */
  renewed(token: string, user: User) {
    write({ token, user });
  },
  updateUser: (user: User) => current && write({ ...current, user }),
  /**
   * Picks up what another tab stored since this one last looked (a storage event may not have
   * arrived yet) and returns it.
   */
  reload(): Session | null {
    const stored = readStored();
    if (!sameSession(stored, current)) {
      current = stored;
      notify();
    }
    return current;
  },
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
};
