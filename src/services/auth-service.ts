import { createHash, randomBytes } from 'node:crypto';
import type { CreateAdminBody, LoginResponse, RegisterBody, User } from '../contract/auth.js';
import { AppError, validationError } from '../contract/errors.js';
import { auditableSignInName } from '../core/audit-labels.js';
import {
  hashSetupCode,
  isLoopbackClient,
  makeSetupCode,
  setupCodeMatches,
  setupCodesValidSince,
} from '../core/first-admin-setup.js';
import { passwordProblem } from '../core/password-policy.js';
import { retryAfterSeconds, SIGN_IN_FAILURES_PER_ACCOUNT, signInFailuresKey } from '../core/rate-limit.js';
import { idempotencyStore } from '../db/stores/idempotency-store.js';
import { rateCounterStore } from '../db/stores/rate-counter-store.js';
import { sessionStore } from '../db/stores/session-store.js';
import { setupCodeStore } from '../db/stores/setup-code-store.js';
import { type UserRow, userStore } from '../db/stores/user-store.js';
import type { Deps } from './deps.js';
import { isCommonPassword } from './password-list.js';
import { checkPassword, hashPassword, needsRehash } from './passwords.js';
import { presentUser } from './presenters.js';
import { rateLimited } from './rate-counter.js';
import { type Caller, securityAudit } from './security-audit.js';
import { accessTokens } from './tokens.js';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

