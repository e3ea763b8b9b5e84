import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useEffect, useState } from 'react';
import type { Booking } from '../../../../contract/bookings';
import { isApiError } from '../../../api/client';
import { FormAlert } from '../../../components/FormAlert';
import { errorText, fieldErrorsOf } from '../../../lib/fieldErrors';
import { formatShowtime } from '../../../lib/format';
import { useReassignBooking } from './useReassignBooking';

/**
 * Asks for the customer's email and gives them a booking imported from the prototype (which
 * never recorded who booked); it then shows in their My bookings.
 */
export function ReassignBookingDialog({ booking, onClose }: { booking: Booking | null; onClose: () => void }) {
  const [email, setEmail] = useState('');
  const reassign = useReassignBooking();
  const { reset } = reassign;
  useEffect(() => {
    if (booking) {
      setEmail('');
      reset();
    }
  }, [booking, reset]);

  const error = isApiError(reassign.error) ? reassign.error : null;
  const fields = fieldErrorsOf(error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!booking) return;
    reassign.mutate(
      { reference: booking.booking_reference, email: email.trim() },
      {
        onSuccess: (result) => {
          notifications.show({
            color: 'teal',
            title: `Booking ${result.booking_reference} given to ${result.user_email}`,
            message: 'It now shows in their bookings.',
          });
          onClose();
        },
      },
    );
  };

  return (
    <Modal
      opened={booking !== null}
      onClose={onClose}
      title="Give this booking to its customer"
      centered
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {booking && (
        <form onSubmit={submit} noValidate aria-label={`Give booking ${booking.booking_reference} to a customer`}>
          <Stack>
            <Text>
              <strong>{booking.movie_title}</strong>, {formatShowtime(booking)} — seats {booking.seats.join(', ')}.
            </Text>
            <Text size="sm" c="dimmed">
              Imported from the prototype, which did not record who booked. The customer needs an account; their booking reference{' '}
              {booking.booking_reference} stays the same.
            </Text>
            <FormAlert message={error && !fields.email ? errorText(error) : null} />
            <TextInput
              label="Customer's email"
              type="email"
              autoComplete="off"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={fields.email}
              withAsterisk
              data-autofocus
            />
            <Group justify="flex-end" wrap="wrap">
              <Button variant="default" onClick={onClose}>
                Keep as imported
              </Button>
              <Button type="submit" loading={reassign.isPending} disabled={email.trim() === ''}>
                Give booking
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
