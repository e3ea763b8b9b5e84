import { Paper, SimpleGrid, Text } from '@mantine/core';
import type { Analytics } from '../../../../contract/admin';
import { formatMoney } from '../../../lib/format';

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Paper withBorder radius="lg" p="md" role="group" aria-label={label}>
      <Text size="xs" tt="uppercase" fw={700} c="dimmed">
        {label}
      </Text>
      <Text fz={28} fw={800} lh={1.2} data-testid={`stat-${label.toLowerCase().replace(/\W+/g, '-')}`}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

/** The prototype dashboard's figures, plus revenue. */
export function StatGrid({ data }: { data: Analytics }) {
  const t = data.totals;
  const number = (n: number) => n.toLocaleString();
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 7 }} spacing="sm">
      <Stat label="Showtimes" value={number(t.showtimes)} hint={`${number(t.upcoming_showtimes)} upcoming`} />
      <Stat label="Seats" value={number(t.total_seats)} hint={`${number(t.held_seats)} held now`} />
      <Stat label="Confirmed" value={number(t.confirmed_bookings)} hint={`${number(t.booked_seats)} seats sold`} />
      <Stat label="Pending" value={number(t.pending_bookings)} hint="awaiting payment" />
      <Stat label="Available" value={number(t.available_seats)} hint="seats on sale" />
      <Stat label="Occupancy" value={`${t.occupancy_rate.toFixed(1)}%`} hint="seats sold / total" />
      <Stat label="Revenue" value={formatMoney(t.revenue, data.currency)} hint={`${number(t.cancelled_bookings)} cancelled`} />
    </SimpleGrid>
  );
}
