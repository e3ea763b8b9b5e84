import { Alert, Button, Code, Group, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { IconCreditCard, IconFlask } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import type { Card } from '../../../contract/bookings';
import type { ApiError } from '../../api/client';
import { FormAlert } from '../../components/FormAlert';
import { fieldErrorsOf, unplacedErrors } from '../../lib/fieldErrors';
import { useSession } from '../auth/useSession';
import { formatCardNumber, formatExpiry, parseExpiry } from './cardInput';

const TEST_CARDS = [
  { number: '4242 4242 4242 4242', outcome: 'approves' },
  { number: '4000 0000 0000 0002', outcome: 'declines' },
];

type Props = { amountText: string; paying: boolean; error: ApiError | null; onPay: (card: Card) => void };

export function CardForm({ amountText, paying, error, onPay }: Props) {
  // Most people pay with their own card: start from the account's name, still editable.
  const accountName = useSession()?.user.full_name ?? '';
  const [name, setName] = useState(accountName);
  const [number, setNumber] = useState('');
  const [expiry, setExpiry] = useState('');
  const [cvc, setCvc] = useState('');
  const [expiryError, setExpiryError] = useState<string | null>(null);
  const fields = fieldErrorsOf(error);
  const shown = ['payment/cardholder_name', 'payment/card_number', 'payment/exp_month', 'payment/exp_year', 'payment/cvc'];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseExpiry(expiry);
    if (!parsed) {
      setExpiryError('Enter the expiry date as MM/YY');
      return;
    }
    setExpiryError(null);
    onPay({ cardholder_name: name.trim(), card_number: number, exp_month: parsed.month, exp_year: parsed.year, cvc: cvc.trim() });
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Card payment">
      <Stack gap="sm">
        <Alert
          variant="light"
          color="blue"
          icon={<IconFlask aria-hidden />}
          title="Test cards (simulated processor, no money moves)"
        >
          <Stack gap={4}>
            {TEST_CARDS.map((card) => (
              <Group key={card.number} gap="xs" wrap="wrap">
                <Code fz="xs" style={{ whiteSpace: 'nowrap' }}>
                  {card.number}
                </Code>
                <Text size="sm">{card.outcome}</Text>
                <Button
                  variant="subtle"
                  size="compact-xs"
                  onClick={() => setNumber(card.number)}
                  aria-label={`Use test card ${card.number}`}
                >
                  Use
                </Button>
              </Group>
            ))}
            <Text size="xs" c="dimmed">
              Any future expiry date and any CVC.
            </Text>
          </Stack>
        </Alert>
        <FormAlert extra={unplacedErrors(fields, shown)} />
        <TextInput
          label="Name on card"
          autoComplete="cc-name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fields['payment/cardholder_name']}
          withAsterisk
        />
        <TextInput
          label="Card number"
          autoComplete="cc-number"
          inputMode="numeric"
          placeholder="1234 5678 9012 3456"
          leftSection={<IconCreditCard size={18} aria-hidden />}
          value={number}
          onChange={(e) => setNumber(formatCardNumber(e.currentTarget.value))}
          error={fields['payment/card_number']}
          withAsterisk
        />
        <SimpleGrid cols={2}>
          <TextInput
            label="Expiry (MM/YY)"
            autoComplete="cc-exp"
            inputMode="numeric"
            placeholder="MM/YY"
            value={expiry}
            onChange={(e) => setExpiry(formatExpiry(e.currentTarget.value))}
            error={expiryError ?? fields['payment/exp_month'] ?? fields['payment/exp_year']}
            withAsterisk
          />
          <TextInput
            label="CVC"
            autoComplete="cc-csc"
            inputMode="numeric"
            maxLength={4}
            value={cvc}
            onChange={(e) => setCvc(e.currentTarget.value.replace(/\D/g, ''))}
            error={fields['payment/cvc']}
            withAsterisk
          />
        </SimpleGrid>
        <Button type="submit" size="md" loading={paying} fullWidth>
          Pay {amountText}
        </Button>
      </Stack>
    </form>
  );
}
