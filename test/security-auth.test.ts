import { readFileSync } from 'node:fs';
import { createSigner } from 'fast-jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { authThrottles } from '../src/server/plugins/security.js';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../src/services/tokens.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * SECURITY.md, "Authentication and sessions" and "Passwords": token lifetime and validation,
 * refresh-token rotation with reuse detection, logout, password change, password policy and
 * login throttling. Runs on SQLite and on PostgreSQL (DATABASE_URL=postgres://...).
 */

// The shipped default (no ACCESS_TOKEN_TTL_SECONDS set). A SECRET_KEY is given so loading the
// configuration writes no development secret to disk.
const DEFAULTS = loadConfig({ SECRET_KEY: 'a-secret-for-reading-the-defaults-0123456789' });

let t: TestApp;
beforeAll(async () => {
  // The whole file runs with the default access-token lifetime.
  t = await createTestApp({ config: { accessTokenTtlSeconds: DEFAULTS.accessTokenTtlSeconds } });
});
afterAll(async () => t.close());

let emailCount = 0;
const freshEmail = (prefix = 'sec') => `${prefix}${++emailCount}-${Math.random().toString(36).slice(2, 8)}@example.com`;
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const signWith = (key: string, payload: Record<string, unknown>) => createSigner({ key, algorithm: 'HS256' })(payload);

const login = (email: string, password: string, app: TestApp = t) =>
  app.call('POST', '/api/auth/login', { body: { email, password } });
const me = (token: string) => t.call('GET', '/api/auth/me', { token });
const refresh = (refreshToken: string) => t.call('POST', '/api/auth/refresh', { body: { refresh_token: refreshToken } });

async function signIn(user: { email: string; password: string }) {
  const res = await login(user.email, user.password);
  expect(res.status, res.raw).toBe(200);
  return res.body as { access_token: string; refresh_token: string; expires_in: number };
}

/** The claims a genuine access token carries, at the service clock. */
function claimsFor(userId: number, extra: Record<string, unknown> = {}) {
  const iat = Math.floor(t.clock.now() / 1000);
  return {
    sub: String(userId),
    role: 'user',
    typ: 'access',
    iat,
    exp: iat + DEFAULTS.accessTokenTtlSeconds,
    iss: TOKEN_ISSUER,
    aud: TOKEN_AUDIENCE,
    ...extra,
  };
}

function setCookieOf(headers: Record<string, unknown>): string[] {
  const raw = headers['set-cookie'];
  if (raw === undefined) return [];
  return Array.isArray(raw) ? raw.map(String) : [String(raw)];
}

/** The refresh token a response set in the bmm_refresh cookie. */
const refreshCookieOf = (headers: Record<string, unknown>) =>
  /^bmm_refresh=([^;]*)/.exec(setCookieOf(headers).find((c) => c.startsWith('bmm_refresh=')) ?? '')?.[1] ?? '';

describe('access tokens', () => {
  it('live 15 minutes by default (ACCESS_TOKEN_TTL_SECONDS=900), by the service clock', async () => {
    expect(DEFAULTS.accessTokenTtlSeconds).toBe(900);
    const user = await t.makeUser();
    const session = await signIn(user);
    expect(session.expires_in).toBe(900);
    const [, payload = ''] = session.access_token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    expect(claims.exp - claims.iat).toBe(900);

    t.clock.advance(899_000);
    expect((await me(session.access_token)).status).toBe(200);
    t.clock.advance(2_000);
    const expired = await me(session.access_token);
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ code: 'NOT_AUTHENTICATED', detail: expect.any(String) });
  });

  describe('are refused with 401', () => {
    let user: Awaited<ReturnType<TestApp['makeUser']>>;
    let refreshToken: string;
    beforeAll(async () => {
      user = await t.makeUser();
      refreshToken = (await signIn(user)).refresh_token;
    });

    it('control: a token we sign with the real key and genuine claims is accepted', async () => {
      expect((await me(signWith(t.config.secretKey, claimsFor(user.id)))).status).toBe(200);
    });

    const cases: [string, () => string][] = [
      ['alg:none', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claimsFor(user.id))}.`],
      ['alg:none with an admin role', () => `${b64({ alg: 'none' })}.${b64(claimsFor(user.id, { role: 'admin' }))}.`],
      ['signed with another key', () => signWith('another-secret-key-of-sufficient-length-42', claimsFor(user.id))],
      ['a wrong issuer', () => signWith(t.config.secretKey, claimsFor(user.id, { iss: 'evil-issuer' }))],
      ['a wrong audience', () => signWith(t.config.secretKey, claimsFor(user.id, { aud: 'another-api' }))],
      [
        'an expired token',
        () => {
          const iat = Math.floor(t.clock.now() / 1000) - 3600;
          return signWith(t.config.secretKey, claimsFor(user.id, { iat, exp: iat + 900 }));
        },
      ],
      [
        'nbf in the future',
        () => signWith(t.config.secretKey, claimsFor(user.id, { nbf: Math.floor(t.clock.now() / 1000) + 600 })),
      ],
      ['the refresh token used as an access token', () => refreshToken],
      ['a JWT of another type (typ: refresh)', () => signWith(t.config.secretKey, claimsFor(user.id, { typ: 'refresh' }))],
      ['a token without exp', () => signWith(t.config.secretKey, { ...claimsFor(user.id), exp: undefined })],
      [
        'an HS512 token (algorithm not pinned)',
        () => createSigner({ key: t.config.secretKey, algorithm: 'HS512' })(claimsFor(user.id)),
      ],
    ];

    it.each(cases)('%s', async (_what, make) => {
      const res = await me(make());
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ code: 'NOT_AUTHENTICATED', detail: expect.any(String) });
      expect(res.raw).not.toContain(user.email);
    });

    it("a deactivated user's token (and refresh token)", async () => {
      const victim = await t.makeUser();
      const session = await signIn(victim);
      expect((await me(session.access_token)).status).toBe(200);
      await t.db.kysely.updateTable('users').set({ is_active: 0 }).where('id', '=', victim.id).execute();
      expect((await me(session.access_token)).status).toBe(401);
      expect((await me(victim.token)).status).toBe(401);
      expect((await refresh(session.refresh_token)).status).toBe(401);
    });
  });
});

describe('login sets the refresh token in the body and in a locked-down cookie', () => {
  it('bmm_refresh is HttpOnly, Secure, SameSite=Strict, Path=/api/auth and equals the body token', async () => {
    const user = await t.makeUser();
    const res = await login(user.email, user.password);
    expect(res.status).toBe(200);
    expect(res.body.refresh_token).toEqual(expect.any(String));
    const cookie = setCookieOf(res.headers).find((c) => c.startsWith('bmm_refresh='));
    expect(cookie, 'a bmm_refresh cookie is set').toBeDefined();
    const parts = (cookie as string).split(';').map((p) => p.trim());
    expect(parts[0]).toBe(`bmm_refresh=${res.body.refresh_token}`);
    const attributes = parts.slice(1).map((p) => p.toLowerCase());
    expect(attributes).toContain('httponly');
    expect(attributes).toContain('secure');
    expect(attributes).toContain('samesite=strict');
    expect(attributes).toContain('path=/api/auth');
  });
});

describe('refresh-token rotation (POST /api/auth/refresh)', () => {
  it('trades a refresh token (body) for a working new pair; the old one reused is 401 and kills the family', async () => {
    const user = await t.makeUser();
    const first = await signIn(user);
    const other = await signIn(user); // another device: a separate family

    const second = await refresh(first.refresh_token);
    expect(second.status, second.raw).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    expect((await me(second.body.access_token)).status).toBe(200);

    const third = await refresh(second.body.refresh_token);
    expect(third.status).toBe(200);

    // The stolen-and-replayed case: an already spent token comes back.
    const replay = await refresh(first.refresh_token);
    expect(replay.status).toBe(401);
    expect(replay.body).toMatchObject({ code: 'NOT_AUTHENTICATED', detail: expect.any(String) });
    expect(replay.raw).not.toContain('access_token');

    // The whole family is revoked, including its newest token ...
    const newest = await refresh(third.body.refresh_token);
    expect(newest.status).toBe(401);
    const rows = await t.db.kysely.selectFrom('refresh_tokens').select(['revoked_at']).where('user_id', '=', user.id).execute();
    expect(rows).toHaveLength(4); // first, second, third, and the other device's
    expect(rows.filter((r) => r.revoked_at !== null)).toHaveLength(3);

    // ... but the user's other session is untouched.
    const elsewhere = await refresh(other.refresh_token);
    expect(elsewhere.status).toBe(200);
    expect((await me(elsewhere.body.access_token)).status).toBe(200);
  });

  it('works from the cookie alone with an empty body, and rotates the cookie', async () => {
    const user = await t.makeUser();
    const first = await signIn(user);
    const res = await t.call('POST', '/api/auth/refresh', {
      body: {},
      headers: { cookie: `bmm_refresh=${first.refresh_token}` },
    });
    expect(res.status, res.raw).toBe(200);
    expect((await me(res.body.access_token)).status).toBe(200);
    const rotated = refreshCookieOf(res.headers);
    expect(rotated).toMatch(/^[\w-]{43}$/);
    expect(rotated).not.toBe(first.refresh_token);
    // The cookie's token is spent too: replaying it is a reuse.
    const again = await t.call('POST', '/api/auth/refresh', {
      body: {},
      headers: { cookie: `bmm_refresh=${first.refresh_token}` },
    });
    expect(again.status).toBe(401);
    expect((await refresh(rotated)).status).toBe(401);
  });

  it('a refresh by cookie keeps the new refresh token out of the body; a refresh by body still answers with it', async () => {
    const user = await t.makeUser();
    const first = await signIn(user);
    const byCookie = await t.call('POST', '/api/auth/refresh', {
      body: {},
      headers: { cookie: `bmm_refresh=${first.refresh_token}` },
    });
    expect(byCookie.status, byCookie.raw).toBe(200);
    expect(byCookie.body).not.toHaveProperty('refresh_token');
    const rotated = refreshCookieOf(byCookie.headers);
    expect(rotated).toMatch(/^[\w-]{43}$/);
    expect(byCookie.raw).not.toContain(rotated);
    expect(byCookie.body).toMatchObject({ token_type: 'bearer', refresh_expires_in: t.config.refreshTokenTtlSeconds });
    expect((await me(byCookie.body.access_token)).status).toBe(200);

    // An API client sends its token in the body and gets the next one there (and in the cookie).
    const byBody = await refresh(rotated);
    expect(byBody.status, byBody.raw).toBe(200);
    expect(byBody.body.refresh_token).toMatch(/^[\w-]{43}$/);
    expect(refreshCookieOf(byBody.headers)).toBe(byBody.body.refresh_token);
  });

  it('refuses no token, an unknown token and an expired one with 401', async () => {
    expect((await t.call('POST', '/api/auth/refresh', { body: {} })).status).toBe(401);
    expect((await refresh('made-up-refresh-token')).status).toBe(401);
    const user = await t.makeUser();
    const session = await signIn(user);
    t.clock.advance(t.config.refreshTokenTtlSeconds * 1000 + 1000);
    expect((await refresh(session.refresh_token)).status).toBe(401);
  });

  it('two racing uses of one refresh token: at most one succeeds', async () => {
    const user = await t.makeUser();
    const session = await signIn(user);
    const results = await Promise.all([refresh(session.refresh_token), refresh(session.refresh_token)]);
    const ok = results.filter((r) => r.status === 200);
    expect(ok.length).toBeLessThanOrEqual(1);
    expect(results.every((r) => r.status === 200 || r.status === 401)).toBe(true);
  });

  it("10 concurrent uses of one refresh token, 10 rounds: exactly one wins each round, and the reuse ends the family, the winner's new token included", async () => {
    const race = await createTestApp();
    try {
      const winners: number[] = [];
      const survivors: number[] = [];
      for (let round = 0; round < 10; round++) {
        // A minute a round keeps the per-address limit of 100 refreshes a minute out of the way.
        race.clock.advance(61_000);
        const user = await race.makeUser();
        const session = await login(user.email, user.password, race);
        expect(session.status, session.raw).toBe(200);
        const results = await Promise.all(
          Array.from({ length: 10 }, () =>
            race.call('POST', '/api/auth/refresh', { body: { refresh_token: session.body.refresh_token } }),
          ),
        );
        const odd = results.filter((r) => r.status !== 200 && r.status !== 401);
        expect(odd.map((r) => `${r.status} ${r.raw}`)).toEqual([]);
        const won = results.filter((r) => r.status === 200);
        winners.push(won.length);
        const live = await race.db.kysely
          .selectFrom('refresh_tokens')
          .select('id')
          .where('user_id', '=', user.id)
          .where('revoked_at', 'is', null)
          .execute();
        survivors.push(live.length);
        for (const winner of won) {
          const next = await race.call('POST', '/api/auth/refresh', { body: { refresh_token: winner.body.refresh_token } });
          expect(next.status, `round ${round + 1}: the winner's new token`).toBe(401);
        }
      }
      expect(winners).toEqual(Array(10).fill(1));
      expect(survivors).toEqual(Array(10).fill(0));
    } finally {
      await race.close();
    }
  });
});

