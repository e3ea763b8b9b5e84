import { BarChart } from '@mantine/charts';
import { Group, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { Analytics } from '../../../../contract/admin';
import { formatShowtime } from '../../../lib/format';

const MAX_SHOWN = 20;

/** Occupancy of the next showtimes, one bar each. */
export function OccupancyChart({ data, now }: { data: Analytics; now: number }) {
  const narrow = useMediaQuery('(max-width: 36em)') ?? false;
  const titleLength = 22;
  const upcoming = data.per_showtime.filter((s) => new Date(s.start_time).getTime() > now).slice(0, MAX_SHOWN);
  const rows = upcoming.map((s) => ({
    showtime: `${formatShowtime(s)} · ${s.movie_title.length > titleLength ? `${s.movie_title.slice(0, titleLength - 1)}…` : s.movie_title}`,
    Occupancy: Math.round(s.occupancy_rate * 10) / 10,
  }));
  const summary = upcoming.map((s) => `${s.movie_title} ${formatShowtime(s)}: ${s.occupancy_rate.toFixed(0)}%`);
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
      ) : narrow ? (
        // A phone has no room for a bar chart's labels beside its bars: each showtime gets a line of
        // its own, its bar underneath.
        <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }} data-testid="occupancy-list">
          {upcoming.map((s) => {
            const label = `${formatShowtime(s)} · ${s.movie_title}`;
            return (
              <li key={s.event_id}>
                <Group justify="space-between" gap="xs" wrap="nowrap" mb={4}>
                  <Text size="sm" style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
                    {label}
                  </Text>
                  <Text size="sm" fw={700}>
                    {s.occupancy_rate.toFixed(0)}%
                  </Text>
                </Group>
                <Progress value={s.occupancy_rate} color="yellow.5" size="md" aria-label={`Occupancy of ${label}`} />
              </li>
            );
          })}
        </Stack>
      ) : (
        <div role="img" aria-label={`Occupancy per showtime. ${summary.join('; ')}`}>
          <BarChart
            // A label wraps onto up to three lines beside its bar: each row has room for them.
            h={Math.max(180, rows.length * 50 + 40)}
            data={rows}
            dataKey="showtime"
            orientation="vertical"
            series={[{ name: 'Occupancy', color: 'yellow.5' }]}
            valueFormatter={(value) => `${value}%`}
            yAxisProps={{ width: 190 }}
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
