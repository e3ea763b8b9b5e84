import type { Kysely } from 'kysely';
import type { Db } from '../database.js';
import type { Database } from '../schema.js';
import { type AuditEntry, appendAudit } from './audit-store.js';

export type RotateResult =
  | { ok: true; userId: number; familyId: string }
  | { ok: false; code: 'UNKNOWN' | 'EXPIRED' | 'REVOKED' | 'REUSED' | 'INACTIVE' };

/** The refresh token that replaces a spent one, in the spent one's family. */
export type Successor = { token_hash: string; created_at: number; expires_at: number };

/**
 * A new password hash, and every session of the user ended: refresh tokens revoked, access tokens
 * issued before `now` refused. In the caller's transaction (a password change, a reset by link).
 */
export async function setPasswordEndingSessions(trx: Kysely<Database>, userId: number, passwordHash: string, now: number) {
  await trx
    .updateTable('refresh_tokens')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
  await trx
    .updateTable('users')
    .set({ password_hash: passwordHash, sessions_valid_after: now })
    .where('id', '=', userId)
    .execute();
}

/** Refresh tokens, stored only as hashes, in families that rotate on every use. */
export function sessionStore(db: Db) {
  const k = db.kysely;
  return {
    async insert(row: { user_id: number; family_id: string; token_hash: string; created_at: number; expires_at: number }) {
      await k.insertInto('refresh_tokens').values(row).execute();
    },

    /**
     * Spends a refresh token. A token already spent means it was copied: the whole family (every
     * session descended from that sign-in) is revoked. The conditional update makes two racing
     * uses of one token count as a reuse, not as two good rotations. `reuseAudit` is the audit
     * entry for a reuse, written in the transaction that revokes the family.
     *
     * The successor is inserted in the same transaction that spends the token. Were it inserted
     * after the commit, a racing reuse on PostgreSQL could revoke the family in between and the
     * winner's new token would be born alive outside it; now the reuse's revoking UPDATE (a new
     * statement, so a fresh snapshot under READ COMMITTED) always sees the successor and ends it.
     */
    async spend(
      tokenHash: string,
      now: number,
      successor: Successor,
      reuseAudit?: (userId: number) => AuditEntry,
    ): Promise<RotateResult> {
      return db.transaction(async (trx) => {
        const row = await trx.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
        if (!row) return { ok: false, code: 'UNKNOWN' } as const;
        if (row.revoked_at !== null) return { ok: false, code: 'REVOKED' } as const;
        const spent = await trx
          .updateTable('refresh_tokens')
          .set({ used_at: now })
          .where('id', '=', row.id)
          .where('used_at', 'is', null)
          .executeTakeFirst();
        if (Number(spent.numUpdatedRows) !== 1) {
          if (db.dialect === 'postgres') {
            // Racing reuses all revoke the same rows (the spent token and its successor): lock
            // them in id order first, so they queue instead of deadlocking (an UPDATE locks rows
            // in whatever order it scans them).
            await trx
              .selectFrom('refresh_tokens')
              .select('id')
              .where('family_id', '=', row.family_id)
              .orderBy('id')
              .forUpdate()
              .execute();
          }
          await trx
            .updateTable('refresh_tokens')
            .set({ revoked_at: now })
            .where('family_id', '=', row.family_id)
            .where('revoked_at', 'is', null)
            .execute();
          if (reuseAudit) await appendAudit(trx, [reuseAudit(row.user_id)]);
          return { ok: false, code: 'REUSED' } as const;
        }
        if (row.expires_at <= now) return { ok: false, code: 'EXPIRED' } as const;
        const owner = await trx.selectFrom('users').select('is_active').where('id', '=', row.user_id).executeTakeFirst();
        if (owner?.is_active !== 1) return { ok: false, code: 'INACTIVE' } as const;
        await trx
          .insertInto('refresh_tokens')
          .values({ ...successor, user_id: row.user_id, family_id: row.family_id })
          .execute();
        return { ok: true, userId: row.user_id, familyId: row.family_id } as const;
      });
    },

    /** Ends the session a refresh token belongs to; returns its user, or null for an unknown token. */
    async revokeFamilyOf(tokenHash: string, now: number): Promise<number | null> {
      const row = await k
        .selectFrom('refresh_tokens')
        .select(['family_id', 'user_id'])
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      if (!row) return null;
      await k
        .updateTable('refresh_tokens')
        .set({ revoked_at: now })
        .where('family_id', '=', row.family_id)
        .where('revoked_at', 'is', null)
        .execute();
      return row.user_id;
    },

    /**
     * Password change: the new hash, every session ended (access tokens issued before now stop
     * working too) and the audit entry, all in one transaction.
     */
    async changePassword(userId: number, passwordHash: string, now: number, audit: AuditEntry): Promise<void> {
      await db.transaction(async (trx) => {
        await setPasswordEndingSessions(trx, userId, passwordHash, now);
        await appendAudit(trx, [audit]);
      });
    },

    /** Expired tokens can be neither used nor reused: nothing is learnt by keeping them. */
    async purgeExpired(now: number): Promise<void> {
      await k.deleteFrom('refresh_tokens').where('expires_at', '<=', now).execute();
    },
  };
}

export type SessionStore = ReturnType<typeof sessionStore>;
