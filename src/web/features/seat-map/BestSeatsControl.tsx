import { Alert, Button, Checkbox, Group, Stack, TextInput } from '@mantine/core';
import { IconSparkles } from '@tabler/icons-react';
import { useState } from 'react';
import { errorText } from '../../lib/fieldErrors';
import { useBestSeats } from './useBestSeats';
import { MAX_SEATS } from './useSeatSelection';

type Props = {
  eventId: number;
  accessible: boolean;
  onAccessibleChange: (accessible: boolean) => void;
  /** Selects the seats found, for the customer to review; `apart` says when they are not side by side. */
  onFound: (seatIds: number[], apart: boolean) => void;
  disabled: boolean;
};

/** "Best seats for [N]": the server picks the block (side by side, centred, no single seat left), the customer reviews it. */
export function BestSeatsControl({ eventId, accessible, onAccessibleChange, onFound, disabled }: Props) {
  const [count, setCount] = useState('2');
  const best = useBestSeats(eventId);
  const parsed = /^\d{1,2}$/.test(count.trim()) ? Number(count.trim()) : Number.NaN;
  const n = parsed >= 1 && parsed <= MAX_SEATS ? parsed : null;
  const find = () => {
    if (n === null) return;
    best.mutate({ count: n, accessible }, { onSuccess: (found) => onFound(found.seat_ids, !found.together) });
  };
  return (
    <Stack gap="xs">
      <Group gap="xs" align="flex-end" wrap="wrap">
        {/* A numeric text box, not Mantine's NumberInput: that one's formatting library would put
            ~15 KB gzipped on the seat map's first load (e2e/bundle-size.test.ts). */}
        <TextInput
          label="Seats"
          inputMode="numeric"
          pattern="[0-9]*"
          maxLength={2}
          value={count}
          onChange={(event) => setCount(event.currentTarget.value)}
          w={80}
          disabled={disabled}
        />
        <Button
          variant="light"
          leftSection={<IconSparkles size={16} aria-hidden />}
          onClick={find}
          loading={best.isPending}
          disabled={disabled || n === null}
        >
          {n === null ? 'Best seats' : `Best seats for ${n}`}
        </Button>
        <Checkbox
          label="I need a wheelchair space"
          checked={accessible}
          onChange={(e) => onAccessibleChange(e.currentTarget.checked)}
          disabled={disabled}
          mb={8}
        />
      </Group>
      {best.isError && (
        <Alert color="orange" variant="light" role="status">
          {errorText(best.error)}
        </Alert>
      )}
    </Stack>
  );
}
