import { Alert, Anchor, Box, Container, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconArrowLeft, IconInfoCircle } from '@tabler/icons-react';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { Seat } from '../../../contract/catalogue';
import { isApiError } from '../../api/client';
import { FilmLink } from '../../components/FilmLink';
import { ErrorState } from '../../components/QueryStates';
import { errorText } from '../../lib/fieldErrors';
import { formatMoney, formatShowtime, moneyText } from '../../lib/format';
import { signInPath } from '../auth/signInPath';
import { useSession } from '../auth/useSession';
import { LiveBadge } from './LiveBadge';
import { PromoCodeField } from './PromoCodeField';
import { SeatChoiceWarning } from './SeatChoiceWarning';
import { SeatCounts } from './SeatCounts';
import { SeatGrid } from './SeatGrid';
import { SeatLegend } from './SeatLegend';
import classes from './SeatMapPage.module.css';
import { SelectionBar } from './SelectionBar';
import { SelectionSummary } from './SelectionSummary';
import { checkSeatChoice } from './seatingCheck';
import type { GridSeat } from './seatLayout';
import { TicketTypes } from './TicketTypes';
import { offeredTypes, ticketLines, ticketTypesBody } from './ticketLines';
import { useHoldSeats } from './useHoldSeats';
import { useSeatMap } from './useSeatMap';
import { takenNotice, useSeatSelection } from './useSeatSelection';
import { useSeatStream } from './useSeatStream';
import { useShowtime } from './useShowtime';

// Few visitors need it, and a dialog's code is a fifth of the page's: fetched when first asked.
// "Best seats for N" is not needed to pick a seat by hand: its form code follows the map.
const BEST_SEATS_HEIGHT = 60; // the control's own height, kept while it loads so the map does not jump
const BestSeatsControl = lazy(() => import('./BestSeatsControl').then((m) => ({ default: m.BestSeatsControl })));
// Only a sold-out showtime shows the waitlist.
const WaitlistPanel = lazy(() => import('../waitlist/WaitlistPanel').then((m) => ({ default: m.WaitlistPanel })));
const AccessibleSeatDialog = lazy(() => import('./AccessibleSeatDialog').then((m) => ({ default: m.AccessibleSeatDialog })));

