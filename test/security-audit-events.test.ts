import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/test-app.js';

/**
 * SECURITY.md, "Audit log": sign-ins, failed sign-ins, lock-outs, sign-outs, password changes,
 * refresh-token reuse and admins creating admins are recorded with actor, target, client address,
 * time and outcome, in the same append-only log, and without a password or token in sight.
 */

type Entry = {
  id: number;
  at: string;
  actor_id: number | null;
  actor_email: string | null;
  action: string;
  label: string;
  outcome: string | null;
  target_type: string;
  target_id: string | null;
  target_email: string | null;
  details: Record<string, unknown>;
  ip: string | null;
};

const PASSWORD = 'Kettle-Lantern-Orchard-42';
const NEW_PASSWORD = 'Violet-Harbour-Compass-77';
const WRONG = 'Wrong-Guess-Meadow-13';

let t: TestApp;
let admin: { id: number; email: string; token: string };
/** Every password, access token and refresh token the tests use: none may reach the log. */
const secrets = new Set<string>([PASSWORD, NEW_PASSWORD, WRONG]);

/** A request from a given client address, so the test can tell it is the request's own. */
async function callFrom(ip: string, method: 'GET' | 'POST', url: string, body?: unknown, token?: string) {
  const res = await t.app.inject({
    method,
    url,
    remoteAddress: ip,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });
  const json = res.body ? JSON.parse(res.body) : undefined;
  for (const key of ['access_token', 'refresh_token'] as const) if (json?.[key]) secrets.add(json[key]);
  return { status: res.statusCode, body: json, raw: res.body };
}

async function auditLog(filters: Record<string, string> = {}): Promise<Entry[]> {
  const query = new URLSearchParams({ limit: '500', ...filters });
  const res = await t.call('GET', `/api/admin/audit?${query}`, { token: admin.token });
  expect(res.status, res.raw).toBe(200);
  return res.body;
}

/** The newest entry for an action, after checking it is the newest entry of all. */
async function newest(action: string): Promise<Entry> {
  const [entry] = await auditLog({ limit: '1' });
  expect(entry?.action).toBe(action);
  return entry as Entry;
}

async function register(email: string, ip = '198.51.100.1') {
  const res = await callFrom(ip, 'POST', '/api/auth/register', { email, password: PASSWORD, full_name: 'Audit Person' });
  expect(res.status, res.raw).toBe(201);
  return res.body as { id: number; email: string };
}

const now = () => new Date(t.clock.now()).toISOString();

beforeAll(async () => {
  t = await createTestApp();
  // First-time set-up, from the server's own machine: the first admin.
  const first = await t.call('POST', '/api/auth/create-admin', {
    body: { email: 'first.admin@example.com', password: PASSWORD, full_name: 'First Admin' },
  });
  expect(first.status, first.raw).toBe(201);
  const session = await callFrom('127.0.0.1', 'POST', '/api/auth/login', {
    email: 'first.admin@example.com',
    password: PASSWORD,
  });
  expect(session.status, session.raw).toBe(200);
  admin = { id: first.body.id, email: first.body.email, token: session.body.access_token };
});
afterAll(async () => t.close());

