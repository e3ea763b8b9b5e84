import { createSigner } from 'fast-jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../src/services/tokens.js';
import { createTestApp, type TestApp } from './helpers/test-app.js';

const ACCESS_TOKEN_TTL = 1800;
const PASSWORD = 'a-long-enough-password';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t.close());

let emailCount = 0;
const freshEmail = (prefix = 'person') => `${prefix}${++emailCount}-${Math.random().toString(36).slice(2, 8)}@example.com`;

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The claims a genuine token of ours carries, for a user, at the service's current time. */
function claimsFor(userId: number, role: 'user' | 'admin' = 'user') {
  const iat = Math.floor(t.clock.now() / 1000);
  return { sub: String(userId), role, typ: 'access', iat, exp: iat + ACCESS_TOKEN_TTL, iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE };
}

const signWith = (key: string, payload: Record<string, unknown>) => createSigner({ key, algorithm: 'HS256' })(payload);

async function storedUser(email: string) {
  return t.db.kysely.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

async function register(body: Record<string, unknown>) {
  return t.call('POST', '/api/auth/register', { body });
}

// First in the file: these need a database in which no admin exists yet.
describe('first-time admin set-up (POST /api/auth/create-admin)', () => {
  it('lets exactly one of two concurrent first-time calls through, then reports set-up as done', async () => {
    expect((await t.call('GET', '/api/auth/setup')).body).toEqual({ admin_exists: false, setup_code_required: false });
    const emails = [freshEmail('racer'), freshEmail('racer')];
    const results = await Promise.all(
      emails.map((email) =>
        t.call('POST', '/api/auth/create-admin', { body: { email, password: PASSWORD, full_name: 'Racer' } }),
      ),
    );
    const created = results.filter((r) => r.status === 201);
    expect(created).toHaveLength(1);
    expect(created[0]?.body).toMatchObject({ role: 'admin', is_active: true });
    const refused = results.filter((r) => r.status !== 201);
    expect(refused).toHaveLength(1);
    expect(refused[0]?.status).toBe(401);

    const admins = await t.db.kysely.selectFrom('users').select('email').where('role', '=', 'admin').execute();
    expect(admins.map((a) => a.email)).toEqual([created[0]?.body.email]);
    expect((await t.call('GET', '/api/auth/setup')).body).toEqual({ admin_exists: true, setup_code_required: false });
  });

  it('the first admin can sign in with the password they chose', async () => {
    const [admin] = await t.db.kysely.selectFrom('users').select('email').where('role', '=', 'admin').execute();
    const login = await t.call('POST', '/api/auth/login', { body: { email: admin?.email, password: PASSWORD } });
    expect(login.status).toBe(200);
    expect(login.body.user.role).toBe('admin');
    const me = await t.call('GET', '/api/auth/me', { token: login.body.access_token });
    expect(me.status).toBe(200);
    expect(me.body.role).toBe('admin');
  });

  it('once an admin exists: no token 401, user token 403, admin token 201', async () => {
    const body = () => ({ email: freshEmail('admin'), password: PASSWORD, full_name: 'Second Admin' });
    const before = await t.tableCounts();

    const anonymous = await t.call('POST', '/api/auth/create-admin', { body: body() });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('NOT_AUTHENTICATED');

    const user = await t.makeUser('user');
    const asUser = await t.call('POST', '/api/auth/create-admin', { token: user.token, body: body() });
    expect(asUser.status).toBe(403);
    expect(asUser.body.code).toBe('FORBIDDEN');
    expect((await t.tableCounts()).users).toBe(before.users + 1); // only makeUser's row

    const admin = await t.makeUser('admin');
    const wanted = body();
    const asAdmin = await t.call('POST', '/api/auth/create-admin', { token: admin.token, body: wanted });
    expect(asAdmin.status).toBe(201);
    expect(asAdmin.body).toMatchObject({ email: wanted.email, role: 'admin', full_name: 'Second Admin' });
    expect((await storedUser(wanted.email))?.role).toBe('admin');
  });
});

describe('registration (POST /api/auth/register)', () => {
  it('creates a plain user and answers 201 with the public fields only', async () => {
    const email = freshEmail();
    const response = await register({ email, password: PASSWORD, full_name: 'Grace Hopper' });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      id: expect.any(Number),
      email,
      full_name: 'Grace Hopper',
      role: 'user',
      is_active: true,
      created_at: new Date(t.clock.now()).toISOString(),
    });
    expect(response.raw).not.toContain('password');
  });

  it('stores an argon2id hash, never the password itself', async () => {
    const email = freshEmail();
    await register({ email, password: PASSWORD, full_name: 'Hashed' });
    const row = await storedUser(email);
    expect(row?.password_hash.startsWith('$argon2id$')).toBe(true);
    expect(row?.password_hash).not.toContain(PASSWORD);
  });

  it('lower-cases emails, so the same address in other case is taken (409)', async () => {
    const email = freshEmail('MiXeD').replace('example.com', 'Example.COM');
    const first = await register({ email, password: PASSWORD, full_name: 'First' });
    expect(first.status).toBe(201);
    expect(first.body.email).toBe(email.toLowerCase());

    const before = await t.tableCounts();
    const again = await register({ email: email.toLowerCase(), password: PASSWORD, full_name: 'Second' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('EMAIL_TAKEN');
    const upper = await register({ email: email.toUpperCase(), password: PASSWORD, full_name: 'Third' });
    expect(upper.status).toBe(409);
    expect(await t.tableCounts()).toEqual(before);
  });

  it('ignores a role in the body: the account is still a user', async () => {
    const email = freshEmail('sneaky');
    const response = await register({ email, password: PASSWORD, full_name: 'Sneaky', role: 'admin' });
    expect(response.status).toBe(201);
    expect(response.body.role).toBe('user');
    expect((await storedUser(email))?.role).toBe('user');
  });

  it.each([
    ['a bad email', { email: 'not-an-email', password: PASSWORD, full_name: 'X' }, 'body/email'],
    ['a password under 8 characters', { email: 'short@example.com', password: '1234567', full_name: 'X' }, 'body/password'],
    ['a missing full name', { email: 'nameless@example.com', password: PASSWORD }, 'body/full_name'],
  ])('refuses %s with 422 naming the field', async (_what, body, field) => {
    const before = await t.tableCounts();
    const response = await register(body);
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ detail: expect.any(String), code: 'VALIDATION_FAILED' });
    expect(response.body.errors).toEqual(expect.arrayContaining([{ field, message: expect.any(String) }]));
    expect(await t.tableCounts()).toEqual(before);
  });

  it('accepts a password of exactly 8 characters', async () => {
    const response = await register({ email: freshEmail(), password: 'k7#mQ2vz', full_name: 'Eight' });
    expect(response.status).toBe(201);
  });
});

