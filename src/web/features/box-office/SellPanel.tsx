import { Alert, Button, Group, NumberInput, Paper, Radio, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconCheck, IconPrinter } from '@tabler/icons-react';
import { type FormEvent, useMemo, useState } from 'react';
import type { CounterSale } from '../../../contract/box-office';
import type { Seat } from '../../../contract/catalogue';
import { currencyDigits } from '../../../core/money';
import { isApiError } from '../../api/client';
import { FormAlert } from '../../components/FormAlert';
import { errorText, fieldErrorsOf } from '../../lib/fieldErrors';
import { formatMoney, formatShowtime, moneyText } from '../../lib/format';
import { useEvents } from '../browse/useEvents';
import { SeatGrid } from '../seat-map/SeatGrid';
import type { GridSeat } from '../seat-map/seatLayout';
import { useSeatMap } from '../seat-map/useSeatMap';
import { takenNotice, useSeatSelection } from '../seat-map/useSeatSelection';
import { useSeatStream } from '../seat-map/useSeatStream';
import { downloadFile } from '../tickets/downloadFile';
import { useCounterSale } from './useCounterSale';

type Method = 'cash' | 'card';

/** Minor units, so change is exact (0.1 + 0.2 is not 0.3 in floating point). */
const toMinor = (amount: number, currency: string) => Math.round(amount * 10 ** currencyDigits(currency));

function SaleDone({ sale, onNext }: { sale: CounterSale; onNext: () => void }) {
  const [printing, setPrinting] = useState<string | null>(null);
  const print = () => {
    setPrinting(null);
    downloadFile(sale.tickets_pdf, `tickets-${sale.booking_reference}.pdf`).catch((error: unknown) =>
      setPrinting(errorText(error)),
    );
  };
  return (
    <Stack gap="sm" role="status" aria-live="polite">
      <Alert color="green" icon={<IconCheck aria-hidden />} title={`Sold: booking ${sale.booking_reference}`}>
        <Text>
          Seats {sale.seats.join(', ')} · {formatMoney(sale.total_amount, sale.currency)} by {sale.payment_method}
        </Text>
        {sale.promo_code && (
          <Text size="sm" data-testid="sale-discount">
            Promo code {sale.promo_code}: −{formatMoney(sale.discount_amount, sale.currency)}
          </Text>
        )}
        {sale.payment_method === 'cash' && (
          <Text fw={700} data-testid="change-due">
            Change due: {formatMoney(sale.change_due, sale.currency)}
          </Text>
        )}
        <Text size="sm">{sale.customer_email ? `Tickets emailed to ${sale.customer_email}.` : 'No tickets emailed.'}</Text>
      </Alert>
      <FormAlert message={printing} />
      <Group>
        <Button leftSection={<IconPrinter size={16} aria-hidden />} onClick={print}>
          Print tickets (PDF)
        </Button>
        <Button variant="default" onClick={onNext}>
          Next sale
        </Button>
      </Group>
    </Stack>
  );
}

/** A counter sale: a showtime, seats on the customers' seat map, and cash or card. */
export function SellPanel() {
  const events = useEvents();
  const upcoming = useMemo(() => (events.data ?? []).filter((e) => new Date(e.start_time).getTime() > Date.now()), [events.data]);
  const [eventId, setEventId] = useState<number | null>(null);
  return (
    <Paper withBorder radius="lg" p="md" component="section" aria-labelledby="sell-title">
      <Stack gap="md">
        <Title order={2} id="sell-title" fz="h3">
          Sell tickets
        </Title>
        <Select
          label="Showtime"
          placeholder={events.isLoading ? 'Loading showtimes…' : 'Choose a showtime'}
          searchable
          data={upcoming.map((e) => ({
            value: String(e.event_id),
            label: `${e.movie_title} · ${formatShowtime(e)}${e.hall ? ` · ${e.hall}` : ''}`,
          }))}
          value={eventId === null ? null : String(eventId)}
          onChange={(value) => setEventId(value === null ? null : Number(value))}
          nothingFoundMessage="No showtime matches"
        />
        {eventId !== null && <SaleForm key={eventId} eventId={eventId} />}
      </Stack>
    </Paper>
  );
}