describe('logout (POST /api/auth/logout)', () => {
  it('revokes the refresh token (body or cookie) and clears the cookie', async () => {
    const user = await t.makeUser();
    const a = await signIn(user);
    const out = await t.call('POST', '/api/auth/logout', { body: { refresh_token: a.refresh_token } });
    expect(out.status).toBe(204);
    const cleared = setCookieOf(out.headers).find((c) => c.startsWith('bmm_refresh='));
    expect(cleared).toMatch(/^bmm_refresh=;/);
    expect((await refresh(a.refresh_token)).status).toBe(401);

    const b = await signIn(user);
    const viaCookie = await t.call('POST', '/api/auth/logout', {
      body: {},
      headers: { cookie: `bmm_refresh=${b.refresh_token}` },
    });
    expect(viaCookie.status).toBe(204);
    expect((await refresh(b.refresh_token)).status).toBe(401);
  });
});

describe('change password (POST /api/auth/change-password)', () => {
  it('ends every session of the user: old refresh and access tokens are 401, the new pair works', async () => {
    const user = await t.makeUser();
    const bystander = await t.makeUser();
    const bystanderSession = await signIn(bystander);
    const laptop = await signIn(user);
    const phone = await signIn(user);
    // Access tokens carry whole-second issue times; the change happens at least a second later.
    t.clock.advance(1_000);

    const newPassword = 'a-brand-new-passphrase-2';
    const res = await t.call('POST', '/api/auth/change-password', {
      token: laptop.access_token,
      body: { current_password: user.password, new_password: newPassword },
    });
    expect(res.status, res.raw).toBe(200);
    expect(res.body).toMatchObject({ access_token: expect.any(String), refresh_token: expect.any(String) });

    for (const old of [laptop, phone]) {
      expect((await me(old.access_token)).status, 'old access token').toBe(401);
      expect((await refresh(old.refresh_token)).status, 'old refresh token').toBe(401);
    }
    expect((await me(user.token)).status, 'an access token issued earlier still').toBe(401);

    expect((await me(res.body.access_token)).status).toBe(200);
    const rotated = await refresh(res.body.refresh_token);
    expect(rotated.status).toBe(200);
    expect((await me(rotated.body.access_token)).status).toBe(200);

    expect((await login(user.email, user.password)).status).toBe(401);
    expect((await login(user.email, newPassword)).status).toBe(200);

    // Another user's sessions are not touched.
    expect((await me(bystanderSession.access_token)).status).toBe(200);
    expect((await refresh(bystanderSession.refresh_token)).status).toBe(200);
  });

  it('a wrong current password is 401 and changes nothing', async () => {
    const user = await t.makeUser();
    const session = await signIn(user);
    const before = await t.db.kysely.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
    const res = await t.call('POST', '/api/auth/change-password', {
      token: session.access_token,
      body: { current_password: 'not-my-password', new_password: 'a-brand-new-passphrase-3' },
    });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'INVALID_CREDENTIALS', detail: expect.any(String) });
    const after = await t.db.kysely.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
    expect(after).toEqual(before);
    expect((await me(session.access_token)).status).toBe(200);
    expect((await refresh(session.refresh_token)).status).toBe(200);
  });

  it('needs a token, and applies the password policy to the new password (422)', async () => {
    expect(
      (await t.call('POST', '/api/auth/change-password', { body: { current_password: 'x', new_password: 'whatever-long-1' } }))
        .status,
    ).toBe(401);
    const user = await t.makeUser();
    for (const weak of ['short', 'iloveyou', 'x'.repeat(129)]) {
      const res = await t.call('POST', '/api/auth/change-password', {
        token: user.token,
        body: { current_password: user.password, new_password: weak },
      });
      expect(res.status, weak).toBe(422);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    expect((await login(user.email, user.password)).status).toBe(200);
  });
});

