import { Group, Text } from '@mantine/core';
import { IconHourglassHigh } from '@tabler/icons-react';
import { formatCountdown } from '../lib/format';

/** A visible hold countdown. role="timer" keeps screen readers from announcing every second. */
export function Countdown({ remainingMs, label = 'Seats held for' }: { remainingMs: number; label?: string }) {
  const urgent = remainingMs <= 60_000;
  return (
    <Group gap={6} wrap="nowrap">
      <IconHourglassHigh size={18} aria-hidden color={urgent ? 'var(--mantine-color-red-5)' : undefined} />
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text
        fw={800}
        ff="monospace"
        fz="lg"
        c={urgent ? 'red.5' : undefined}
        role="timer"
        aria-label={`${label} ${formatCountdown(remainingMs)}`}
        data-testid="countdown"
      >
        {formatCountdown(remainingMs)}
      </Text>
    </Group>
  );
}
