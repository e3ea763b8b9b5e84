import type { LoginResponse, RegisterBody, User } from '../contract/auth.js';
import { AppError } from '../contract/errors.js';
import { userStore } from '../db/stores/user-store.js';
import type { Deps } from './deps.js';
import { checkPassword, hashPassword } from './passwords.js';
import { presentUser } from './presenters.js';
import { accessTokens } from './tokens.js';

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export function authService(deps: Deps) {
  const users = userStore(deps.db);
  const tokens = accessTokens({
    secret: deps.config.secretKey,
    ttlSeconds: deps.config.accessTokenTtlSeconds,
    now: deps.clock.now,
  });

  async function newUser(body: RegisterBody) {
    return {
      email: normalizeEmail(body.email),
      password_hash: await hashPassword(body.password),
      full_name: body.full_name.trim(),
      created_at: deps.clock.now(),
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
      return {
        access_token: tokens.issue(user.id, user.role),
        token_type: 'bearer',
        expires_in: tokens.ttlSeconds,
        user: presentUser(user),
      };
    },

    /** The user a bearer token speaks for, or null when the token or the account is no good. */
    async authenticate(token: string) {
      const claims = tokens.read(token);
      if (!claims) return null;
      const user = await users.findById(Number(claims.sub));
      if (user?.is_active !== 1) return null;
      return user;
    },

    adminExists: () => users.adminExists(),

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