describe('password policy', () => {
  const common = readFileSync(new URL('../src/security/common-passwords.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((l) => l.trim());
  const register = (password: string, email = freshEmail()) =>
    t.call('POST', '/api/auth/register', { body: { email, password, full_name: 'Policy Person' } });

  it.each([
    ['7 characters', 'k7#mQ2v'],
    ['129 characters', 'Zq9!'.repeat(32).concat('x')],
    ['empty', ''],
  ])('refuses a password of %s with 422', async (_what, password) => {
    const before = await t.tableCounts();
    const res = await register(password);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', detail: expect.any(String) });
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'body/password' })]));
    expect(await t.tableCounts()).toEqual(before);
  });

  const picks = ['password1', 'iloveyou', 'qwertyuiop', 'trustno1'];
  it.each(picks)('refuses the common password %s (also in other case) with 422', async (password) => {
    expect(common, `${password} is on the shipped list`).toContain(password);
    for (const variant of [password, password.toUpperCase()]) {
      const res = await register(variant);
      expect(res.status, variant).toBe(422);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.detail).toMatch(/common/);
    }
  });

  it('accepts 8 and 128 characters', async () => {
    expect((await register('k7#mQ2vz')).status).toBe(201);
    expect((await register('Zq9!'.repeat(32))).status).toBe(201);
  });

  it('does not truncate: 100 bytes registered, the first 72 bytes do not log in', async () => {
    const email = freshEmail('long');
    const password = 'Lp3$-correct-horse-battery-staple-'.repeat(3).slice(0, 100);
    expect(Buffer.byteLength(password)).toBe(100);
    expect((await register(password, email)).status).toBe(201);
    const prefix = password.slice(0, 72);
    expect(Buffer.byteLength(prefix)).toBe(72);
    expect((await login(email, prefix)).status).toBe(401);
    expect((await login(email, `${password.slice(0, 99)}!`)).status).toBe(401);
    expect((await login(email, password)).status).toBe(200);
  });

  it.each([
    ['emoji', '🎬🍿🎟️ night at the 🎥'],
    ['CJK', '映画館のチケットを予約する'],
    ['right-to-left', 'كلمة المرور الطويلة للسينما'],
    ['mixed scripts and combining marks', 'Ünïcödé-パス-пароль-ß̶'],
  ])('accepts a %s password and signs in with it (but not with a near miss)', async (_what, password) => {
    const email = freshEmail('uni');
    const res = await register(password, email);
    expect(res.status, res.raw).toBe(201);
    expect((await login(email, password)).status).toBe(200);
    expect((await login(email, password.slice(0, -1))).status).toBe(401);
  });
});

