import { AppError, validationError } from '../contract/errors.js';
import { auditableSignInName } from '../core/audit-labels.js';
import { passwordResetEmail } from '../core/mail.js';
import { passwordProblem } from '../core/password-policy.js';
import {
  RESET_REFUSALS,
  RESET_REQUESTS_PER_ACCOUNT,
  RESET_SALT_BYTES,
  RESET_TOKEN_SHAPE,
  RESET_TOKEN_TTL_MS,
  resetKey,
  resetRequestsKey,
  resetToken,
} from '../core/password-reset.js';
import { retryAfterSeconds } from '../core/rate-limit.js';
import { passwordResetStore } from '../db/stores/password-reset-store.js';
import { userStore } from '../db/stores/user-store.js';
import type { Deps } from './deps.js';
import { isCommonPassword } from './password-list.js';
import { hashPassword } from './passwords.js';
import { rateLimited } from './rate-counter.js';
import { type Caller, securityAudit } from './security-audit.js';

/**
 * Every forgot-password answer takes at least this long (real time, not the service clock), so
 * an address with an account (a transaction that writes the link and its email) is not answered
 * measurably later than one without (a read): the timing tells no more than the body does.
 */
export const FORGOT_PASSWORD_ANSWER_MS = 250;

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const normalizeEmail = (email: string) => email.trim().toLowerCase();

async function noSoonerThan<T>(ms: number, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    const left = ms - (performance.now() - started);
    if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
  }
}

export function passwordResetService(deps: Deps, options: { answerMs?: number } = {}) {
  const users = userStore(deps.db);
  const resets = passwordResetStore(deps.db);
  const audit = securityAudit(deps);
  const key = resetKey(deps.config.secretKey);
  const answerMs = options.answerMs ?? FORGOT_PASSWORD_ANSWER_MS;
  const requested = { action: 'auth.password_reset_request', actor: null } as const;

  async function requestReset(typedEmail: string, caller: Caller): Promise<void> {
    const email = normalizeEmail(typedEmail);
    // Counted for every address, with an account or not: a 429 tells nothing either.
    const verdict = await deps.rateCounter.consume(resetRequestsKey(email), 1, RESET_REQUESTS_PER_ACCOUNT);
    const target = { id: null, email: auditableSignInName(email) };
    if (!verdict.allowed) {
      const detail = { retry_after_seconds: retryAfterSeconds(verdict) };
      await audit.record({ ...requested, outcome: 'blocked', target, clientIp: caller.ip, detail }, caller.log);
      throw rateLimited(verdict, 'Too many password reset requests for this address');
    }
    const user = await users.findByEmail(email);
    if (user?.is_active !== 1) {
      const detail = { reason: user ? 'account deactivated' : 'no such account' };
      await audit.record({ ...requested, outcome: 'failure', target, clientIp: caller.ip, detail }, caller.log);
      return;
    }
    const now = deps.clock.now();
    const account = { id: user.id, email: user.email };
    const salt = hex(deps.randomBytes(RESET_SALT_BYTES));
    await resets.create(
      { userId: user.id, salt, now, expiresAt: now + RESET_TOKEN_TTL_MS },
      (id) => resetToken(key, id, salt),
      (id) => passwordResetEmail({ id, userId: user.id }, { to: user.email, publicUrl: deps.config.publicUrl, now }),
      audit.entry({ ...requested, outcome: 'success', target: account, clientIp: caller.ip }),
    );
    deps.outbox?.kick();
  }

  return {
    /**
     * Always ends the same way for a well-formed address (the route answers 202 with one body):
     * for an account, a single-use link valid 30 minutes is emailed (through the outbox, in the
     * transaction that stores the link); for no account (or a deactivated one), nothing is sent.
     */
    requestReset: (email: string, caller: Caller) => noSoonerThan(answerMs, () => requestReset(email, caller)),

    /** Sets a new password with an emailed token; every session of the account ends. */
    async resetPassword(token: string, password: string, caller: Caller): Promise<void> {
      const event = { action: 'auth.password_reset', actor: null, clientIp: caller.ip } as const;
      const problem = passwordProblem(password, isCommonPassword);
      if (problem) throw validationError([{ field: 'body/password', message: problem }]);
      // A token that is refused now costs no password hash (the spend below checks again).
      const early = RESET_TOKEN_SHAPE.test(token)
        ? await resets.check(token, deps.clock.now())
        : { verdict: { ok: false, code: 'RESET_TOKEN_INVALID' } as const, userId: null };
      if (!early.verdict.ok) {
        const detail = { reason: early.verdict.code };
        await audit.record({ ...event, outcome: 'failure', target: { id: early.userId, email: null }, detail }, caller.log);
        throw new AppError(early.verdict.code, RESET_REFUSALS[early.verdict.code]);
      }
      const passwordHash = await hashPassword(password);
      const { verdict } = await resets.spend(token, deps.clock.now(), passwordHash, ({ userId, verdict }) =>
        audit.entry({
          ...event,
          outcome: verdict.ok ? 'success' : 'failure',
          target: { id: userId, email: null },
          detail: verdict.ok ? { reason: 'every session ended' } : { reason: verdict.code },
        }),
      );
      if (!verdict.ok) throw new AppError(verdict.code, RESET_REFUSALS[verdict.code]);
    },

    /** Housekeeping: links a day past their end are deleted. */
    forgetExpired: () => resets.purgeExpired(deps.clock.now() - 24 * 3_600_000),
  };
}

export type PasswordResetService = ReturnType<typeof passwordResetService>;
