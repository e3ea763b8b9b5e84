import type { Db } from '../database.js';

export type RotateResult =
  | { ok: true; userId: number; familyId: string }
  | { ok: false; code: 'UNKNOWN' | 'EXPIRED' | 'REVOKED' | 'REUSED' };

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
     * uses of one token count as a reuse, not as two good rotations.
     */
    async spend(tokenHash: string, now: number): Promise<RotateResult> {
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
          await trx
            .updateTable('refresh_tokens')
            .set({ revoked_at: now })
            .where('family_id', '=', row.family_id)
            .where('revoked_at', 'is', null)
            .execute();
          return { ok: false, code: 'REUSED' } as const;
        }
        if (row.expires_at <= now) return { ok: false, code: 'EXPIRED' } as const;
        return { ok: true, userId: row.user_id, familyId: row.family_id } as const;
      });
    },

    async revokeFamilyOf(tokenHash: string, now: number): Promise<void> {
      const row = await k.selectFrom('refresh_tokens').select('family_id').where('token_hash', '=', tokenHash).executeTakeFirst();
      if (!row) return;
      await k
        .updateTable('refresh_tokens')
        .set({ revoked_at: now })
        .where('family_id', '=', row.family_id)
        .where('revoked_at', 'is', null)
        .execute();
    },

    /** Password change: every session ends, and access tokens issued before now stop working. */
    async revokeAllOf(userId: number, now: number): Promise<void> {
      await db.transaction(async (trx) => {
        await trx
          .updateTable('refresh_tokens')
          .set({ revoked_at: now })
          .where('user_id', '=', userId)
          .where('revoked_at', 'is', null)
          .execute();
        await trx.updateTable('users').set({ sessions_valid_after: now }).where('id', '=', userId).execute();
      });
    },

    /** Expired tokens can be neither used nor reused: nothing is learnt by keeping them. */
    async purgeExpired(now: number): Promise<void> {
      await k.deleteFrom('refresh_tokens').where('expires_at', '<=', now).execute();
    },

    async setPassword(userId: number, passwordHash: string): Promise<void> {
      await k.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).execute();
    },
  };
}

export type SessionStore = ReturnType<typeof sessionStore>;
