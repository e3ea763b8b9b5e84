import { Button, Checkbox, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import type { Booking } from '../../../contract/bookings';
import { FormAlert } from '../../components/FormAlert';
import { errorText } from '../../lib/fieldErrors';
import { formatMoney, formatShowtime } from '../../lib/format';
import { refundStatement } from './cancellation';
import { useCancelBooking } from './useCancelBooking';
import { useCancellationQuote } from './useCancellationQuote';

/**
 * Asks before cancelling and says what happens to the money, as the server quotes it under the
 * refund policy. A paid booking of several seats can give back only some of them.
 */
type Props = { booking: Booking | null; onClose: () => void; audience?: 'customer' | 'staff' };

export function CancelBookingDialog({ booking, onClose, audience = 'customer' }: Props) {
  const cancel = useCancelBooking();
  const paid = booking?.status === 'confirmed';
  const [chosen, setChosen] = useState<number[]>([]);
  useEffect(() => setChosen(booking?.seat_ids ?? []), [booking]);
  const partial = paid && booking !== null && chosen.length > 0 && chosen.length < booking.seat_ids.length;
  const quote = useCancellationQuote(paid ? (booking?.booking_reference ?? null) : null, partial ? chosen : null);

  const close = () => {
    cancel.reset();
    onClose();
  };
  const confirm = () => {
    if (!booking) return;
    cancel.mutate(
      { reference: booking.booking_reference, ...(partial ? { seatIds: chosen } : {}) },
      {
        onSuccess: (result) => {
          const what = result.status === 'confirmed' ? `${result.cancelled_seat_ids.length} seat(s) of booking` : 'Booking';
          notifications.show({
            color: 'teal',
            title: `${what} ${result.booking_reference} cancelled`,
            message:
              result.refund_amount > 0
                ? `${formatMoney(result.refund_amount, result.currency)} is being refunded. The seats are back on sale.`
                : 'The seats are back on sale.',
          });
          close();
        },
      },
    );
  };
  const labelOf = (seatId: number) => booking?.seats[booking.seat_ids.indexOf(seatId)] ?? String(seatId);
  const refused = quote.data && !quote.data.allowed ? quote.data.reason : null;
  return (
    <Modal
      opened={booking !== null}
      onClose={close}
      title="Cancel this booking?"
      centered
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {booking && (
        <Stack>
          <Text>
            <strong>{booking.movie_title}</strong>, {formatShowtime(booking)} — seats {booking.seats.join(', ')}.
          </Text>
          {paid && booking.seat_ids.length > 1 && (
            <Checkbox.Group label="Seats to cancel" value={chosen.map(String)} onChange={(v) => setChosen(v.map(Number))}>
              <Group gap="sm" mt={4}>
                {booking.seat_ids.map((id) => (
                  <Checkbox key={id} value={String(id)} label={labelOf(id)} />
                ))}
              </Group>
            </Checkbox.Group>
          )}
          <Text fw={600} aria-live="polite">
            {chosen.length === 0 ? 'Choose at least one seat.' : refundStatement(booking, audience, paid ? quote.data : null)}
          </Text>
          <Text size="sm" c="dimmed">
            {partial
              ? 'The other seats stay booked. The chosen seats go back on sale straight away. This cannot be undone.'
              : 'The seats go back on sale straight away. This cannot be undone.'}
          </Text>
          <FormAlert message={cancel.error ? errorText(cancel.error) : refused} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Keep booking
            </Button>
            <Button
              color="red"
              loading={cancel.isPending}
              disabled={chosen.length === 0 || (paid && (quote.isPending || refused !== null))}
              onClick={confirm}
            >
              {partial ? `Cancel ${chosen.length} ${chosen.length === 1 ? 'seat' : 'seats'}` : 'Cancel booking'}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