describe('login (POST /api/auth/login)', () => {
  let email: string;
  beforeAll(async () => {
    email = freshEmail('login');
    const created = await register({ email, password: PASSWORD, full_name: 'Login Person' });
    expect(created.status).toBe(201);
  });

  it('returns a bearer token that works on /api/auth/me', async () => {
    const response = await t.call('POST', '/api/auth/login', { body: { email, password: PASSWORD } });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      access_token: expect.any(String),
      token_type: 'bearer',
      expires_in: ACCESS_TOKEN_TTL,
      refresh_token: expect.any(String),
      refresh_expires_in: expect.any(Number),
      user: expect.objectContaining({ email, role: 'user', is_active: true, full_name: 'Login Person' }),
    });
    const me = await t.call('GET', '/api/auth/me', { token: response.body.access_token });
    expect(me.status).toBe(200);
    expect(me.body).toEqual(response.body.user);
  });

  it('matches the email case-insensitively', async () => {
    const response = await t.call('POST', '/api/auth/login', { body: { email: email.toUpperCase(), password: PASSWORD } });
    expect(response.status).toBe(200);
    expect(response.body.user.email).toBe(email);
  });

  it('answers an unknown email and a wrong password identically (401)', async () => {
    const wrongPassword = await t.call('POST', '/api/auth/login', { body: { email, password: 'not-the-password' } });
    const unknownEmail = await t.call('POST', '/api/auth/login', { body: { email: freshEmail('nobody'), password: PASSWORD } });
    expect(wrongPassword.status).toBe(401);
    expect(unknownEmail.status).toBe(401);
    expect(wrongPassword.body.code).toBe('INVALID_CREDENTIALS');
    expect(unknownEmail.raw).toBe(wrongPassword.raw);
    expect(wrongPassword.raw).not.toContain('access_token');
  });
});

