import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The session module reads localStorage when it loads, so each test loads a fresh copy after
// setting the scene. Node has no DOM: storage, fetch and the window are small stand-ins.

const user = {
  id: 7,
  email: 'dave@example.test',
  full_name: 'Dave',
  role: 'user',
  is_active: true,
  created_at: '2030-01-01T00:00:00Z',
};

function jwt(expiresInSeconds: number, tag = 'a'): string {
  const encode = (value: unknown) => btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${encode({ alg: 'HS256' })}.${encode({ sub: '7', exp: Math.floor(Date.now() / 1000) + expiresInSeconds, tag })}.sig`;
}

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
    removeItem: (key: string) => void data.delete(key),
  };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const loginResponse = (token: string) => ({
  access_token: token,
  token_type: 'bearer',
  expires_in: 900,
  refresh_token: 'r',
  refresh_expires_in: 3600,
  user,
});

let storage: ReturnType<typeof memoryStorage>;
let fetchMock: ReturnType<typeof vi.fn>;

async function load(token?: string | null) {
  storage = memoryStorage(token === undefined ? {} : { 'bmm.session': JSON.stringify({ token, user }) });
  fetchMock = vi.fn();
  vi.stubGlobal('localStorage', storage);
  vi.stubGlobal('fetch', fetchMock);
  vi.stubGlobal('window', { addEventListener: () => {} });
  vi.resetModules();
  const { session } = await import('./session');
  const { renewSession } = await import('./renewal');
  const { api, ApiError } = await import('./client');
  const signInRequired = vi.fn();
  session.onSignInRequired(signInRequired);
  return { session, renewSession, api, ApiError, signInRequired };
}

const stored = () => JSON.parse(storage.getItem('bmm.session') ?? 'null') as { token: string | null } | null;
const calls = (path: string) => fetchMock.mock.calls.filter(([url]) => String(url).startsWith(path));

beforeEach(() => vi.unstubAllGlobals());
afterEach(() => vi.unstubAllGlobals());

describe('renewing the access token', () => {
  it('keeps a fresh token and asks the server for nothing', async () => {
    const fresh = jwt(600);
    const { renewSession } = await load(fresh);
    expect(await renewSession()).toEqual({ ok: true, token: fresh });
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('spends the refresh cookie once for any number of callers, and never stores a refresh token', async () => {
    const { renewSession, session } = await load(jwt(-60));
    const renewed = jwt(900, 'b');
    const answers: ((response: Response) => void)[] = [];
    fetchMock.mockImplementation(() => new Promise<Response>((resolve) => answers.push(resolve)));
    const pending = [renewSession(), renewSession(), renewSession()];
    await vi.waitFor(() => expect(answers.length).toBeGreaterThan(0));
    for (const answer of answers) answer(json(200, loginResponse(renewed)));
    const results = await Promise.all(pending);
    expect(results.every((r) => r.ok && r.token === renewed)).toBe(true);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/auth/refresh');
    expect(init).toMatchObject({ method: 'POST', body: '{}', credentials: 'same-origin' });
    expect(session.get()?.token).toBe(renewed);
    expect(storage.getItem('bmm.session')).not.toContain('refresh');
  });

  it('uses what another tab stored when the refresh token was already spent there', async () => {
    const { renewSession, signInRequired } = await load(jwt(-60));
    const otherTab = jwt(900, 'other');
    fetchMock.mockImplementation(async () => {
      storage.setItem('bmm.session', JSON.stringify({ token: otherTab, user }));
      return json(401, { code: 'NOT_AUTHENTICATED', detail: 'reused' });
    });
    expect(await renewSession()).toEqual({ ok: true, token: otherTab });
    expect(signInRequired).not.toHaveBeenCalled();
  });

  it('takes a token another tab stored before this one asked, without spending the cookie', async () => {
    const { renewSession } = await load(jwt(-60));
    const otherTab = jwt(900, 'other');
    storage.setItem('bmm.session', JSON.stringify({ token: otherTab, user }));
    expect(await renewSession()).toEqual({ ok: true, token: otherTab });
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('ends the session and asks for sign-in (expired) when the refresh is refused', async () => {
    const { renewSession, session, signInRequired } = await load(jwt(-60));
    fetchMock.mockResolvedValue(json(401, { code: 'NOT_AUTHENTICATED', detail: 'gone' }));
    expect(await renewSession()).toEqual({ ok: false, reason: 'ended' });
    expect(signInRequired).toHaveBeenCalledTimes(1);
    expect(signInRequired).toHaveBeenCalledWith('expired');
    expect(session.get()).toBeNull();
    expect(stored()).toBeNull();
  });

  it('keeps the session when the server cannot be reached', async () => {
    const { renewSession, session, signInRequired } = await load(jwt(-60));
    fetchMock.mockRejectedValue(new TypeError('offline'));
    expect(await renewSession()).toEqual({ ok: false, reason: 'unreachable' });
    expect(signInRequired).not.toHaveBeenCalled();
    expect(session.get()?.user.email).toBe(user.email);
  });
});

describe('API calls with a session', () => {
  it('renews a dead token before sending, with the new token', async () => {
    const { api } = await load(jwt(-60));
    const renewed = jwt(900, 'b');
    fetchMock.mockImplementation(async (url: string) =>
      url === '/api/auth/refresh' ? json(200, loginResponse(renewed)) : json(200, [{ id: 1 }]),
    );
    expect(await api.get('/api/my-bookings')).toEqual([{ id: 1 }]);
    const [, init] = calls('/api/my-bookings')[0] as [string, RequestInit];
    expect((init.headers as Record<string, string>).authorization).toBe(`Bearer ${renewed}`);
  });

  it('renews a stored session that has no access token at all', async () => {
    const { api } = await load(null);
    const renewed = jwt(900, 'b');
    fetchMock.mockImplementation(async (url: string) =>
      url === '/api/auth/refresh' ? json(200, loginResponse(renewed)) : json(200, { ok: true }),
    );
    await api.get('/api/auth/me');
    expect(calls('/api/auth/refresh')).toHaveLength(1);
  });

  it('on a 401 renews once and retries the request once, keeping its idempotency key', async () => {
    const { api, signInRequired } = await load(jwt(600, 'old'));
    const renewed = jwt(900, 'new');
    fetchMock.mockImplementation(async (url: string, init: RequestInit) => {
      if (url === '/api/auth/refresh') return json(200, loginResponse(renewed));
      const auth = (init.headers as Record<string, string>).authorization;
      return auth === `Bearer ${renewed}` ? json(201, { ok: true }) : json(401, { code: 'NOT_AUTHENTICATED', detail: 'no' });
    });
    expect(await api.post('/api/book-seats', { seat_ids: [1] }, { idempotencyKey: 'k1' })).toEqual({ ok: true });
    const attempts = calls('/api/book-seats') as [string, RequestInit][];
    expect(attempts).toHaveLength(2);
    expect(attempts.map(([, init]) => (init.headers as Record<string, string>)['idempotency-key'])).toEqual(['k1', 'k1']);
    expect(signInRequired).not.toHaveBeenCalled();
  });

  it('sends the user to sign in when the renewal fails, and does not retry', async () => {
    const { api, ApiError, signInRequired } = await load(jwt(600, 'old'));
    fetchMock.mockResolvedValue(json(401, { code: 'NOT_AUTHENTICATED', detail: 'no' }));
    await expect(api.get('/api/my-bookings')).rejects.toBeInstanceOf(ApiError);
    expect(calls('/api/my-bookings')).toHaveLength(1);
    expect(calls('/api/auth/refresh')).toHaveLength(1);
    expect(signInRequired).toHaveBeenCalledWith('expired');
  });

  it('leaves a wrong password to the form: no renewal, no sign-in redirect', async () => {
    const { api, signInRequired } = await load(jwt(600));
    fetchMock.mockResolvedValue(json(401, { code: 'INVALID_CREDENTIALS', detail: 'wrong' }));
    await expect(api.post('/api/auth/change-password', {})).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(calls('/api/auth/refresh')).toHaveLength(0);
    expect(signInRequired).not.toHaveBeenCalled();
  });

  it('without a session, a 401 asks for sign-in (required) and no refresh is tried', async () => {
    const { api, signInRequired } = await load();
    fetchMock.mockResolvedValue(json(401, { code: 'NOT_AUTHENTICATED', detail: 'no' }));
    await expect(api.get('/api/my-bookings')).rejects.toMatchObject({ status: 401 });
    expect(calls('/api/auth/refresh')).toHaveLength(0);
    expect(signInRequired).toHaveBeenCalledWith('required');
  });
});
