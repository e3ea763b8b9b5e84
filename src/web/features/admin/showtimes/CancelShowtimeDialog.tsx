import { Button, Group, List, Modal, Progress, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { AdminEvent } from '../../../../contract/admin';
import { FormAlert } from '../../../components/FormAlert';
import { errorText } from '../../../lib/fieldErrors';
import { formatMoney, formatShowtime } from '../../../lib/format';
import { useCancellationProgress, useCancelShowtime } from './useCancelShowtime';

const NOTE_MAX = 500;

/**
 * Cancelling a showtime with bookings, then following it: the admin writes what customers are
 * told, confirms, and watches the refunds settle and the emails go out.
 */
export function CancelShowtimeDialog({ showtime, onClose }: { showtime: AdminEvent | null; onClose: () => void }) {
  const cancel = useCancelShowtime();
  const [note, setNote] = useState('');
  const cancelled = showtime?.cancelled === true || cancel.isSuccess;
  const progress = useCancellationProgress(showtime && cancelled ? showtime.event_id : null);
  const close = () => {
    setNote('');
    cancel.reset();
    onClose();
  };
  const title = showtime ? `${showtime.movie_title} at ${formatShowtime(showtime)}` : '';

  return (
    <Modal opened={showtime !== null} onClose={close} title={cancelled ? 'Showtime cancelled' : 'Cancel this showtime?'} centered>
      {showtime && !cancelled && (
        <Stack>
          <Text>
            “{title}” stops selling now. Every booking is cancelled: paid ones are refunded in full and their tickets stop working
            at the door; every customer gets an email.
          </Text>
          <Textarea
            label="Message to customers (optional)"
            description={`Quoted in the email, e.g. the reason. At most ${NOTE_MAX} characters.`}
            value={note}
            maxLength={NOTE_MAX}
            autosize
            minRows={2}
            onChange={(e) => setNote(e.currentTarget.value)}
          />
          <FormAlert title="Not possible" message={cancel.error ? errorText(cancel.error) : null} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Keep it
            </Button>
            <Button color="red" loading={cancel.isPending} onClick={() => cancel.mutate({ id: showtime.event_id, note })}>
              Cancel showtime and refund
            </Button>
          </Group>
        </Stack>
      )}
      {showtime && cancelled && <CancellationProgress title={title} progress={progress} onClose={close} />}
    </Modal>
  );
}

function CancellationProgress({
  title,
  progress,
  onClose,
}: {
  title: string;
  progress: ReturnType<typeof useCancellationProgress>;
  onClose: () => void;
}) {
  const p = progress.data;
  // Cash owed at the counter waits for the customer, not for us: it is not work in progress here.
  const done = p ? p.refunds.settled + p.emails.sent : 0;
  const total = p ? p.refunds.count - p.refunds.awaiting_counter + p.emails.count : 0;
  const sentOut = p ? p.refunds.pending === 0 && p.emails.pending === 0 : false;
  return (
    <Stack>
      <Text>“{title}” is cancelled.</Text>
      {progress.isError && <FormAlert title="Could not load the progress" message={errorText(progress.error)} />}
      {p && (
        <>
          <Progress
            value={total === 0 ? 100 : (done / total) * 100}
            aria-label="Refunds and emails done"
            color={sentOut ? 'teal' : 'yellow'}
          />
          <List size="sm" aria-live="polite">
            <List.Item>{p.bookings_cancelled} bookings cancelled</List.Item>
            <List.Item>
              Refunds: {p.refunds.settled} of {p.refunds.count} settled ({formatMoney(p.refunds.amount_settled, p.currency)} of{' '}
              {formatMoney(p.refunds.amount, p.currency)})
            </List.Item>
            {p.refunds.awaiting_counter > 0 && (
              <List.Item>
                Cash refunds awaiting payout at the box office: {p.refunds.awaiting_counter} (
                {formatMoney(p.refunds.amount_awaiting_counter, p.currency)}); paid when each customer comes to the counter
              </List.Item>
            )}
            <List.Item>
              Emails: {p.emails.sent} of {p.emails.count} sent
              {p.emails.failing > 0 ? ` (${p.emails.failing} failing; retried automatically, see Mail)` : ''}
            </List.Item>
          </List>
          <Text fw={600} role="status">
            {p.complete
              ? 'All refunds settled and all customers emailed.'
              : sentOut
                ? 'Card refunds settled and all customers emailed; cash refunds are paid out at the box office.'
                : 'Refunds and emails are on their way…'}
          </Text>
        </>
      )}
      <Group justify="flex-end">
        <Button onClick={onClose}>Done</Button>
      </Group>
    </Stack>
  );
}
