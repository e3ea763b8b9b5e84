import { BarChart } from '@mantine/charts';
import { Paper, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { Analytics } from '../../../../contract/admin';
import { formatDay, formatTime } from '../../../lib/format';

const MAX_SHOWN = 20;

/** Occupancy of the next showtimes, one bar each. */
export function OccupancyChart({ data, now }: { data: Analytics; now: number }) {
  const narrow = useMediaQuery('(max-width: 36em)') ?? false;
  const titleLength = narrow ? 12 : 22;
  const upcoming = data.per_showtime.filter((s) => new Date(s.start_time).getTime() > now).slice(0, MAX_SHOWN);
  const rows = upcoming.map((s) => ({
    showtime: `${formatDay(s.start_time)} ${formatTime(s.start_time)} · ${s.movie_title.length > titleLength ? `${s.movie_title.slice(0, titleLength - 1)}…` : s.movie_title}`,
    Occupancy: Math.round(s.occupancy_rate * 10) / 10,
  }));
  const summary = upcoming.map(
    (s) => `${s.movie_title} ${formatDay(s.start_time)} ${formatTime(s.start_time)}: ${s.occupancy_rate.toFixed(0)}%`,
  );
  return (
    <Paper withBorder radius="lg" p="md" component="section" aria-labelledby="occupancy-title">
      <Title order={2} fz="lg" id="occupancy-title">
        Occupancy per upcoming showtime
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Seats sold as a share of each hall{upcoming.length === MAX_SHOWN ? ` (next ${MAX_SHOWN})` : ''}.
      </Text>
      {rows.length === 0 ? (
        <Text c="dimmed" py="xl" ta="center">
          No upcoming showtimes.
        </Text>
      ) : (
        <div role="img" aria-label={`Occupancy per showtime. ${summary.join('; ')}`}>
          <BarChart
            h={Math.max(180, rows.length * 34 + 40)}
            data={rows}
            dataKey="showtime"
            orientation="vertical"
            series={[{ name: 'Occupancy', color: 'yellow.5' }]}
            valueFormatter={(value) => `${value}%`}
            yAxisProps={{ width: narrow ? 110 : 190 }}
            xAxisProps={{ domain: [0, 100], tickFormatter: (value: number) => `${value}%` }}
            gridAxis="x"
            withBarValueLabel
            maxBarWidth={22}
          />
        </div>
      )}
    </Paper>
  );
}