/** Seats anyone may book (wheelchair spaces and companions are kept for those who need them): as the waitlist counts. */
const OPEN_KINDS = new Set(['standard', 'restricted_view', 'couple']);

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
        kind: s.kind,
        column: s.column,
        rowIndex: s.row_index,
      })),
    [seats, currency],
  );
  // Wheelchair spaces and companions: kept for those who need them until the release time.
  const [accessible, setAccessible] = useState(false);
  const [askAccessible, setAskAccessible] = useState<number | null>(null);
  // Stays mounted once loaded, so the dialog can play its closing transition.
  const [dialogLoaded, setDialogLoaded] = useState(false);
  if (askAccessible !== null && !dialogLoaded) setDialogLoaded(true);
  const releaseAt = seatMap.data?.accessible_release_at ?? null;
  const protectedNow = releaseAt !== null && Date.now() < new Date(releaseAt).getTime();
  const choice = useMemo(
    () =>
      checkSeatChoice({
        seats: seats ?? [],
        selectedIds: selection.selectedIds,
        accessible,
        protectedNow,
        singleSeatRule: seatMap.data?.single_seat_rule ?? false,
      }),
    [seats, selection.selectedIds, accessible, protectedNow, seatMap.data?.single_seat_rule],
  );
  const toggleSeat = (seat: GridSeat) => {
    const picking = !selection.selectedIds.includes(seat.id);
    if (picking && protectedNow && !accessible && (seat.kind === 'wheelchair' || seat.kind === 'companion')) {
      setAskAccessible(seat.id);
      return;
    }
    selection.toggle(seat.id);
  };
  const selectedSet = useMemo(() => new Set(selection.selectedIds), [selection.selectedIds]);
  const categories = useMemo(() => {
    const prices = new Map<string, number>();
    for (const s of seats ?? []) if (!prices.has(s.category)) prices.set(s.category, s.price);
    const ranges = new Map((seatMap.data?.price_ranges ?? []).map((r) => [r.category, r]));
    return [...prices.entries()].map(([name, price]) => {
      const range = ranges.get(name);
      const priceText =
        range && range.min !== range.max
          ? `${formatMoney(range.min, currency)}–${formatMoney(range.max, currency)}`
          : formatMoney(range?.min ?? price, currency);
      return { name, priceText };
    });
  }, [seats, currency, seatMap.data?.price_ranges]);

  // The ticket type per selected seat (adult unless changed); prices as the server will charge them.
  const [chosenTypes, setChosenTypes] = useState<ReadonlyMap<number, string>>(new Map());
  const childAllowed = seatMap.data?.child_tickets_allowed ?? true;
  const types = useMemo(() => offeredTypes(seatMap.data?.ticket_types ?? [], childAllowed), [seatMap.data, childAllowed]);
  const surcharge = seatMap.data?.format_surcharge ?? 0;
  const format = seatMap.data?.format ?? showtime.data?.format ?? '2D';
  const tickets = useMemo(
    () => ticketLines(selection.selectedSeats, types, chosenTypes, surcharge),
    [selection.selectedSeats, types, chosenTypes, surcharge],
  );
  const ticketPicker = (
    <TicketTypes
      lines={tickets.lines}
      types={types}
      currency={currency}
      surcharge={surcharge}
      format={format}
      childRefused={!childAllowed && (seatMap.data?.ticket_types ?? []).some((t) => t.code === 'child')}
      onChange={(seatId, code) => setChosenTypes((current) => new Map(current).set(seatId, code))}
    />
  );

  const started = showtime.data ? new Date(showtime.data.start_time).getTime() <= Date.now() : false;
  const soldOut = seats !== undefined && !seats.some((s) => s.status === 'available' && OPEN_KINDS.has(s.kind));
  const [promoCode, setPromoCode] = useState('');
  const promoRefused = isApiError(hold.error, 'PROMO_CODE_INVALID') || isApiError(hold.error, 'PROMO_CODE_USED_UP');
  const holdError = hold.error && !isApiError(hold.error, 'SEATS_UNAVAILABLE') && !promoRefused ? errorText(hold.error) : null;
  const promoField = (
    <PromoCodeField
      value={promoCode}
      onChange={(value) => {
        setPromoCode(value);
        if (promoRefused) hold.reset();
      }}
      error={promoRefused && hold.error instanceof Error ? `${hold.error.message}. Nothing was held.` : null}
    />
  );

  const onHold = () => {
    const ids = selection.selectedIds;
    if (!signedIn) {
      navigate(signInPath('book', `/showtimes/${eventId}?seats=${ids.join(',')}`));
      return;
    }
    const ticketTypes = ticketTypesBody(ids, new Map(tickets.lines.map((l) => [l.seat.seat_id, l.code])));
    hold.mutate(
      {
        seatIds: ids,
        accessible,
        ...(ticketTypes ? { ticketTypes } : {}),
        ...(promoCode.trim() !== '' ? { promoCode: promoCode.trim() } : {}),
      },
      {
        onSuccess: (result) => navigate(`/checkout/${result.booking_reference}`),
        onError: (error) => {
          if (isApiError(error, 'SEATS_UNAVAILABLE')) {
            const labels = error.seatIds.map((id) => seats?.find((s) => s.seat_id === id)?.label ?? `#${id}`);
            selection.drop(error.seatIds, `${takenNotice(labels)} Nothing was held; check your seats and try again.`);
          }
        },
      },
    );
  };

  const selectionProps = {
    seats: selection.selectedSeats,
    currency,
    total: tickets.total,
    tickets: (
      <>
        {ticketPicker}
        {promoField}
      </>
    ),
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
                  <FilmLink movieId={showtime.data.movie_id} title={showtime.data.movie_title} />
                </Title>
                <Text c="dimmed">
                  {formatShowtime(showtime.data)}
                  {showtime.data.hall ? ` · ${showtime.data.hall}` : ''}
                  {` · ${format}`}
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
        {soldOut && !started && showtime.data && !showtime.data.cancelled && (
          <Suspense fallback={null}>
            <WaitlistPanel eventId={eventId} signedIn={signedIn} timeZone={showtime.data.time_zone} />
          </Suspense>
        )}
        {/* Map and summary side by side from 62em; below that the bar at the bottom carries the summary. */}
        <div className={classes.layout}>
          <div>
            <Paper withBorder radius="lg" p={{ base: 'xs', sm: 'md' }}>
              <Stack gap="md">
                {seats ? <SeatCounts seats={seats} /> : <Skeleton h={28} w={280} />}
                {!started && (
                  <Suspense fallback={<Box h={BEST_SEATS_HEIGHT} />}>
                    <BestSeatsControl
                      eventId={eventId}
                      accessible={accessible}
                      onAccessibleChange={setAccessible}
                      disabled={!seats || hold.isPending}
                      onFound={(ids, apart) =>
                        selection.replace(
                          ids,
                          apart ? 'No group of this size is free side by side; these are the nearest seats.' : null,
                        )
                      }
                    />
                  </Suspense>
                )}
                {seats ? (
                  <SeatGrid
                    seats={gridSeats}
                    selected={selectedSet}
                    onToggle={started ? undefined : toggleSeat}
                    label="Seat map, screen at the top. Use the arrow keys to move between seats and Space to select."
                  />
                ) : (
                  <Skeleton h={360} aria-label="Loading seats" />
                )}
                <SeatChoiceWarning
                  check={choice}
                  seats={seats ?? []}
                  selectedIds={selection.selectedIds}
                  onUse={(ids) => selection.replace(ids)}
                />
                <SeatLegend categories={categories} kinds={[...new Set((seats ?? []).map((s) => s.kind))]} />
              </Stack>
            </Paper>
          </div>
          {!narrow && (
            <div>
              <SelectionSummary {...selectionProps} />
            </div>
          )}
          {narrow && tickets.lines.length > 0 && (
            <Paper withBorder radius="lg" p="md">
              <Stack gap="sm">
                {ticketPicker}
                {promoField}
              </Stack>
            </Paper>
          )}
        </div>
      </Stack>
      {narrow && <SelectionBar {...selectionProps} />}
      {dialogLoaded && (
        <Suspense fallback={null}>
          <AccessibleSeatDialog
            opened={askAccessible !== null}
            releaseAt={releaseAt ?? new Date().toISOString()}
            timeZone={showtime.data?.time_zone}
            onClose={() => setAskAccessible(null)}
            onConfirm={() => {
              setAccessible(true);
              if (askAccessible !== null) selection.toggle(askAccessible);
              setAskAccessible(null);
            }}
          />
        </Suspense>
      )}
    </Container>
  );
}
