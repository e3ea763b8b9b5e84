import { CompositeChart } from '@mantine/charts';
import { Paper, Text, Title } from '@mantine/core';
import type { Analytics } from '../../../../contract/admin';
import { formatMoney } from '../../../lib/format';

const DAY_MS = 86_400_000;

/** The last 30 UTC days, with days that had no bookings filled in as zero so the axis is even. */
export function lastThirtyDays(perDay: Analytics['per_day'], now: number) {
  const byDate = new Map(perDay.map((d) => [d.date, d]));
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  return Array.from({ length: 30 }, (_, i) => {
    const date = new Date(today - (29 - i) * DAY_MS).toISOString().slice(0, 10);
    const day = byDate.get(date);
    return { date, bookings: day?.bookings ?? 0, revenue: day?.revenue ?? 0 };
  });
}

const shortDate = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });

export function DailyChart({ data, now }: { data: Analytics; now: number }) {
  const days = lastThirtyDays(data.per_day, now).map((d) => ({
    day: shortDate.format(new Date(`${d.date}T00:00:00Z`)),
    Bookings: d.bookings,
    Revenue: d.revenue,
  }));
  const totalBookings = days.reduce((sum, d) => sum + d.Bookings, 0);
  const totalRevenue = days.reduce((sum, d) => sum + d.Revenue, 0);
  return (
    <Paper withBorder radius="lg" p="md" component="section" aria-labelledby="daily-title">
      <Title order={2} fz="lg" id="daily-title">
        Bookings and revenue per day
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Last 30 days: {totalBookings} confirmed {totalBookings === 1 ? 'booking' : 'bookings'},{' '}
        {formatMoney(totalRevenue, data.currency)}.
      </Text>
      <div
        role="img"
        aria-label={`Bookings and revenue per day over the last 30 days: ${totalBookings} bookings, ${formatMoney(totalRevenue, data.currency)} in total.`}
      >
        <CompositeChart
          h={280}
          data={days}
          dataKey="day"
          withLegend
          withRightYAxis
          yAxisLabel="Bookings"
          rightYAxisLabel={`Revenue (${data.currency})`}
          series={[
            { name: 'Bookings', color: 'teal.5', type: 'bar' },
            { name: 'Revenue', color: 'yellow.5', type: 'line', yAxisId: 'right' },
          ]}
          valueFormatter={(value) => value.toLocaleString()}
          xAxisProps={{ interval: 'preserveStartEnd', minTickGap: 16 }}
          yAxisProps={{ allowDecimals: false }}
          maxBarWidth={18}
          curveType="linear"
          withDots={false}
        />
      </div>
    </Paper>
  );
}