describe('security events in GET /api/admin/audit', () => {
  it('the first-time set-up and the admin’s sign-in are there, in plain words', async () => {
    const log = (await auditLog()).reverse();
    expect(log.map((e) => [e.action, e.label, e.outcome])).toEqual([
      ['admin.create', 'Admin created', 'success'],
      ['auth.login', 'Signed in', 'success'],
    ]);
    expect(log[0]).toMatchObject({ actor_id: null, target_id: String(admin.id), target_email: admin.email, ip: '127.0.0.1' });
    expect(log[0]?.details).toEqual({ reason: 'first-time set-up' });
    expect(log[1]).toMatchObject({ actor_id: admin.id, actor_email: admin.email, target_id: String(admin.id) });
  });

  it('registration, a sign-in, and failed sign-ins (wrong password, no such account, a password typed as the email)', async () => {
    t.clock.advance(1000);
    const ada = await register('ada.audit@example.com', '198.51.100.1');
    expect(await newest('auth.register')).toMatchObject({
      actor_id: null,
      target_type: 'user',
      target_id: String(ada.id),
      target_email: 'ada.audit@example.com',
      ip: '198.51.100.1',
      outcome: 'success',
      at: now(),
      label: 'Account registered',
    });

    t.clock.advance(1000);
    expect(
      (await callFrom('198.51.100.2', 'POST', '/api/auth/login', { email: ' Ada.Audit@example.com', password: PASSWORD })).status,
    ).toBe(200);
    expect(await newest('auth.login')).toMatchObject({
      actor_id: ada.id,
      actor_email: ada.email,
      target_id: String(ada.id),
      target_email: ada.email,
      ip: '198.51.100.2',
      outcome: 'success',
      at: now(),
    });

    t.clock.advance(1000);
    expect((await callFrom('198.51.100.3', 'POST', '/api/auth/login', { email: ada.email, password: WRONG })).status).toBe(401);
    const wrong = await newest('auth.login_failed');
    expect(wrong).toMatchObject({
      actor_id: null,
      actor_email: null,
      target_id: String(ada.id),
      target_email: ada.email,
      ip: '198.51.100.3',
      outcome: 'failure',
      at: now(),
      label: 'Sign-in failed',
    });
    expect(wrong.details).toEqual({ reason: 'wrong password' });

    expect(
      (await callFrom('198.51.100.4', 'POST', '/api/auth/login', { email: 'Nobody@Example.com', password: WRONG })).status,
    ).toBe(401);
    expect(await newest('auth.login_failed')).toMatchObject({
      target_id: null,
      target_email: 'nobody@example.com',
      ip: '198.51.100.4',
      details: { reason: 'no such account' },
    });

    // People type their password into the email box: that is not recorded as the account tried.
    const typo = 'Orchard-Lantern-Kettle-42';
    secrets.add(typo);
    expect((await callFrom('198.51.100.5', 'POST', '/api/auth/login', { email: typo, password: PASSWORD })).status).toBe(401);
    expect(await newest('auth.login_failed')).toMatchObject({ target_id: null, target_email: null, ip: '198.51.100.5' });
  });

  it('eleven wrong passwords: ten failures, then the lock-out (blocked), and the right password is blocked too', async () => {
    const bob = await register('bob.audit@example.com');
    for (let i = 0; i < 11; i++) {
      const res = await callFrom(`203.0.113.${i + 1}`, 'POST', '/api/auth/login', { email: bob.email, password: WRONG });
      expect(res.status, `attempt ${i + 1}`).toBe(i < 10 ? 401 : 429);
    }
    expect((await callFrom('203.0.113.99', 'POST', '/api/auth/login', { email: bob.email, password: PASSWORD })).status).toBe(
      429,
    );
    const aboutBob = (await auditLog()).filter((e) => e.target_email === bob.email).reverse();
    expect(aboutBob.map((e) => `${e.action}:${e.outcome}`)).toEqual([
      'auth.register:success',
      ...Array(10).fill('auth.login_failed:failure'),
      'auth.lockout:blocked',
      'auth.lockout:blocked',
    ]);
    const lockout = aboutBob[11] as Entry;
    expect(lockout).toMatchObject({
      actor_id: null,
      target_type: 'user',
      ip: '203.0.113.11',
      label: 'Account locked after too many failed sign-ins',
    });
    expect(lockout.details.retry_after_seconds).toEqual(expect.any(Number));
    expect(aboutBob[12]?.ip).toBe('203.0.113.99');
  });

  it('logout, by the session’s owner, from where it was sent', async () => {
    const cy = await register('cy.audit@example.com');
    const session = await callFrom('198.51.100.20', 'POST', '/api/auth/login', { email: cy.email, password: PASSWORD });
    t.clock.advance(1000);
    expect(
      (await callFrom('198.51.100.21', 'POST', '/api/auth/logout', { refresh_token: session.body.refresh_token })).status,
    ).toBe(204);
    expect(await newest('auth.logout')).toMatchObject({
      actor_id: cy.id,
      actor_email: cy.email,
      target_id: String(cy.id),
      target_email: cy.email,
      ip: '198.51.100.21',
      outcome: 'success',
      at: now(),
      label: 'Signed out',
    });
    // An unknown token ended nothing, so there is nothing to record.
    const before = (await auditLog()).length;
    expect((await callFrom('198.51.100.21', 'POST', '/api/auth/logout', { refresh_token: 'not-a-token' })).status).toBe(204);
    expect((await auditLog()).length).toBe(before);
  });

  it('password change: a wrong current password (failure), then the change (success)', async () => {
    const di = await register('di.audit@example.com');
    const session = await callFrom('198.51.100.30', 'POST', '/api/auth/login', { email: di.email, password: PASSWORD });
    const token = session.body.access_token;
    const change = (current: string) =>
      callFrom(
        '198.51.100.31',
        'POST',
        '/api/auth/change-password',
        { current_password: current, new_password: NEW_PASSWORD },
        token,
      );
    expect((await change(WRONG)).status).toBe(401);
    expect(await newest('auth.password_change')).toMatchObject({
      actor_id: di.id,
      target_id: String(di.id),
      ip: '198.51.100.31',
      outcome: 'failure',
      details: { reason: 'wrong current password' },
    });
    t.clock.advance(1000);
    expect((await change(PASSWORD)).status).toBe(200);
    expect(await newest('auth.password_change')).toMatchObject({
      actor_id: di.id,
      actor_email: di.email,
      target_id: String(di.id),
      target_email: di.email,
      ip: '198.51.100.31',
      outcome: 'success',
      at: now(),
      label: 'Password changed',
    });
  });

  it('refresh-token reuse: recorded as blocked, about the token’s owner, with no actor', async () => {
    const ed = await register('ed.audit@example.com');
    const session = await callFrom('198.51.100.40', 'POST', '/api/auth/login', { email: ed.email, password: PASSWORD });
    const first = session.body.refresh_token;
    expect((await callFrom('198.51.100.40', 'POST', '/api/auth/refresh', { refresh_token: first })).status).toBe(200);
    t.clock.advance(1000);
    expect((await callFrom('198.51.100.41', 'POST', '/api/auth/refresh', { refresh_token: first })).status).toBe(401);
    expect(await newest('auth.refresh_reuse')).toMatchObject({
      actor_id: null,
      target_type: 'user',
      target_id: String(ed.id),
      ip: '198.51.100.41',
      outcome: 'blocked',
      at: now(),
      label: 'Refresh token reused: all sessions from that sign-in ended',
    });
  });

  it('an admin creating an admin: the creating admin is the actor, the new admin the target', async () => {
    t.clock.advance(1000);
    const res = await callFrom(
      '198.51.100.50',
      'POST',
      '/api/auth/create-admin',
      { email: 'second.admin@example.com', password: PASSWORD, full_name: 'Second Admin' },
      admin.token,
    );
    expect(res.status, res.raw).toBe(201);
    expect(await newest('admin.create')).toMatchObject({
      actor_id: admin.id,
      actor_email: admin.email,
      target_type: 'user',
      target_id: String(res.body.id),
      target_email: 'second.admin@example.com',
      ip: '198.51.100.50',
      outcome: 'success',
      at: now(),
    });
  });

  it('filters by action prefix and by outcome', async () => {
    const signIns = await auditLog({ action_prefix: 'auth.' });
    expect(signIns.length).toBeGreaterThan(20);
    expect(signIns.every((e) => e.action.startsWith('auth.'))).toBe(true);
    expect(new Set((await auditLog({ action_prefix: 'admin.' })).map((e) => e.action))).toEqual(new Set(['admin.create']));
    const failures = await auditLog({ outcome: 'failure' });
    // Ada's wrong password, the unknown account, the typo, Bob's ten, Di's wrong current password.
    expect(failures.length).toBe(14);
    expect(new Set(failures.map((e) => e.action))).toEqual(new Set(['auth.login_failed', 'auth.password_change']));
    expect((await auditLog({ action_prefix: '%' })).length).toBe(0); // no wildcards: '%' is just a character
    const bad = await t.call('GET', '/api/admin/audit?outcome=maybe', { token: admin.token });
    expect(bad.status).toBe(422);
  });

  it('no password and no token appears in any audit row', async () => {
    const rows = await t.db.kysely.selectFrom('audit_log').selectAll().execute();
    expect(rows.length).toBeGreaterThan(30);
    const raw = JSON.stringify(rows);
    expect(secrets.size).toBeGreaterThan(10);
    for (const secret of secrets) expect(raw).not.toContain(secret);
  });
});

