import { Alert, Anchor, Container, Grid, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconArrowLeft, IconInfoCircle } from '@tabler/icons-react';
import { useEffect, useMemo } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { Seat } from '../../../contract/catalogue';
import { isApiError } from '../../api/client';
import { ErrorState } from '../../components/QueryStates';
import { errorText } from '../../lib/fieldErrors';
import { formatDateTime, formatMoney, moneyText } from '../../lib/format';
import { signInPath } from '../auth/signInPath';
import { useSession } from '../auth/useSession';
import { LiveBadge } from './LiveBadge';
import { SeatCounts } from './SeatCounts';
import { SeatGrid } from './SeatGrid';
import { SeatLegend } from './SeatLegend';
import { SelectionBar } from './SelectionBar';
import { SelectionSummary } from './SelectionSummary';
import type { GridSeat } from './seatLayout';
import { useHoldSeats } from './useHoldSeats';
import { useSeatMap } from './useSeatMap';
import { takenNotice, useSeatSelection } from './useSeatSelection';
import { useSeatStream } from './useSeatStream';
import { useShowtime } from './useShowtime';

const parseIds = (text: string | null) =>
  (text ?? '')
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);

export function SeatMapPage() {
  const eventId = Number(useParams().eventId);
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const signedIn = useSession() !== null;
  const showtime = useShowtime(eventId);
  const stream = useSeatStream(eventId);
  const seatMap = useSeatMap(eventId, { pollWhileOffline: stream.state === 'offline' });
  const hold = useHoldSeats(eventId);
  // Below Mantine's md breakpoint the selection moves into a bar fixed to the bottom of the screen.
  const narrow = useMediaQuery('(max-width: 61.99em)', undefined, { getInitialValueInEffect: false });

  const seats: Seat[] | undefined = useMemo(
    () => seatMap.data?.seats.map((s) => ({ ...s, status: stream.statuses.get(s.seat_id) ?? s.status })),
    [seatMap.data, stream.statuses],
  );
  const selection = useSeatSelection(seats, parseIds(params.get('seats')), hold.isPending || hold.isSuccess);
  // ?seats= only carries a selection across sign-in; once restored it must not come back on reload.
  useEffect(() => {
    if (params.has('seats')) setParams({}, { replace: true });
  }, [params, setParams]);
  const currency = seatMap.data?.currency ?? showtime.data?.currency ?? 'USD';
  const gridSeats: GridSeat[] = useMemo(
    () =>
      (seats ?? []).map((s) => ({
        id: s.seat_id,
        row: s.row,
        number: s.number,
        category: s.category,
        status: s.status,
        priceText: moneyText(s.price, currency),
      })),
    [seats, currency],
  );
  const selectedSet = useMemo(() => new Set(selection.selectedIds), [selection.selectedIds]);
  const categories = useMemo(() => {
    const prices = new Map<string, number>();
    for (const s of seats ?? []) if (!prices.has(s.category)) prices.set(s.category, s.price);
    return [...prices.entries()].map(([name, price]) => ({ name, priceText: formatMoney(price, currency) }));
  }, [seats, currency]);

  const started = showtime.data ? new Date(showtime.data.start_time).getTime() <= Date.now() : false;
  const holdError = hold.error && !isApiError(hold.error, 'SEATS_UNAVAILABLE') ? errorText(hold.error) : null;

  const onHold = () => {
    const ids = selection.selectedIds;
    if (!signedIn) {
      navigate(signInPath('book', `/showtimes/${eventId}?seats=${ids.join(',')}`));
      return;
    }
    hold.mutate(ids, {
      onSuccess: (result) => navigate(`/checkout/${result.booking_reference}`),
      onError: (error) => {
        if (isApiError(error, 'SEATS_UNAVAILABLE')) {
          const labels = error.seatIds.map((id) => seats?.find((s) => s.seat_id === id)?.label ?? `#${id}`);
          selection.drop(error.seatIds, `${takenNotice(labels)} Nothing was held; check your seats and try again.`);
        }
      },
    });
  };

  const selectionProps = {
    seats: selection.selectedSeats,
    currency,
    notice: selection.notice,
    onDismissNotice: selection.dismissNotice,
    error: holdError,
    signedIn,
    closed: started,
    holding: hold.isPending,
    onHold,
    onRemove: (id: number) => selection.toggle(id),
  };

  if (showtime.isError || seatMap.isError) {
    const notFound = isApiError(showtime.error, 'EVENT_NOT_FOUND');
    return (
      <Container size="lg" py="lg">
        <ErrorState
          title={notFound ? 'This showtime does not exist' : 'Could not load the seat map'}
          error={showtime.error ?? seatMap.error}
          onRetry={notFound ? undefined : () => void Promise.all([showtime.refetch(), seatMap.refetch()])}
        />
        <Anchor component={Link} to="/">
          Back to all showtimes
        </Anchor>
      </Container>
    );
  }

  return (
    <Container size="xl" py="lg">
      <Stack gap="md">
        <Anchor component={Link} to="/" size="sm">
          <Group gap={4}>
            <IconArrowLeft size={16} aria-hidden /> All showtimes
          </Group>
        </Anchor>
        <Group justify="space-between" align="flex-end" wrap="wrap">
          <div>
            {showtime.data ? (
              <>
                <Title order={1} fz={{ base: 28, sm: 34 }}>
                  {showtime.data.movie_title}
                </Title>
                <Text c="dimmed">
                  {formatDateTime(showtime.data.start_time)}
                  {showtime.data.hall ? ` · ${showtime.data.hall}` : ''}
                </Text>
              </>
            ) : (
              <Skeleton h={56} w={320} />
            )}
          </div>
          <LiveBadge state={stream.state} />
        </Group>
        {started && (
          <Alert color="orange" icon={<IconInfoCircle aria-hidden />}>
            This showtime has already started, so booking is closed.
          </Alert>
        )}
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: narrow ? 12 : 8 }}>
            <Paper withBorder radius="lg" p={{ base: 'xs', sm: 'md' }}>
              <Stack gap="md">
                {seats ? <SeatCounts seats={seats} /> : <Skeleton h={28} w={280} />}
                {seats ? (
                  <SeatGrid
                    seats={gridSeats}
                    selected={selectedSet}
                    onToggle={started ? undefined : (seat) => selection.toggle(seat.id)}
                    label="Seat map, screen at the top. Use the arrow keys to move between seats and Space to select."
                  />
                ) : (
                  <Skeleton h={360} aria-label="Loading seats" />
                )}
                <SeatLegend categories={categories} />
              </Stack>
            </Paper>
          </Grid.Col>
          {!narrow && (
            <Grid.Col span={{ base: 12, md: 4 }}>
              <SelectionSummary {...selectionProps} />
            </Grid.Col>
          )}
        </Grid>
      </Stack>
      {narrow && <SelectionBar {...selectionProps} />}
    </Container>
  );
}
