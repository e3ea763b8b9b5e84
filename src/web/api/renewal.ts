import type { RefreshResponse } from '../../contract/auth';
import { isTokenFresh, isTokenUsable, session } from './session';

/** A renewed access token, or why there is none: the session is over, or the server could not be asked. */
export type Renewal = { ok: true; token: string } | { ok: false; reason: 'ended' | 'unreachable' };

const LOCK_NAME = 'bmm.session-refresh';
const TIMEOUT_MS = 15_000;
const JSON_HEADERS = { accept: 'application/json', 'content-type': 'application/json' };

let inflight: Promise<Renewal> | null = null;

/**
 * Runs `task` while holding a browser-wide lock, so tabs take turns: each refresh token works once,
 * and the server signs out the whole session when one is sent twice. Without Web Locks (an old
 * browser, or plain http off localhost) tabs still serialise within themselves.
 */
function exclusive<T>(task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (!locks?.request) return task();
  return locks.request(LOCK_NAME, task) as Promise<T>;
}

async function refresh(known: string | null): Promise<Renewal> {
  // Another tab may have renewed while this one waited for the lock: use its token, spend nothing.
  const latest = session.reload();
  if (!latest) return { ok: false, reason: 'ended' };
  if (latest.token !== known && isTokenFresh(latest.token)) return { ok: true, token: latest.token };

  let response: Response;
  try {
    // The refresh token rides in the HttpOnly cookie; the body stays empty.
    response = await fetch('/api/auth/refresh', {
      method: 'POST',
      headers: JSON_HEADERS,
      body: '{}',
      credentials: 'same-origin',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    return { ok: false, reason: 'unreachable' };
  }
  if (response.ok) {
    // By cookie, the answer carries no refresh token: the new one is only in the HttpOnly cookie.
    const body = (await response.json().catch(() => null)) as RefreshResponse | null;
    if (!body?.access_token || !body.user) return { ok: false, reason: 'unreachable' };
    // Signed out while the answer was on its way: do not bring the session back.
    if (!session.get()) return { ok: false, reason: 'ended' };
    session.renewed(body.access_token, body.user);
    return { ok: true, token: body.access_token };
  }
  if (response.status === 401 || response.status === 403) {
    // Another tab (without the lock) may have spent the cookie first and stored what it got.
    const again = session.reload();
    if (again && again.token !== known && isTokenUsable(again.token)) return { ok: true, token: again.token };
    return { ok: false, reason: 'ended' };
  }
  // Rate limited or a server error: the session may well be fine; try again later.
  return { ok: false, reason: 'unreachable' };
}

/**
 * A usable access token for the current session, from the refresh cookie when needed. Callers
 * share one refresh in flight per tab. `rejected` is a token the server has just refused: a
 * different, fresh token (renewed meanwhile) is returned as it is. When the session has ended the
 * user is sent to sign in, once, with the "session expired" message.
 */
export function renewSession(rejected?: string | null): Promise<Renewal> {
  const current = session.get();
  if (!current) return Promise.resolve({ ok: false, reason: 'ended' });
  if (current.token !== (rejected ?? null) && isTokenFresh(current.token)) {
    return Promise.resolve({ ok: true, token: current.token });
  }
  if (!inflight) {
    const known = current.token;
    inflight = exclusive(() => refresh(known))
      .then((result) => {
        if (!result.ok && result.reason === 'ended' && session.get()) session.requireSignIn('expired');
        return result;
      })
      .finally(() => {
        inflight = null;
      });
  }
  return inflight;
}

/** Revokes this browser's session on the server (and its cookie). Never throws. */
export function endServerSession(): Promise<void> {
  // Inside the lock, so a refresh in flight cannot hand out a new token after the sign-out.
  return exclusive(async () => {
    try {
      await fetch('/api/auth/logout', {
        method: 'POST',
        headers: JSON_HEADERS,
        body: '{}',
        credentials: 'same-origin',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch {
      // Offline: the local session still ends; the refresh token expires on its own.
    }
  });
}