describe('bearer tokens on GET /api/auth/me', () => {
  let user: Awaited<ReturnType<TestApp['makeUser']>>;
  beforeAll(async () => {
    user = await t.makeUser('user');
  });

  const me = (token?: string, headers?: Record<string, string>) => t.call('GET', '/api/auth/me', { token, headers });

  it('answers the signed-in user for a genuine token', async () => {
    const response = await me(user.token);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: user.id, email: user.email, role: 'user' });
  });

  it('accepts a token we sign ourselves with the real key (so the refusals below are about the defect)', async () => {
    const response = await me(signWith(t.config.secretKey, claimsFor(user.id)));
    expect(response.status).toBe(200);
    expect(response.body.id).toBe(user.id);
  });

  it('refuses a request without a token', async () => {
    const response = await me();
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('NOT_AUTHENTICATED');
    expect(response.headers['www-authenticate']).toBe('Bearer');
  });

  const bad: [string, () => string | Record<string, string>][] = [
    ['a malformed token', () => 'not.a.jwt'],
    ['garbage', () => 'garbage'],
    ['a non-Bearer scheme', () => ({ authorization: `Basic ${user.token}` })],
    ['a token signed with another key', () => signWith('some-other-secret-key-0123456789-abcdef', claimsFor(user.id))],
    [
      'a token with an altered signature',
      () => {
        const [header, payload, signature = ''] = user.token.split('.');
        const flipped = (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
        return `${header}.${payload}.${flipped}`;
      },
    ],
    [
      'a token whose payload was changed to admin',
      () => {
        const [header, , signature] = user.token.split('.');
        return `${header}.${base64url(claimsFor(user.id, 'admin'))}.${signature}`;
      },
    ],
    ['an alg:none token', () => `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claimsFor(user.id))}.`],
    ['a token with the wrong issuer', () => signWith(t.config.secretKey, { ...claimsFor(user.id), iss: 'someone-else' })],
    ['a token with the wrong audience', () => signWith(t.config.secretKey, { ...claimsFor(user.id), aud: 'another-api' })],
    ['a token for a user that does not exist', () => signWith(t.config.secretKey, claimsFor(987_654))],
  ];

  it.each(bad)('refuses %s with 401', async (_what, make) => {
    const credential = make();
    const response = typeof credential === 'string' ? await me(credential) : await me(undefined, credential);
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('NOT_AUTHENTICATED');
    expect(response.raw).not.toContain(user.email);
  });

  it('expires a token ACCESS_TOKEN_TTL seconds after it was issued (by the service clock)', async () => {
    const token = (await t.call('POST', '/api/auth/login', { body: { email: user.email, password: user.password } })).body
      .access_token as string;
    t.clock.advance((ACCESS_TOKEN_TTL - 1) * 1000);
    expect((await me(token)).status).toBe(200);
    t.clock.advance(2000);
    const expired = await me(token);
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('NOT_AUTHENTICATED');
    expect(expired.headers['www-authenticate']).toContain('invalid_token');
  });

  it('refuses the token of a deactivated user, and their login', async () => {
    const victim = await t.makeUser('user');
    expect((await me(victim.token)).status).toBe(200);
    await t.db.kysely.updateTable('users').set({ is_active: 0 }).where('id', '=', victim.id).execute();
    const response = await me(victim.token);
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('NOT_AUTHENTICATED');

    const login = await t.call('POST', '/api/auth/login', { body: { email: victim.email, password: victim.password } });
    const unknown = await t.call('POST', '/api/auth/login', { body: { email: freshEmail('ghost'), password: victim.password } });
    expect(login.status).toBe(401);
    expect(login.raw).toBe(unknown.raw);
  });
});
