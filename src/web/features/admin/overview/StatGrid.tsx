import { Paper, SimpleGrid, Text } from '@mantine/core';
import type { Analytics } from '../../../../contract/admin';
import { formatMoney, formatMoneyCompact } from '../../../lib/format';

function Stat({ label, value, hint, exact }: { label: string; value: string; hint?: string; exact?: string }) {
  return (
    <Paper withBorder radius="lg" p="md" role="group" aria-label={label} miw={0}>
      <Text size="xs" tt="uppercase" fw={700} c="dimmed">
        {label}
      </Text>
      {/* A figure longer than its card wraps (the card grows) rather than spilling out of it. */}
      <Text
        fz={28}
        fw={800}
        lh={1.2}
        style={{ overflowWrap: 'anywhere' }}
        title={exact}
        data-testid={`stat-${label.toLowerCase().replace(/\W+/g, '-')}`}
      >
        {value}
      </Text>
      {exact && exact !== value && (
        <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
          {exact} in all
        </Text>
      )}
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
      {/* Seven cards share a 1366 px screen: $48.2K fits one, $48,230.40 does not (the exact sum is on the line below). */}
      <Stat
        label="Revenue"
        value={formatMoneyCompact(t.revenue, data.currency)}
        exact={formatMoney(t.revenue, data.currency)}
        hint={`${number(t.cancelled_bookings)} cancelled`}
      />
    </SimpleGrid>
  );
}
