import { createHash, randomBytes } from 'node:crypto';
import type { LoginResponse, RegisterBody, User } from '../contract/auth.js';
import { AppError, validationError } from '../contract/errors.js';
import { passwordProblem } from '../core/password-policy.js';
import { idempotencyStore } from '../db/stores/idempotency-store.js';
import { sessionStore } from '../db/stores/session-store.js';
import { type UserRow, userStore } from '../db/stores/user-store.js';
import type { Deps } from './deps.js';
import { isCommonPassword } from './password-list.js';
import { checkPassword, hashPassword } from './passwords.js';
import { presentUser } from './presenters.js';
import { accessTokens } from './tokens.js';

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

function checkNewPassword(password: string, field = 'body/password') {
  const problem = passwordProblem(password, isCommonPassword);
  if (problem) throw validationError([{ field, message: problem }]);
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export function authService(deps: Deps) {
  const users = userStore(deps.db);
  const sessions = sessionStore(deps.db);
  const tokens = accessTokens({
    secret: deps.config.secretKey,
    ttlSeconds: deps.config.accessTokenTtlSeconds,
    now: deps.clock.now,
  });

  async function newUser(body: RegisterBody) {
    checkNewPassword(body.password);
    return {
      email: normalizeEmail(body.email),
      password_hash: await hashPassword(body.password),
      full_name: body.full_name.trim(),
      created_at: deps.clock.now(),
    };
  }

  async function startSession(user: UserRow, familyId: string): Promise<LoginResponse> {
    const now = deps.clock.now();
    const refreshToken = randomBytes(32).toString('base64url');
    await sessions.insert({
      user_id: user.id,
      family_id: familyId,
      token_hash: hashToken(refreshToken),
      created_at: now,
      expires_at: now + deps.config.refreshTokenTtlSeconds * 1000,
    });
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
    async register(body: RegisterBody): Promise<User> {
      const row = await users.insert({ ...(await newUser(body)), role: 'user' });
      if (!row) throw new AppError('EMAIL_TAKEN', 'An account with this email already exists');
      return presentUser(row);
    },

    async login(email: string, password: string): Promise<LoginResponse> {
      const user = await users.findByEmail(normalizeEmail(email));
      const ok = await checkPassword(user?.password_hash, password);
      // One answer for unknown email, wrong password and deactivated account: no account probing.
      if (!user || !ok || user.is_active !== 1) {
        throw new AppError('INVALID_CREDENTIALS', 'Incorrect email or password');
      }
      return startSession(user, randomBytes(16).toString('hex'));
    },

    /** Trades a refresh token for a new access token and a new refresh token (rotation). */
    async refresh(refreshToken: string): Promise<LoginResponse> {
      const now = deps.clock.now();
      const spent = await sessions.spend(hashToken(refreshToken), now);
      if (!spent.ok) {
        const why =
          spent.code === 'REUSED'
            ? 'This session was signed out because its refresh token was used twice'
            : 'Your session has ended; sign in again';
        throw new AppError('NOT_AUTHENTICATED', why);
      }
      const user = await users.findById(spent.userId);
      if (user?.is_active !== 1) throw new AppError('NOT_AUTHENTICATED', 'Your session has ended; sign in again');
      return startSession(user, spent.familyId);
    },

    async logout(refreshToken: string | undefined): Promise<void> {
      if (refreshToken) await sessions.revokeFamilyOf(hashToken(refreshToken), deps.clock.now());
    },

    /** Changes the password and ends every session; the caller gets a fresh one. */
    async changePassword(user: UserRow, currentPassword: string, newPassword: string): Promise<LoginResponse> {
      if (!(await checkPassword(user.password_hash, currentPassword))) {
        throw new AppError('INVALID_CREDENTIALS', 'The current password is not correct');
      }
      checkNewPassword(newPassword, 'body/new_password');
      await sessions.setPassword(user.id, await hashPassword(newPassword));
      await sessions.revokeAllOf(user.id, deps.clock.now());
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

    /** Housekeeping: deletes expired refresh tokens and idempotency keys past their 24 hours. */
    async forgetExpired(): Promise<void> {
      const now = deps.clock.now();
      await sessions.purgeExpired(now);
      await idempotencyStore(deps.db).purgeExpired(now);
    },

    /** First-time set-up: open while no admin exists; the route requires an admin afterwards. */
    async createFirstAdmin(body: RegisterBody): Promise<User> {
      const result = await users.insertFirstAdmin(await newUser(body));
      if (result === 'ADMIN_EXISTS') {
        throw new AppError('NOT_AUTHENTICATED', 'An admin already exists: sign in as an admin to create another');
      }
      if (result === 'EMAIL_TAKEN') throw new AppError('EMAIL_TAKEN', 'An account with this email already exists');
      return presentUser(result);
    },

    async createAdmin(body: RegisterBody): Promise<User> {
      const row = await users.insert({ ...(await newUser(body)), role: 'admin' });
      if (!row) throw new AppError('EMAIL_TAKEN', 'An account with this email already exists');
      await users.claimSetup(deps.clock.now());
      return presentUser(row);
    },

    issueToken: tokens.issue,
  };
}

export type AuthService = ReturnType<typeof authService>;