describe('when the audit log cannot be written', () => {
  it('an admin created by an admin comes with its audit entry, or not at all', async () => {
    const email = 'unaudited.admin@example.com';
    await t.db.kysely.schema.alterTable('audit_log').renameTo('audit_log_away').execute();
    try {
      const res = await callFrom(
        '198.51.100.61',
        'POST',
        '/api/auth/create-admin',
        { email, password: PASSWORD, full_name: 'Unaudited Admin' },
        admin.token,
      );
      expect(res.status, res.raw).toBeGreaterThanOrEqual(500);
    } finally {
      await t.db.kysely.schema.alterTable('audit_log_away').renameTo('audit_log').execute();
    }
    expect(await t.db.kysely.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()).toBeUndefined();
  });

  it('sign-in still answers 200 (and 401), but a password change is refused and changes nothing', async () => {
    const fay = await register('fay.audit@example.com');
    const session = await callFrom('198.51.100.60', 'POST', '/api/auth/login', { email: fay.email, password: PASSWORD });
    await t.db.kysely.schema.alterTable('audit_log').renameTo('audit_log_away').execute();
    try {
      expect((await callFrom('198.51.100.60', 'POST', '/api/auth/login', { email: fay.email, password: PASSWORD })).status).toBe(
        200,
      );
      expect((await callFrom('198.51.100.60', 'POST', '/api/auth/login', { email: fay.email, password: WRONG })).status).toBe(
        401,
      );
      const change = await callFrom(
        '198.51.100.60',
        'POST',
        '/api/auth/change-password',
        { current_password: PASSWORD, new_password: NEW_PASSWORD },
        session.body.access_token,
      );
      expect(change.status).toBeGreaterThanOrEqual(500);
    } finally {
      await t.db.kysely.schema.alterTable('audit_log_away').renameTo('audit_log').execute();
    }
    // The change and its entry are one transaction: neither happened.
    expect((await callFrom('198.51.100.60', 'POST', '/api/auth/login', { email: fay.email, password: PASSWORD })).status).toBe(
      200,
    );
    expect(
      (await callFrom('198.51.100.60', 'POST', '/api/auth/login', { email: fay.email, password: NEW_PASSWORD })).status,
    ).toBe(401);
    expect((await callFrom('198.51.100.60', 'GET', '/api/auth/me', undefined, session.body.access_token)).status).toBe(200);
  });

  it('a refresh-token reuse and its entry are one transaction: unrecorded, the family is not revoked either', async () => {
    const gus = await register('gus.audit@example.com');
    const session = await callFrom('198.51.100.70', 'POST', '/api/auth/login', { email: gus.email, password: PASSWORD });
    const first = session.body.refresh_token;
    const second = (await callFrom('198.51.100.70', 'POST', '/api/auth/refresh', { refresh_token: first })).body.refresh_token;
    await t.db.kysely.schema.alterTable('audit_log').renameTo('audit_log_away').execute();
    try {
      const reuse = await callFrom('198.51.100.71', 'POST', '/api/auth/refresh', { refresh_token: first });
      expect(reuse.status).toBeGreaterThanOrEqual(500);
    } finally {
      await t.db.kysely.schema.alterTable('audit_log_away').renameTo('audit_log').execute();
    }
    const revoked = await t.db.kysely.selectFrom('refresh_tokens').select('revoked_at').where('user_id', '=', gus.id).execute();
    expect(revoked.map((r) => r.revoked_at)).toEqual([null, null]);
    // Once the log can be written, the same reuse is recorded and ends the family.
    expect((await callFrom('198.51.100.71', 'POST', '/api/auth/refresh', { refresh_token: first })).status).toBe(401);
    expect(await newest('auth.refresh_reuse')).toMatchObject({ target_id: String(gus.id), ip: '198.51.100.71' });
    expect((await callFrom('198.51.100.70', 'POST', '/api/auth/refresh', { refresh_token: second })).status).toBe(401);
  });
});

