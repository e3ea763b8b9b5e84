import { Badge, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import type { Analytics } from '../../../../contract/admin';
import { ErrorState } from '../../../components/QueryStates';
import { formatDayKey, showtimeClock } from '../../../lib/format';
import { useAdminShowtimes } from '../showtimes/useAdminShowtimes';
import { ANALYTICS_REFRESH_MS } from './useAnalytics';

type CinemaDay = Analytics['today'][number];

/** One cinema's showtimes of its business day: sold of capacity and checked in, earliest first. */
function CinemaToday({ day, named }: { day: CinemaDay; named: boolean }) {
  // Sales and check-ins move all day: refreshed with the other figures.
  const showtimes = useAdminShowtimes(
    { date: day.business_date, cinema_id: day.cinema_id },
    { refetchInterval: ANALYTICS_REFRESH_MS },
  );
  const list = showtimes.data ?? [];
  const heading = `${named ? `${day.cinema} · ` : ''}${formatDayKey(day.business_date, true)}`;
  return (
    <Stack gap="xs" component="section" aria-label={`Today at ${day.cinema}`}>
      <Title order={3} fz="md">
        {heading}
      </Title>
      {showtimes.isPending && <Skeleton h={56} radius="md" aria-label="Loading today’s showtimes" role="status" />}
      {showtimes.isError && (
        <ErrorState title="Could not load today’s showtimes" error={showtimes.error} onRetry={() => void showtimes.refetch()} />
      )}
      {showtimes.isSuccess && list.length === 0 && (
        <Text size="sm" c="dimmed">
          No showtimes today.
        </Text>
      )}
      {list.length > 0 && (
        <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-label={`Showtimes today at ${day.cinema}`}>
          {list.map((s) => (
            <Paper component="li" key={s.event_id} withBorder radius="md" px="sm" py="xs" data-event={s.event_id}>
              <Group justify="space-between" gap="xs" wrap="wrap">
                <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
                  <Text fw={700} ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                    {showtimeClock(s)}
                  </Text>
                  <Stack gap={0} style={{ minWidth: 0 }}>
                    <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                      {s.movie_title}
                    </Text>
                    {s.hall && (
                      <Text size="sm" c="dimmed">
                        {s.hall}
                      </Text>
                    )}
                  </Stack>
                </Group>
                {s.cancelled ? (
                  <Badge color="red" variant="light" tt="none">
                    Cancelled
                  </Badge>
                ) : (
                  <Group gap="md" wrap="nowrap">
                    <Text size="sm">
                      <Text span fw={700}>
                        {s.booked_seats}
                      </Text>
                      {` / ${s.total_seats} sold`}
                    </Text>
                    <Text size="sm">
                      <Text span fw={700}>
                        {s.admitted_seats}
                      </Text>
                      {' checked in'}
                    </Text>
                  </Group>
                )}
              </Group>
            </Paper>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

/** Today first: what is on in each cinema on its own business day. */
export function TodayPanel({ data }: { data: Analytics }) {
  return (
    <Paper withBorder radius="lg" p="md" component="section" aria-labelledby="today-title">
      <Title order={2} fz="lg" id="today-title" mb="xs">
        Today
      </Title>
      <Stack gap="md">
        {data.today.map((day) => (
          <CinemaToday key={day.cinema_id} day={day} named={data.today.length > 1} />
        ))}
      </Stack>
    </Paper>
  );
}
