import type { Db } from '../database.js';

/** The hashes of the set-up codes printed at start; they only matter while no admin exists. */
export function setupCodeStore(db: Db) {
  const k = db.kysely;
  return {
    async add(codeHash: string, now: number): Promise<void> {
      await k
        .insertInto('setup_codes')
        .values({ code_hash: codeHash, created_at: now })
        .onConflict((oc) => oc.column('code_hash').doNothing())
        .execute();
    },

    /** Hashes of the codes printed at or after `since` (older ones have expired). */
    async hashes(since: number): Promise<string[]> {
      const rows = await k.selectFrom('setup_codes').select('code_hash').where('created_at', '>=', since).execute();
      return rows.map((r) => r.code_hash);
    },

    /** Once an admin exists the codes are dead; forget them. */
    async clear(): Promise<void> {
      await k.deleteFrom('setup_codes').execute();
    },
  };
}