describe('login throttling and account probing', () => {
  let fresh: TestApp;
  beforeAll(async () => {
    fresh = await createTestApp();
  });
  afterAll(async () => fresh.close());

  it('repeated failures for one account give 429 with Retry-After; another account from the same address still signs in', async () => {
    const victim = await fresh.makeUser();
    const neighbour = await fresh.makeUser();
    const max = authThrottles.loginFailuresPerAccount.max;
    for (let i = 0; i < max; i++) {
      const res = await login(victim.email, `wrong-guess-${i}`, fresh);
      expect(res.status, `attempt ${i + 1}`).toBe(401);
    }
    const blocked = await login(victim.email, 'wrong-guess-again', fresh);
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({ code: 'RATE_LIMITED', detail: expect.any(String) });
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.headers['content-type']).toMatch(/^application\/json/);

    // Even the right password (and the address in another case) waits now.
    expect((await login(victim.email, victim.password, fresh)).status).toBe(429);
    expect((await login(victim.email.toUpperCase(), victim.password, fresh)).status).toBe(429);

    // The throttle is per account: the same client address signs someone else in.
    expect((await login(neighbour.email, neighbour.password, fresh)).status).toBe(200);

    // The window passes, and the owner signs in.
    fresh.clock.advance(authThrottles.loginFailuresPerAccount.windowMs);
    expect((await login(victim.email, victim.password, fresh)).status).toBe(200);
  });

  it('counts only failures: an account that signs in often is never throttled', async () => {
    const regular = await fresh.makeUser();
    for (let i = 0; i < authThrottles.loginFailuresPerAccount.max + 5; i++) {
      expect((await login(regular.email, regular.password, fresh)).status).toBe(200);
    }
  });

  it('24 concurrent wrong passwords for one account: only 10 reach the password check (401), the other 14 get 429 with Retry-After', async () => {
    const target = await fresh.makeUser();
    const max = authThrottles.loginFailuresPerAccount.max;
    const results = await Promise.all(Array.from({ length: 24 }, (_, i) => login(target.email, `concurrent-guess-${i}`, fresh)));
    const refused = results.filter((r) => r.status === 429);
    expect({ checked: results.filter((r) => r.status === 401).length, refused: refused.length }).toEqual({
      checked: max,
      refused: 24 - max,
    });
    for (const r of refused) {
      expect(r.body).toMatchObject({ code: 'RATE_LIMITED' });
      expect(Number(r.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect((await login(target.email, target.password, fresh)).status).toBe(429);
  });

  it('a correct password gives back only its own attempt: earlier failures stay counted for their window', async () => {
    const user = await fresh.makeUser();
    const max = authThrottles.loginFailuresPerAccount.max;
    for (let i = 0; i < max - 1; i++) expect((await login(user.email, `wrong-${i}`, fresh)).status).toBe(401);
    expect((await login(user.email, user.password, fresh)).status).toBe(200);
    expect((await login(user.email, 'wrong-again', fresh)).status).toBe(401);
    expect((await login(user.email, user.password, fresh)).status).toBe(429);
  });

  it('an unknown email and a wrong password answer alike, and both pay for an argon2 check', async () => {
    const user = await fresh.makeUser();
    const time = async (email: string, password: string) => {
      const started = performance.now();
      const res = await login(email, password, fresh);
      return { ms: performance.now() - started, res };
    };
    await time(freshEmail('warmup'), 'warm-up-password'); // builds the dummy hash once
    const unknown: number[] = [];
    const wrong: number[] = [];
    let unknownRaw = '';
    let wrongRaw = '';
    for (let i = 0; i < 5; i++) {
      const u = await time(freshEmail('nobody'), 'some-password-1');
      const w = await time(user.email, `not-the-password-${i}`);
      expect(u.res.status).toBe(401);
      expect(w.res.status).toBe(401);
      unknown.push(u.ms);
      wrong.push(w.ms);
      unknownRaw = u.res.raw;
      wrongRaw = w.res.raw;
    }
    expect(unknownRaw).toBe(wrongRaw);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    // Without a dummy verify an unknown email answers in well under a millisecond.
    expect(median(unknown)).toBeGreaterThan(5);
    expect(median(wrong)).toBeGreaterThan(5);
    const ratio = median(unknown) / median(wrong);
    expect(ratio).toBeGreaterThan(0.25);
    expect(ratio).toBeLessThan(4);
  });
});

describe('change-password throttling', () => {
  let fresh: TestApp;
  beforeAll(async () => {
    fresh = await createTestApp();
  });
  afterAll(async () => fresh.close());

  const NEW_PASSWORD = 'a-brand-new-passphrase-7';
  const change = (app: TestApp, token: string, current: string, body: object = { new_password: NEW_PASSWORD }) =>
    app.call('POST', '/api/auth/change-password', { token, body: { current_password: current, ...body } });
  /** A user's password-change entries with this outcome in the audit log. */
  const passwordChanges = async (app: TestApp, userId: number, outcome: 'failure' | 'blocked') =>
    (
      await app.db.kysely
        .selectFrom('audit_log')
        .select('id')
        .where('action', '=', 'auth.password_change')
        .where('outcome', '=', outcome)
        .where('target_id', '=', String(userId))
        .execute()
    ).length;
  /** Wrong current passwords that reached the argon2 check: each writes a failure entry, after the check. */
  const checkedAndWrong = (app: TestApp, userId: number) => passwordChanges(app, userId, 'failure');

  it('10 wrong current passwords are 401, then 429 with Retry-After before the hash, even for the right one, until the window passes', async () => {
    const user = await fresh.makeUser();
    const { max, windowMs } = authThrottles.loginFailuresPerAccount;
    for (let i = 0; i < max; i++) {
      expect((await change(fresh, user.token, `wrong-guess-${i}`)).status, `guess ${i + 1}`).toBe(401);
    }
    for (let i = 0; i < 3; i++) {
      const refused = await change(fresh, user.token, `wrong-guess-more-${i}`);
      expect(refused.status, `guess ${max + i + 1}`).toBe(429);
      expect(refused.body).toEqual({
        code: 'RATE_LIMITED',
        detail: `Too many failed password checks for this account; try again in ${refused.headers['retry-after']} seconds`,
      });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(windowMs / 1000);
    }
    // The right current password waits too, and so does signing in: one budget per account.
    expect((await change(fresh, user.token, user.password)).status).toBe(429);
    expect((await login(user.email, user.password, fresh)).status).toBe(429);
    // Only the first 10 reached the password check; the 4 refusals did not, and are recorded as blocked.
    expect(await checkedAndWrong(fresh, user.id)).toBe(max);
    expect(await passwordChanges(fresh, user.id, 'blocked')).toBe(4);

    fresh.clock.advance(windowMs);
    const changed = await change(fresh, user.token, user.password);
    expect(changed.status, changed.raw).toBe(200);
    expect((await login(user.email, NEW_PASSWORD, fresh)).status).toBe(200);
  });

  it('shares the budget with sign-in: after 6 failed sign-ins, 4 wrong current passwords are checked and the 5th is 429', async () => {
    const user = await fresh.makeUser();
    for (let i = 0; i < 6; i++) expect((await login(user.email, `wrong-sign-in-${i}`, fresh)).status).toBe(401);
    for (let i = 0; i < 4; i++) expect((await change(fresh, user.token, `wrong-current-${i}`)).status).toBe(401);
    expect((await change(fresh, user.token, 'wrong-current-again')).status).toBe(429);
    expect(await checkedAndWrong(fresh, user.id)).toBe(4);
  });

  it('a correct change gives its own point back: 9 wrong, a change (200), then 1 more wrong is 401 and the next 429', async () => {
    const user = await fresh.makeUser();
    const max = authThrottles.loginFailuresPerAccount.max;
    for (let i = 0; i < max - 1; i++) expect((await change(fresh, user.token, `wrong-${i}`)).status).toBe(401);
    const changed = await change(fresh, user.token, user.password);
    expect(changed.status, changed.raw).toBe(200);
    const token = changed.body.access_token as string;
    expect((await change(fresh, token, 'wrong-after')).status).toBe(401);
    expect((await change(fresh, token, 'wrong-after-again')).status).toBe(429);
  });

  it('is limited per address like sign-in (100 a minute, its own count): the 101st is 429 for any account', async () => {
    const app = await createTestApp();
    try {
      const [first, second] = [await app.makeUser(), await app.makeUser()];
      const max = authThrottles.loginByIp.max;
      const statuses = [];
      // The limit counts requests, not outcomes: bodies that fail validation keep the test fast.
      for (let i = 0; i < max; i++) {
        statuses.push((await app.call('POST', '/api/auth/change-password', { token: first.token, body: {} })).status);
      }
      expect(new Set(statuses)).toEqual(new Set([422]));
      const refused = await change(app, second.token, second.password);
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({ code: 'RATE_LIMITED', detail: expect.stringMatching(/try again in \d+ seconds/) });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      // Its own count: sign-in from the same address is not used up.
      expect((await login(second.email, second.password, app)).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});
