import { Alert, Anchor, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import type { WaitlistEntry } from '../../../contract/waitlist';
import { MAX_WAITLIST_SEATS } from '../../../core/waitlist';
import { type ApiError, isApiError } from '../../api/client';
import { PlainSelect } from '../../components/PlainSelect';
import { errorText } from '../../lib/fieldErrors';
import { showtimeClock } from '../../lib/format';
import { signInPath } from '../auth/signInPath';
import { useJoinWaitlist } from './useJoinWaitlist';
import { useLeaveWaitlist } from './useLeaveWaitlist';
import { useWaitlistPlace } from './useWaitlistPlace';

type Props = {
  eventId: number;
  signedIn: boolean;
  /** The cinema's zone, for the time an offer is held until. */
  timeZone: string | undefined;
};

const COUNTS = Array.from({ length: MAX_WAITLIST_SEATS }, (_, i) => ({
  value: String(i + 1),
  label: i === 0 ? '1 seat' : `${i + 1} seats`,
}));

/** The API's refusals, in words a customer reads. */
function joinErrorText(error: ApiError | Error): string {
  if (isApiError(error, 'ALREADY_ON_WAITLIST')) return 'You are already on the waitlist for this showtime.';
  if (isApiError(error, 'SEATS_AVAILABLE')) return 'Enough seats are free right now: pick them on the seat map instead.';
  if (isApiError(error, 'SHOWTIME_CANCELLED')) return 'The cinema has cancelled this showtime, so there is no waitlist.';
  if (isApiError(error, 'SHOWTIME_ENDED')) return 'This showtime has already started.';
  if (isApiError(error, 'WAITLIST_FULL')) return 'The waitlist for this showtime is full.';
  return errorText(error);
}

const seatsText = (n: number) => (n === 1 ? '1 seat' : `${n} seats`);

/** What the customer's place says now, read out when it changes. */
function statusText(entry: WaitlistEntry, timeZone: string | undefined): string | null {
  switch (entry.state) {
    case 'waiting':
      return `You are number ${entry.position ?? '?'} for ${seatsText(entry.count)}.`;
    case 'offered':
      return entry.offer_expires_at
        ? `Seats are held for you until ${showtimeClock({ start_time: entry.offer_expires_at, time_zone: timeZone })}.`
        : 'Seats are held for you.';
    case 'booked':
      return 'You booked seats from the waitlist.';
    case 'lapsed':
      return 'The seats offered to you were not paid in time. You can join the waitlist again.';
    case 'left':
      return null;
  }
}

/**
 * A sold-out showtime's waitlist: join for a number of seats, see your place, leave; when seats
 * are offered, a link to pay for them. Its own lazy chunk: most visits never see it.
 */
export function WaitlistPanel({ eventId, signedIn, timeZone }: Props) {
  const titleId = useId();
  const [count, setCount] = useState('2');
  const place = useWaitlistPlace(eventId, signedIn);
  const join = useJoinWaitlist(eventId);
  const leave = useLeaveWaitlist(eventId);
  const entry = place.data ?? null;
  const live = entry?.state === 'waiting' || entry?.state === 'offered';
  const status = entry ? statusText(entry, timeZone) : null;

  let body: React.ReactNode;
  if (!signedIn) {
    body = (
      <Text size="sm">
        <Anchor component={Link} to={signInPath('waitlist', `/showtimes/${eventId}`)}>
          Sign in to join the waitlist
        </Anchor>{' '}
        and you will come back here.
      </Text>
    );
  } else if (place.isPending) {
    body = <Text size="sm">Checking your place on the waitlist…</Text>;
  } else if (place.isError) {
    body = (
      <Alert color="red" variant="light" role="alert">
        Could not check your place on the waitlist: {errorText(place.error)}{' '}
        <Anchor component="button" type="button" onClick={() => void place.refetch()}>
          Try again
        </Anchor>
      </Alert>
    );
  } else if (entry?.state === 'offered' && entry.booking_reference) {
    body = (
      <Group>
        <Button component={Link} to={`/checkout/${entry.booking_reference}`} color="green">
          Pay now
        </Button>
      </Group>
    );
  } else if (entry?.state === 'waiting') {
    body = (
      <Group>
        <Button variant="default" onClick={() => leave.mutate()} loading={leave.isPending}>
          Leave the waitlist
        </Button>
      </Group>
    );
  } else if (entry?.state === 'booked') {
    body = (
      <Anchor component={Link} to="/bookings" size="sm">
        See it in My bookings
      </Anchor>
    );
  } else {
    body = (
      <form
        onSubmit={(event) => {
          event.preventDefault();
          join.mutate(Number(count));
        }}
      >
        <Group gap="sm" align="flex-end" wrap="wrap">
          <PlainSelect label="Seats wanted" value={count} data={COUNTS} onChange={setCount} />
          <Button type="submit" loading={join.isPending}>
            Join the waitlist
          </Button>
        </Group>
      </form>
    );
  }

  return (
    <Paper withBorder radius="lg" p="md" component="section" aria-labelledby={titleId}>
      <Stack gap="sm">
        <Title order={2} size="h4" id={titleId}>
          {live ? 'Your place on the waitlist' : 'Sold out: join the waitlist'}
        </Title>
        {!live && entry?.state !== 'booked' && (
          <Text size="sm">
            When seats free up, the first in line whose number of seats fits gets them held for 15 minutes, and an email with a
            link to pay.
          </Text>
        )}
        <div role="status" aria-live="polite">
          {status && (
            <Text fw={600} data-testid="waitlist-status">
              {status}
            </Text>
          )}
        </div>
        {body}
        {join.isError && (
          <Alert color="orange" variant="light" role="alert">
            {joinErrorText(join.error)}
          </Alert>
        )}
        {leave.isError && (
          <Alert color="orange" variant="light" role="alert">
            {isApiError(leave.error, 'NOT_FOUND') ? 'You were no longer waiting on this list.' : errorText(leave.error)}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
