import type { Kysely, Selectable } from 'kysely';
import type { Role } from '../../core/roles.js';
import type { Db } from '../database.js';
import type { Database, UsersTable } from '../schema.js';
import { type AuditEntry, appendAudit } from './audit-store.js';

export type UserRow = Selectable<UsersTable>;
type NewUser = { email: string; password_hash: string; full_name: string; role: Role; created_at: number };

export function userStore(db: Db) {
  const k = db.kysely;
  /** Inserts a user, or returns null when the email is taken (the unique index decides, not a prior read). */
  async function insert(user: NewUser, executor: Kysely<Database> = k): Promise<UserRow | null> {
    const row = await executor
      .insertInto('users')
      .values({ ...user, is_active: 1 })
      .onConflict((oc) => oc.column('email').doNothing())
      .returningAll()
      .executeTakeFirst();
    return row ?? null;
  }

  return {
    insert,
    findById: (id: number) => k.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst(),
    findByEmail: (email: string) => k.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst(),

    async adminExists(): Promise<boolean> {
      const row = await k.selectFrom('setup_claims').select('name').where('name', '=', 'first_admin').executeTakeFirst();
      return row !== undefined;
    },

    /**
     * Creates the first admin. The claim row's primary key makes this a one-time door even when
     * several set-up requests race: only one insert of the claim can succeed.
     */
    async insertFirstAdmin(
      user: Omit<NewUser, 'role'>,
      audit: (row: UserRow) => AuditEntry,
    ): Promise<UserRow | 'ADMIN_EXISTS' | 'EMAIL_TAKEN'> {
      return db
        .transaction(async (trx) => {
          const claim = await trx
            .insertInto('setup_claims')
            .values({ name: 'first_admin', created_at: user.created_at })
            .onConflict((oc) => oc.column('name').doNothing())
            .returning('name')
            .executeTakeFirst();
          if (!claim) return 'ADMIN_EXISTS' as const;
          const row = await insert({ ...user, role: 'admin' }, trx);
          if (!row) throw new EmailTaken();
          await appendAudit(trx, [audit(row)]);
          return row;
        })
        .catch((error: unknown) => {
          if (error instanceof EmailTaken) return 'EMAIL_TAKEN' as const;
          throw error;
        });
    },

    /**
     * An admin made by another admin or by the command line: the account, the set-up claim (so
     * the first-time door closes too) and its audit entry in one transaction, or none of them.
     */
    async insertAdmin(user: Omit<NewUser, 'role'>, audit: (row: UserRow) => AuditEntry): Promise<UserRow | null> {
      return db.transaction(async (trx) => {
        const row = await insert({ ...user, role: 'admin' }, trx);
        if (!row) return null;
        await trx
          .insertInto('setup_claims')
          .values({ name: 'first_admin', created_at: user.created_at })
          .onConflict((oc) => oc.column('name').doNothing())
          .execute();
        await appendAudit(trx, [audit(row)]);
        return row;
      });
    },

    /** Whether any account still has a bcrypt hash from the prototype import. */
    async hasBcryptHashes(): Promise<boolean> {
      const row = await k.selectFrom('users').select('id').where('password_hash', 'like', '$2%').limit(1).executeTakeFirst();
      return row !== undefined;
    },

    /**
     * Replaces a password hash with a stronger one of the same password (the prototype's bcrypt
     * becoming argon2id); only if it is still the hash that was checked, so a password changed
     * meanwhile is never overwritten. Sessions stay valid: the password is the same.
     */
    async upgradePasswordHash(id: number, checkedHash: string, newHash: string): Promise<boolean> {
      const result = await k
        .updateTable('users')
        .set({ password_hash: newHash })
        .where('id', '=', id)
        .where('password_hash', '=', checkedHash)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Accounts whose email or name contains `query` (any case), newest first. */
    search(filter: { query?: string; role?: Role; limit: number }) {
      // Wildcards are dropped rather than escaped, as in the bookings search: LIKE escaping differs between the dialects.
      const term = filter.query?.trim()
        ? `%${filter.query
            .trim()
            .toLowerCase()
            .replace(/[\\%_]/g, '')}%`
        : null;
      return k
        .selectFrom('users')
        .selectAll()
        .$if(term !== null, (q) =>
          q.where((eb) =>
            eb.or([eb(eb.fn('lower', ['email']), 'like', eb.val(term)), eb(eb.fn('lower', ['full_name']), 'like', eb.val(term))]),
          ),
        )
        .$if(filter.role !== undefined, (q) => q.where('role', '=', filter.role as Role))
        .orderBy('id', 'desc')
        .limit(filter.limit)
        .execute();
    },

    /**
     * Gives an account another role, if it still has the one the admin saw (`from`): two admins
     * changing one account at once cannot overwrite each other unseen. The audit entry is written
     * in the same transaction. The guards read the role from this row on every request, so the
     * change counts from the account's next request.
     */
    async changeRole(id: number, from: Role, to: Role, audit: AuditEntry): Promise<UserRow | null> {
      return db.transaction(async (trx) => {
        const row = await trx
          .updateTable('users')
          .set({ role: to })
          .where('id', '=', id)
          .where('role', '=', from)
          .returningAll()
          .executeTakeFirst();
        if (!row) return null;
        await appendAudit(trx, [audit]);
        return row;
      });
    },

    async setActive(id: number, active: boolean): Promise<void> {
      await k
        .updateTable('users')
        .set({ is_active: active ? 1 : 0 })
        .where('id', '=', id)
        .execute();
    },
  };
}

class EmailTaken extends Error {}

export type UserStore = ReturnType<typeof userStore>;
