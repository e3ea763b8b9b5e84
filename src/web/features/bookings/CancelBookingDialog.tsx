import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Booking } from '../../../contract/bookings';
import { FormAlert } from '../../components/FormAlert';
import { errorText } from '../../lib/fieldErrors';
import { formatDateTime, formatMoney } from '../../lib/format';
import { refundStatement } from './cancellation';
import { useCancelBooking } from './useCancelBooking';

/** Asks before cancelling and says what happens to the money. */
type Props = { booking: Booking | null; onClose: () => void; audience?: 'customer' | 'staff' };

export function CancelBookingDialog({ booking, onClose, audience = 'customer' }: Props) {
  const cancel = useCancelBooking();
  const close = () => {
    cancel.reset();
    onClose();
  };
  const confirm = () => {
    if (!booking) return;
    cancel.mutate(booking.booking_reference, {
      onSuccess: (result) => {
        notifications.show({
          color: 'teal',
          title: `Booking ${result.booking_reference} cancelled`,
          message:
            result.refund_amount > 0
              ? `${formatMoney(result.refund_amount, result.currency)} is being refunded. The seats are back on sale.`
              : 'The seats are back on sale.',
        });
        close();
      },
    });
  };
  return (
    <Modal opened={booking !== null} onClose={close} title="Cancel this booking?" centered>
      {booking && (
        <Stack>
          <Text>
            <strong>{booking.movie_title}</strong>, {formatDateTime(booking.start_time)} — seats {booking.seats.join(', ')}.
          </Text>
          <Text fw={600}>{refundStatement(booking, audience)}</Text>
          <Text size="sm" c="dimmed">
            The seats go back on sale straight away. This cannot be undone.
          </Text>
          <FormAlert message={cancel.error ? errorText(cancel.error) : null} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Keep booking
            </Button>
            <Button color="red" loading={cancel.isPending} onClick={confirm}>
              Cancel booking
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
