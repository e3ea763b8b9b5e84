import type { EmailEffect } from '../../core/mail.js';
import { hashResetToken, type ResetVerdict, resetVerdict } from '../../core/password-reset.js';
import type { Db } from '../database.js';
import { type AuditEntry, appendAudit } from './audit-store.js';
import { enqueueEffects } from './outbox-store.js';
import { setPasswordEndingSessions } from './session-store.js';

export type NewReset = { userId: number; salt: string; now: number; expiresAt: number };

/** Password-reset links: the row, its email and its audit entry are written together. */
export function passwordResetStore(db: Db) {
  const k = db.kysely;
  return {
    /**
     * Creates a reset and, in the same transaction, the email that carries its link (through the
     * outbox) and the audit entry. The token hash needs the row's id, so it is set just after the
     * insert, before anything commits.
     */
    async create(
      reset: NewReset,
      tokenFor: (id: number) => string,
      email: (id: number) => EmailEffect,
      audit: AuditEntry,
    ): Promise<number> {
      return db.transaction(async (trx) => {
        const row = await trx
          .insertInto('password_resets')
          .values({ user_id: reset.userId, salt: reset.salt, created_at: reset.now, expires_at: reset.expiresAt })
          .returning('id')
          .executeTakeFirstOrThrow();
        const id = Number(row.id);
        await trx
          .updateTable('password_resets')
          .set({ token_hash: hashResetToken(tokenFor(id)) })
          .where('id', '=', id)
          .execute();
        await enqueueEffects(trx, [email(id)], reset.now);
        await appendAudit(trx, [audit]);
        return id;
      });
    },

    /** Whether a token would be accepted now, and whose it is; changes nothing. */
    async check(token: string, now: number): Promise<{ verdict: ResetVerdict; userId: number | null }> {
      const row = await k
        .selectFrom('password_resets')
        .select(['user_id', 'token_hash', 'expires_at', 'used_at'])
        .where('token_hash', '=', hashResetToken(token))
        .executeTakeFirst();
      return { verdict: resetVerdict(row, token, now), userId: row?.user_id ?? null };
    },

    /**
     * Spends a token: the reset is marked used by a conditional update (two racing uses: one
     * wins, the other sees it used), the password set, every session of the user ended, the
     * user's other open links spent too, and the audit entry written, all in one transaction.
     * A refusal writes nothing but its own audit entry.
     */
    async spend(
      token: string,
      now: number,
      passwordHash: string,
      audit: (outcome: { userId: number | null; verdict: ResetVerdict }) => AuditEntry,
    ): Promise<{ verdict: ResetVerdict; userId: number | null }> {
      return db.transaction(async (trx) => {
        const row = await trx
          .selectFrom('password_resets')
          .select(['id', 'user_id', 'token_hash', 'expires_at', 'used_at'])
          .where('token_hash', '=', hashResetToken(token))
          .executeTakeFirst();
        let verdict = resetVerdict(row, token, now);
        const userId = row?.user_id ?? null;
        if (verdict.ok && row) {
          const spent = await trx
            .updateTable('password_resets')
            .set({ used_at: now })
            .where('id', '=', row.id)
            .where('used_at', 'is', null)
            .executeTakeFirst();
          if (Number(spent.numUpdatedRows) !== 1) {
            verdict = { ok: false, code: 'RESET_TOKEN_USED' };
          } else {
            await setPasswordEndingSessions(trx, row.user_id, passwordHash, now);
            await trx
              .updateTable('password_resets')
              .set({ used_at: now })
              .where('user_id', '=', row.user_id)
              .where('used_at', 'is', null)
              .execute();
          }
        }
        await appendAudit(trx, [audit({ userId, verdict })]);
        return { verdict, userId };
      });
    },

    /** Links stop working after 30 minutes; a day later nothing is learnt by keeping them. */
    async purgeExpired(before: number): Promise<void> {
      await k.deleteFrom('password_resets').where('expires_at', '<', before).execute();
    },
  };
}

export type PasswordResetStore = ReturnType<typeof passwordResetStore>;
