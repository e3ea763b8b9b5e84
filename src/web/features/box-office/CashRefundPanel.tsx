import { Alert, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { isApiError } from '../../api/client';
import { FormAlert } from '../../components/FormAlert';
import { errorText } from '../../lib/fieldErrors';
import { formatMoney } from '../../lib/format';
import { useCashRefundDue } from './useCashRefundDue';
import { usePayOutCashRefund } from './usePayOutCashRefund';

/**
 * Cash owed to a customer whose showtime the cinema cancelled: they come to any counter with their
 * booking reference, and the clerk pays it out from this shift's drawer.
 */
export function CashRefundPanel() {
  const [typed, setTyped] = useState('');
  const [reference, setReference] = useState<string | null>(null);
  const due = useCashRefundDue(reference);
  const payOut = usePayOutCashRefund();

  const lookUp = (event: FormEvent) => {
    event.preventDefault();
    const ref = typed.trim().toUpperCase();
    payOut.reset();
    setReference(ref === '' ? null : ref);
  };
  const notFound = isApiError(due.error, 'BOOKING_NOT_FOUND');
  const sale = due.data;

  return (
    <Paper withBorder radius="lg" p="md" component="section" aria-labelledby="cash-refund-title">
      <Stack gap="sm">
        <Title order={2} id="cash-refund-title" fz="h3">
          Cash refunds
        </Title>
        <Text size="sm" c="dimmed">
          For a cash sale of a cancelled showtime: the customer gives the booking reference from their email or ticket.
        </Text>
        <form onSubmit={lookUp} noValidate>
          <Group align="flex-end" gap="sm" wrap="wrap">
            <TextInput
              label="Booking reference"
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              maxLength={64}
              value={typed}
              onChange={(e) => setTyped(e.currentTarget.value)}
              error={notFound ? 'No box-office sale has this reference' : undefined}
              style={{ flex: '1 1 12rem' }}
            />
            <Button type="submit" variant="default" loading={due.isFetching} disabled={typed.trim() === ''}>
              Look up
            </Button>
          </Group>
        </form>
        <FormAlert message={due.error && !notFound ? errorText(due.error) : null} />
        <div aria-live="polite">
          {payOut.data ? (
            <Alert color="green" icon={<IconCheck aria-hidden />} role="status" title="Cash paid out">
              {formatMoney(payOut.data.refund_amount, payOut.data.currency)} for booking {payOut.data.booking_reference} from your
              drawer; it is in your shift’s report.
            </Alert>
          ) : (
            sale && (
              <Stack gap="xs">
                <Text data-testid="cash-refund-due">
                  Booking {sale.booking_reference} · seats {sale.seats.join(', ')} ·{' '}
                  {sale.cash_refund_due > 0
                    ? `cash refund due: ${formatMoney(sale.cash_refund_due, sale.currency)}`
                    : sale.payment_method === 'card'
                      ? 'paid by card: refunds go back to the card'
                      : 'no cash refund due'}
                </Text>
                {sale.cash_refund_due > 0 && (
                  <Button w="fit-content" loading={payOut.isPending} onClick={() => payOut.mutate(sale.booking_reference)}>
                    Pay out {formatMoney(sale.cash_refund_due, sale.currency)} from the drawer
                  </Button>
                )}
              </Stack>
            )
          )}
        </div>
        <FormAlert message={payOut.error ? errorText(payOut.error) : null} />
      </Stack>
    </Paper>
  );
}
