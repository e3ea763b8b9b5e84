import { Badge } from '@mantine/core';
import { IconCircleCheck, IconCircleX, IconClockHour4, IconHourglassEmpty } from '@tabler/icons-react';
import type { Booking } from '../../../contract/bookings';

const LOOK = {
  confirmed: { color: 'teal', label: 'Confirmed', Icon: IconCircleCheck },
  pending: { color: 'yellow', label: 'Awaiting payment', Icon: IconClockHour4 },
  awaiting_payment: { color: 'yellow', label: 'Paying', Icon: IconClockHour4 },
  cancelled: { color: 'gray', label: 'Cancelled', Icon: IconCircleX },
  expired: { color: 'gray', label: 'Expired', Icon: IconHourglassEmpty },
} as const;

export function StatusBadge({ status }: { status: Booking['status'] }) {
  const { color, label, Icon } = LOOK[status];
  return (
    <Badge
      color={color}
      variant={status === 'pending' || status === 'awaiting_payment' ? 'outline' : 'light'}
      leftSection={<Icon size={14} aria-hidden />}
      data-status={status}
      style={{ flexShrink: 0, overflow: 'visible' }}
      styles={{ label: { overflow: 'visible', textOverflow: 'clip' } }}
    >
      {label}
    </Badge>
  );
}
