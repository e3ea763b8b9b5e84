import { Alert, Stack } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { PlainTextInput } from '../../components/PlainTextInput';

/**
 * The customer's promo code, sent with the hold: the server checks it and prices the discount
 * when it holds the seats, and checkout shows it. A code cannot be added to a booking already
 * held (cancel the hold and hold again with it). A refusal shows as an alert under the field
 * (the field's own error colour is too faint on the dark theme).
 */
export function PromoCodeField(props: { value: string; onChange: (value: string) => void; error: string | null }) {
  return (
    <Stack gap={6}>
      <PlainTextInput
        label="Promo code"
        description="Optional. Applied when you hold the seats; the discount shows at checkout."
        value={props.value}
        onChange={(event) => props.onChange(event.currentTarget.value.toUpperCase())}
        maxLength={32}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={props.error !== null}
        data-testid="promo-code"
      />
      {props.error && (
        <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden />} p="xs">
          {props.error}
        </Alert>
      )}
    </Stack>
  );
}
