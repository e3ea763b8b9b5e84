import { Badge } from '@mantine/core';
import type { StreamState } from './useSeatStream';

const TEXT: Record<StreamState, { label: string; color: string }> = {
  connecting: { label: 'Connecting…', color: 'gray' },
  live: { label: 'Live', color: 'teal' },
  reconnecting: { label: 'Reconnecting…', color: 'orange' },
  offline: { label: 'Updates paused', color: 'orange' },
};

export function LiveBadge({ state }: { state: StreamState }) {
  const { label, color } = TEXT[state];
  return (
    <Badge
      variant="dot"
      color={color}
      size="lg"
      title={state === 'live' ? 'Seats update as other people book' : undefined}
      data-testid="live-state"
      data-state={state}
    >
      {label}
    </Badge>
  );
}
