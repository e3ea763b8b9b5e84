import type { Transaction } from 'kysely';
import type { SeatPlan } from '../../core/seat-layout.js';
import type { Database } from '../schema.js';

/** Inserts a showtime's seats in chunks (SQLite caps bound parameters per statement). */
export async function insertSeats(trx: Transaction<Database>, eventId: number, seats: SeatPlan[]): Promise<void> {
  const CHUNK = 200;
  for (let i = 0; i < seats.length; i += CHUNK) {
    await trx
      .insertInto('seats')
      .values(
        seats.slice(i, i + CHUNK).map((s) => ({
          event_id: eventId,
          row_label: s.row_label,
          row_index: s.row_index,
          number: s.number,
          label: s.label,
          category: s.category,
          factor_bp: s.factor_bp,
          price: s.price,
          status: 'available' as const,
          kind: s.kind,
          col: s.col,
        })),
      )
      .execute();
  }
}

/** Puts a booking's seats back on sale; answers the seat changes to announce after commit. */
export async function releaseBookingSeats(
  trx: Transaction<Database>,
  bookingId: number,
): Promise<{ event_id: number; seat_id: number; status: 'available' }[]> {
  const freed = await trx
    .updateTable('seats')
    .set({ status: 'available', booking_id: null, hold_expires_at: null })
    .where('booking_id', '=', bookingId)
    .returning(['id', 'event_id'])
    .execute();
  return freed.map((s) => ({ event_id: s.event_id, seat_id: s.id, status: 'available' as const }));
}