describe('the new columns are append-only too', () => {
  it('UPDATE of outcome, target_email and ip, and DELETE, throw on both dialects; the rows are unchanged', async () => {
    expect((await callFrom('192.0.2.9', 'POST', '/api/auth/login', { email: admin.email, password: WRONG })).status).toBe(401);
    const k = t.db.kysely;
    const before = await k.selectFrom('audit_log').selectAll().orderBy('id').execute();
    const failed = before.find((r) => r.outcome === 'failure');
    expect(failed).toBeDefined();
    const id = failed?.id as number;
    await expect(k.updateTable('audit_log').set({ outcome: 'success' }).where('id', '=', id).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(k.updateTable('audit_log').set({ target_email: null }).execute()).rejects.toThrow(/append-only/);
    await expect(k.updateTable('audit_log').set({ ip: '10.0.0.1' }).where('id', '=', id).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`update audit_log set outcome = null`.execute(k)).rejects.toThrow(/append-only/);
    await expect(k.deleteFrom('audit_log').where('outcome', '=', 'failure').execute()).rejects.toThrow(/append-only/);
    expect(await k.selectFrom('audit_log').selectAll().orderBy('id').execute()).toEqual(before);
  });

  it('an outcome outside success, failure and blocked is refused by the database', async () => {
    await expect(
      t.db.kysely
        .insertInto('audit_log')
        .values({ at: 1, action: 'x', target_type: 'x', details: '{}', outcome: 'maybe' as 'success' })
        .execute(),
    ).rejects.toThrow();
  });
});
