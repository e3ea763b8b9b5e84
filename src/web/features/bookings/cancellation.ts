import type { Booking } from '../../../contract/bookings';
import { formatMoney } from '../../lib/format';

/** Whether a booking can still be cancelled: pending holds any time, paid ones until the film starts. */
export function canCancel(booking: Booking, now = Date.now()): boolean {
  if (booking.status === 'pending') return new Date(booking.expires_at).getTime() > now;
  if (booking.status === 'confirmed') return new Date(booking.start_time).getTime() > now;
  return false;
}

/** What cancelling does to the money, in the words the confirmation dialog uses. */
export function refundStatement(booking: Booking, audience: 'customer' | 'staff' = 'customer'): string {
  const amount = formatMoney(booking.total_amount, booking.currency);
  if (booking.status === 'confirmed') {
    return audience === 'customer'
      ? `You will be refunded ${amount} in full to the card you paid with.`
      : `${booking.user_email} will be refunded ${amount} in full to the card they paid with.`;
  }
  return 'Nothing has been charged for this booking, so there is nothing to refund.';
}
