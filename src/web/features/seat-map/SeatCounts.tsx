import { Badge, Group } from '@mantine/core';
import { IconArmchair, IconClockHour4, IconX } from '@tabler/icons-react';
import type { Seat } from '../../../contract/catalogue';

export function SeatCounts({ seats }: { seats: Seat[] }) {
  // Out-of-service seats are on the map but never for sale.
  const count = (status: Seat['status']) => seats.filter((s) => s.status === status && s.kind !== 'blocked').length;
  return (
    <Group gap="xs" aria-label="Seat counts" role="group">
      <Badge
        variant="light"
        color="teal"
        size="lg"
        leftSection={<IconArmchair size={14} aria-hidden />}
        data-testid="count-available"
      >
        {count('available')} available
      </Badge>
      <Badge
        variant="light"
        color="gray"
        size="lg"
        leftSection={<IconClockHour4 size={14} aria-hidden />}
        data-testid="count-held"
      >
        {count('held')} held
      </Badge>
      <Badge variant="light" color="gray" size="lg" leftSection={<IconX size={14} aria-hidden />} data-testid="count-booked">
        {count('booked')} booked
      </Badge>
    </Group>
  );
}