function SaleForm({ eventId }: { eventId: number }) {
  const stream = useSeatStream(eventId);
  const seatMap = useSeatMap(eventId, { pollWhileOffline: stream.state === 'offline' });
  const sale = useCounterSale(eventId);
  const seats: Seat[] | undefined = useMemo(
    () => seatMap.data?.seats.map((s) => ({ ...s, status: stream.statuses.get(s.seat_id) ?? s.status })),
    [seatMap.data, stream.statuses],
  );
  const selection = useSeatSelection(seats, [], sale.isPending || sale.isSuccess);
  const currency = seatMap.data?.currency ?? 'USD';
  const [method, setMethod] = useState<Method>('cash');
  const [cashGiven, setCashGiven] = useState<number | string>('');
  const [email, setEmail] = useState('');
  const [promoCode, setPromoCode] = useState('');
  const promo = promoCode.trim();

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
  const selectedSet = useMemo(() => new Set(selection.selectedIds), [selection.selectedIds]);
  const totalMinor = selection.selectedSeats.reduce((sum, s) => sum + toMinor(s.price, currency), 0);
  const total = totalMinor / 10 ** currencyDigits(currency);
  const givenMinor = cashGiven === '' ? null : toMinor(Number(cashGiven), currency);
  const changeMinor = givenMinor === null ? null : givenMinor - totalMinor;

  const errors = isApiError(sale.error) ? fieldErrorsOf(sale.error) : {};
  const taken = isApiError(sale.error, 'SEATS_UNAVAILABLE');
  const promoError = errors.promo_code ?? (isApiError(sale.error, 'PROMO_CODE_USED_UP') ? errorText(sale.error) : undefined);
  const formError =
    sale.error && !taken && !errors.cash_given && !errors.customer_email && !promoError ? errorText(sale.error) : null;
  // With a code the total is known only once the server has applied it: it refuses cash short of that.
  const cashShort = changeMinor === null || (promo === '' && changeMinor < 0);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (selection.selectedIds.length === 0) return;
    sale.mutate(
      {
        event_id: eventId,
        seat_ids: selection.selectedIds,
        payment_method: method,
        ...(method === 'cash' && cashGiven !== '' ? { cash_given: Number(cashGiven) } : {}),
        ...(email.trim() ? { customer_email: email.trim() } : {}),
        ...(promo ? { promo_code: promo } : {}),
      },
      {
        onError: (error) => {
          if (isApiError(error, 'SEATS_UNAVAILABLE')) {
            const labels = error.seatIds.map((id) => seats?.find((s) => s.seat_id === id)?.label ?? `#${id}`);
            selection.drop(error.seatIds, `${takenNotice(labels)} Nothing was sold; choose other seats.`);
          }
        },
      },
    );
  };

  if (sale.data) {
    return (
      <SaleDone
        sale={sale.data}
        onNext={() => {
          sale.reset();
          selection.replace([]);
          setCashGiven('');
          setEmail('');
          setPromoCode('');
        }}
      />
    );
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {seats ? (
          <SeatGrid
            seats={gridSeats}
            selected={selectedSet}
            onToggle={(seat) => selection.toggle(seat.id)}
            label="Seat map, screen at the top. Use the arrow keys to move between seats and Space to select."
          />
        ) : (
          <Text c="dimmed">Loading seats…</Text>
        )}
        {selection.notice && (
          <Alert color="orange" role="alert" withCloseButton onClose={selection.dismissNotice} closeButtonLabel="Dismiss">
            {selection.notice}
          </Alert>
        )}
        <Text aria-live="polite" data-testid="sale-summary">
          {selection.selectedSeats.length === 0
            ? 'No seats chosen'
            : `Seats ${selection.selectedSeats.map((s) => s.label).join(', ')} · total ${formatMoney(total, currency)}`}
        </Text>
        <Radio.Group label="Payment" value={method} onChange={(value) => setMethod(value as Method)}>
          <Group mt={4}>
            <Radio value="cash" label="Cash" />
            <Radio value="card" label="Card on the terminal" />
          </Group>
        </Radio.Group>
        {method === 'cash' && (
          <NumberInput
            label="Cash given"
            min={0}
            max={100_000}
            decimalScale={2}
            value={cashGiven}
            onChange={setCashGiven}
            error={errors.cash_given}
            description={
              changeMinor === null || selection.selectedSeats.length === 0
                ? 'What the customer hands over'
                : promo !== ''
                  ? 'Change is worked out on the total after the promo code'
                  : changeMinor < 0
                    ? `${formatMoney(-changeMinor / 10 ** currencyDigits(currency), currency)} short of the total`
                    : `Change: ${formatMoney(changeMinor / 10 ** currencyDigits(currency), currency)}`
            }
            required
          />
        )}
        <TextInput
          label="Promo code (optional)"
          description="As the customer gives it; the discount is taken off the total at the sale"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={64}
          value={promoCode}
          onChange={(e) => setPromoCode(e.currentTarget.value)}
          error={promoError}
        />
        <TextInput
          label="Customer email (optional)"
          description="The tickets are emailed here; leave empty to print only"
          type="email"
          autoComplete="off"
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          error={errors.customer_email}
        />
        <FormAlert message={formError} />
        <Button
          type="submit"
          loading={sale.isPending}
          disabled={selection.selectedIds.length === 0 || (method === 'cash' && cashShort)}
        >
          {method === 'cash' ? 'Take cash and sell' : 'Charge card and sell'}
        </Button>
      </Stack>
    </form>
  );
}