function checkNewPassword(password: string, field = 'body/password') {
  const problem = passwordProblem(password, isCommonPassword);
  if (problem) throw validationError([{ field, message: problem }]);
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

const account = (user: { id: number; email: string }) => ({ id: user.id, email: user.email });

/** Who is asking to create the first admin: the client address (`request.ip`) and the headers. */
export type SetupClient = { ip: string; headers: Readonly<Record<string, unknown>> };

const FROM_THE_LOG = "the set-up code printed in the server's log at start (it works for 24 hours; a restart prints a new one)";

export function authService(deps: Deps) {
  const users = userStore(deps.db);
  const sessions = sessionStore(deps.db);
  const setupCodes = setupCodeStore(deps.db);
  const audit = securityAudit(deps);
  const tokens = accessTokens({
    secret: deps.config.secretKey,
    ttlSeconds: deps.config.accessTokenTtlSeconds,
    now: deps.clock.now,
  });

  /**
   * Whether accounts with the prototype's bcrypt hashes remain (they go as their owners sign in):
   * asked at most once a minute, since a failed sign-in's timing depends on it.
   */
  let legacyCheck: { at: number; exists: Promise<boolean> } | undefined;
  function legacyHashesExist(): Promise<boolean> {
    const now = deps.clock.now();
    if (!legacyCheck || now - legacyCheck.at > 60_000 || now < legacyCheck.at) {
      legacyCheck = { at: now, exists: users.hasBcryptHashes().catch(() => true) };
    }
    return legacyCheck.exists;
  }

  async function newUser(body: RegisterBody) {
    checkNewPassword(body.password);
    return {
      email: normalizeEmail(body.email),
      password_hash: await hashPassword(body.password),
      full_name: body.full_name.trim(),
      created_at: deps.clock.now(),
    };
  }

  /** The account throttle refused a sign-in before the password was looked at. */
  async function recordLockout(email: string, caller: Caller, retryAfterSeconds: number): Promise<void> {
    const target = { id: null, email: auditableSignInName(email) };
    const event = { action: 'auth.lockout', outcome: 'blocked', actor: null, target } as const;
    await audit.record({ ...event, clientIp: caller.ip, detail: { retry_after_seconds: retryAfterSeconds } }, caller.log);
  }

  /** A new refresh token, and the row that stores it (by hash). */
  function newRefreshToken(now: number) {
    const token = randomBytes(32).toString('base64url');
    const row = { token_hash: hashToken(token), created_at: now, expires_at: now + deps.config.refreshTokenTtlSeconds * 1000 };
    return { token, row };
  }

  async function startSession(user: UserRow, familyId: string): Promise<LoginResponse> {
    const refresh = newRefreshToken(deps.clock.now());
    await sessions.insert({ ...refresh.row, user_id: user.id, family_id: familyId });
    return sessionFor(user, refresh.token);
  }

  function sessionFor(user: UserRow, refreshToken: string): LoginResponse {
    return {
      access_token: tokens.issue(user.id, user.role),
      token_type: 'bearer',
      expires_in: tokens.ttlSeconds,
      refresh_token: refreshToken,
      refresh_expires_in: deps.config.refreshTokenTtlSeconds,
      user: presentUser(user),
    };
  }

  return {
    /** Always makes a plain user: a `role` in the request never reaches here. */
    async register(body: RegisterBody, caller: Caller): Promise<User> {
      const row = await users.insert({ ...(await newUser(body)), role: 'user' });
      if (!row) throw new AppError('EMAIL_TAKEN', 'An account with this email already exists');
      const event = { action: 'auth.register', outcome: 'success', actor: null, target: account(row) } as const;
      await audit.record({ ...event, clientIp: caller.ip }, caller.log);
      return presentUser(row);
    },

    /**
     * Each attempt first takes a point of the account's failure budget (atomically, shared by every
     * instance), so concurrent guesses cannot all reach the hash before any is counted; beyond the
     * budget the answer is 429 without checking the password. A correct password gives its point
     * back, so only failures stay counted (a sign-in that errors half-way counts as failed).
     */
    async login(email: string, password: string, caller: Caller): Promise<LoginResponse> {
      const throttle = signInFailuresKey(normalizeEmail(email));
      const reserved = await deps.rateCounter.consume(throttle, 1, SIGN_IN_FAILURES_PER_ACCOUNT);
      if (!reserved.allowed) {
        await recordLockout(email, caller, retryAfterSeconds(reserved));
        throw rateLimited(reserved, 'Too many failed sign-ins for this account');
      }
      const user = await users.findByEmail(normalizeEmail(email));
      const ok = await checkPassword(user?.password_hash, password, { legacyHashesExist: await legacyHashesExist() });
      // One answer for unknown email, wrong password and deactivated account: no account probing.
      // The audit log is for admins only, so it may say which it was.
      if (!user || !ok || user.is_active !== 1) {
        const reason = !user ? 'no such account' : !ok ? 'wrong password' : 'account deactivated';
        const target = { id: user?.id ?? null, email: user?.email ?? auditableSignInName(email) };
        const event = { action: 'auth.login_failed', outcome: 'failure', actor: null, target, detail: { reason } } as const;
        await audit.record({ ...event, clientIp: caller.ip }, caller.log);
        throw new AppError('INVALID_CREDENTIALS', 'Incorrect email or password');
      }
      await deps.rateCounter.release(throttle, 1, SIGN_IN_FAILURES_PER_ACCOUNT);
      // The prototype's bcrypt hash is replaced by argon2id at the first sign-in that proves the password.
      if (needsRehash(user.password_hash)) {
        await users.upgradePasswordHash(user.id, user.password_hash, await hashPassword(password));
      }
      const session = await startSession(user, randomBytes(16).toString('hex'));
      const event = { action: 'auth.login', outcome: 'success', actor: account(user), target: account(user) } as const;
      await audit.record({ ...event, clientIp: caller.ip }, caller.log);
      return session;
    },

    recordLockout,

    /** Trades a refresh token for a new access token and a new refresh token (rotation). */
    async refresh(refreshToken: string, caller: Caller): Promise<LoginResponse> {
      const now = deps.clock.now();
      // The successor is stored in the transaction that spends the old token (see spend).
      const next = newRefreshToken(now);
      // Whoever presents a spent token is unknown (its owner, or whoever copied it): no actor.
      const reuse = (userId: number) =>
        audit.entry({
          action: 'auth.refresh_reuse',
          outcome: 'blocked',
          actor: null,
          target: { id: userId, email: null },
          clientIp: caller.ip,
        });
      const spent = await sessions.spend(hashToken(refreshToken), now, next.row, reuse);
      if (!spent.ok) {
        const why =
          spent.code === 'REUSED'
            ? 'This session was signed out because its refresh token was used twice'
            : 'Your session has ended; sign in again';
        throw new AppError('NOT_AUTHENTICATED', why);
      }
      const user = await users.findById(spent.userId);
      if (user?.is_active !== 1) throw new AppError('NOT_AUTHENTICATED', 'Your session has ended; sign in again');
      return sessionFor(user, next.token);
    },

    async logout(refreshToken: string | undefined, caller: Caller): Promise<void> {
      if (!refreshToken) return;
      const userId = await sessions.revokeFamilyOf(hashToken(refreshToken), deps.clock.now());
      const user = userId === null ? undefined : await users.findById(userId);
      if (!user) return;
      const event = { action: 'auth.logout', outcome: 'success', actor: account(user), target: account(user) } as const;
      await audit.record({ ...event, clientIp: caller.ip }, caller.log);
    },

    /**
     * Changes the password and ends every session; the caller gets a fresh one. The current
     * password is a guess like a sign-in's (whoever holds a stolen access token can try it), so it
     * takes a point of the same per-account failure budget first, as `login` does: beyond it the
     * answer is 429 without the argon2 check, and a correct current password gives the point back.
     */
    async changePassword(user: UserRow, currentPassword: string, newPassword: string, caller: Caller): Promise<LoginResponse> {
      const event = { action: 'auth.password_change', actor: account(user), target: account(user), clientIp: caller.ip } as const;
      const throttle = signInFailuresKey(normalizeEmail(user.email));
      const reserved = await deps.rateCounter.consume(throttle, 1, SIGN_IN_FAILURES_PER_ACCOUNT);
      if (!reserved.allowed) {
        const detail = { reason: 'too many failed attempts', retry_after_seconds: retryAfterSeconds(reserved) };
        await audit.record({ ...event, outcome: 'blocked', detail }, caller.log);
        throw rateLimited(reserved, 'Too many failed password checks for this account');
      }
      if (!(await checkPassword(user.password_hash, currentPassword))) {
        await audit.record({ ...event, outcome: 'failure', detail: { reason: 'wrong current password' } }, caller.log);
        throw new AppError('INVALID_CREDENTIALS', 'The current password is not correct');
      }
      await deps.rateCounter.release(throttle, 1, SIGN_IN_FAILURES_PER_ACCOUNT);
      checkNewPassword(newPassword, 'body/new_password');
      const changed = audit.entry({ ...event, outcome: 'success', detail: { reason: 'every session ended' } });
      await sessions.changePassword(user.id, await hashPassword(newPassword), deps.clock.now(), changed);
      return startSession(user, randomBytes(16).toString('hex'));
    },

    /** The user a bearer token speaks for, or null when the token or the account is no good. */
    async authenticate(token: string) {
      const claims = tokens.read(token);
      if (!claims) return null;
      const user = await users.findById(Number(claims.sub));
      if (user?.is_active !== 1) return null;
      // A password change ends every session: tokens issued before it (to the whole second,
      // the precision of iat) are refused.
      if (claims.iat < Math.floor(user.sessions_valid_after / 1000)) return null;
      return user;
    },

    adminExists: () => users.adminExists(),

    async setupStatus(client: SetupClient) {
      const adminExists = await users.adminExists();
      return { admin_exists: adminExists, setup_code_required: !adminExists && !isLoopbackClient(client.ip, client.headers) };
    },

    /**
     * At start: while no admin exists, a fresh set-up code for the log (its hash is stored, so a
     * code any instance printed works on all of them); null, and old codes forgotten, otherwise.
     */
    async openSetup(): Promise<string | null> {
      if (await users.adminExists()) {
        await setupCodes.clear();
        return null;
      }
      const code = makeSetupCode(deps.randomBytes);
      await setupCodes.add(hashSetupCode(code), deps.clock.now());
      return code;
    },

    /** Housekeeping: deletes expired refresh tokens, idempotency keys past their 24 hours and ended rate-limit windows. */
    async forgetExpired(): Promise<void> {
      const now = deps.clock.now();
      await sessions.purgeExpired(now);
      await idempotencyStore(deps.db).purgeExpired(now);
      await rateCounterStore(deps.db).purgeExpired(now);
    },

    /**
     * First-time set-up: open while no admin exists to the server's own machine, and to anyone
     * with a set-up code from the log; the route requires an admin afterwards.
     */
    async createFirstAdmin(body: CreateAdminBody, client: SetupClient & Pick<Caller, 'log'>): Promise<User> {
      if (!isLoopbackClient(client.ip, client.headers)) {
        if (body.setup_code === undefined) {
          throw new AppError(
            'SETUP_CODE_REQUIRED',
            `No admin exists yet, and this request does not come from the server's own machine: send setup_code, ${FROM_THE_LOG} (or run npm run create-admin on the server)`,
          );
        }
        if (!setupCodeMatches(body.setup_code, await setupCodes.hashes(setupCodesValidSince(deps.clock.now())))) {
          throw new AppError('SETUP_CODE_REQUIRED', `That set-up code is not right: use ${FROM_THE_LOG}`);
        }
      }
      const result = await users.insertFirstAdmin(await newUser(body), (row) =>
        audit.entry({
          action: 'admin.create',
          outcome: 'success',
          actor: null,
          target: account(row),
          clientIp: client.ip,
          detail: { reason: 'first-time set-up' },
        }),
      );
      if (result === 'ADMIN_EXISTS') {
        throw new AppError('NOT_AUTHENTICATED', 'An admin already exists: sign in as an admin to create another');
      }
      if (result === 'EMAIL_TAKEN') throw new AppError('EMAIL_TAKEN', 'An account with this email already exists');
      return presentUser(result);
    },

    /** By an admin (`caller.user`), or by the command line (no caller). */
    async createAdmin(body: RegisterBody, caller?: Caller): Promise<User> {
      const actor = caller?.user ? account(caller.user) : null;
      const row = await users.insertAdmin(await newUser(body), (created) =>
        audit.entry({
          action: 'admin.create',
          outcome: 'success',
          actor,
          target: account(created),
          clientIp: caller?.ip ?? null,
          detail: caller ? {} : { reason: 'command line' },
        }),
      );
      if (!row) throw new AppError('EMAIL_TAKEN', 'An account with this email already exists');
      return presentUser(row);
    },

    issueToken: tokens.issue,
  };
}

export type AuthService = ReturnType<typeof authService>;
