import type { Booking, CancellationQuote } from '../../../contract/bookings';
import { formatMoney } from '../../lib/format';

const held = (booking: Booking) => booking.status === 'pending' || booking.status === 'awaiting_payment';

/**
 * Whether a booking can still be cancelled. Customers: as the server's refund policy says
 * (`cancellation.allowed`: holds until they run out, paid bookings until the cut-off). Staff:
 * live holds and every paid booking (the cinema can always cancel, with a full refund).
 */
export function canCancel(booking: Booking, now = Date.now(), audience: 'customer' | 'staff' = 'customer'): boolean {
  if (held(booking)) return new Date(booking.expires_at).getTime() > now;
  if (booking.status !== 'confirmed') return false;
  if (audience === 'staff') return true;
  return booking.cancellation?.allowed ?? new Date(booking.start_time).getTime() > now;
}

/** What cancelling does to the money, in the words the confirmation dialog uses. */
export function refundStatement(
  booking: Booking,
  audience: 'customer' | 'staff' = 'customer',
  quote?: CancellationQuote | null,
): string {
  if (booking.status !== 'confirmed') return 'Nothing has been charged for this booking, so there is nothing to refund.';
  const who = audience === 'customer' ? 'You' : booking.user_email;
  const card = audience === 'customer' ? 'the card you paid with' : 'the card they paid with';
  if (!quote) return `${who} will be refunded to ${card}.`;
  const amount = formatMoney(quote.refund_amount, quote.currency);
  if (quote.refund_amount === 0) return `Nothing is refunded: the cancellation fee is ${formatMoney(quote.fee, quote.currency)}.`;
  if (quote.fee > 0) {
    return `${who} will be refunded ${amount} to ${card} (a cancellation fee of ${formatMoney(quote.fee, quote.currency)} is kept).`;
  }
  return `${who} will be refunded ${amount} in full to ${card}.`;
}
