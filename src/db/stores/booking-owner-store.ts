import { decideOwnerChange, type OwnerChange } from '../../core/prototype-import.js';
import type { Db } from '../database.js';
import { type AuditEntry, appendAudit } from './audit-store.js';

type Change = { reference: string; from: { id: number; email: string }; to: { id: number; email: string } };

/**
 * Who owns a booking. Imported bookings belong to the import's placeholder account until an
 * admin gives each to its customer; the change and its audit entry are one transaction.
 */
export function bookingOwnerStore(db: Db) {
  return {
    async giveImportedBooking(reference: string, email: string, audit: (change: Change) => AuditEntry): Promise<OwnerChange> {
      return db.transaction(async (trx) => {
        const booking = await trx
          .selectFrom('bookings')
          .select(['id', 'user_id', 'reference'])
          .where('reference', '=', reference)
          .$if(db.dialect === 'postgres', (q) => q.forUpdate())
          .executeTakeFirst();
        const placeholder = await trx
          .selectFrom('prototype_imports as p')
          .innerJoin('users as u', 'u.id', 'p.local_id')
          .select(['u.id', 'u.email'])
          .where('p.kind', '=', 'account')
          .executeTakeFirst();
        const target = await trx
          .selectFrom('users')
          .select(['id', 'email', 'is_active'])
          .where('email', '=', email)
          .executeTakeFirst();
        const decision = decideOwnerChange({ booking, placeholderId: placeholder?.id, target });
        if (!decision.ok || !booking || !placeholder || !target) return decision;
        const moved = await trx
          .updateTable('bookings')
          .set({ user_id: target.id })
          .where('id', '=', booking.id)
          .where('user_id', '=', placeholder.id)
          .executeTakeFirst();
        if (Number(moved.numUpdatedRows) !== 1) return { ok: false, code: 'NOT_IMPORTED' } as const;
        await appendAudit(trx, [audit({ reference: booking.reference, from: placeholder, to: target })]);
        return decision;
      });
    },
  };
}
