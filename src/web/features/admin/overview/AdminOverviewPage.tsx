import { Button, Group, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { ErrorState } from '../../../components/QueryStates';
import { formatTime } from '../../../lib/format';
import { DailyChart } from './DailyChart';
import { OccupancyChart } from './OccupancyChart';
import { OccupancyHeatmap } from './OccupancyHeatmap';
import { StatGrid } from './StatGrid';
import { TicketTypeSales } from './TicketTypeSales';
import { TodayPanel } from './TodayPanel';
import { ANALYTICS_REFRESH_MS, useAnalytics } from './useAnalytics';

const STAT_NAMES = ['showtimes', 'seats', 'confirmed', 'pending', 'available', 'occupancy', 'revenue'];

export function AdminOverviewPage() {
  const analytics = useAnalytics();
  const updated = analytics.dataUpdatedAt ? formatTime(new Date(analytics.dataUpdatedAt).toISOString()) : null;
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Text size="sm" c="dimmed" aria-live="polite">
          {updated ? `Updated ${updated} · refreshes every ${ANALYTICS_REFRESH_MS / 1000} s` : 'Loading figures…'}
        </Text>
        <Button
          variant="default"
          size="xs"
          leftSection={<IconRefresh size={14} aria-hidden />}
          loading={analytics.isFetching}
          onClick={() => void analytics.refetch()}
        >
          Refresh
        </Button>
      </Group>
      {analytics.isError && (
        <ErrorState title="Could not load the figures" error={analytics.error} onRetry={() => void analytics.refetch()} />
      )}
      {analytics.isPending && (
        <Stack role="status" aria-label="Loading figures">
          <SimpleGrid cols={{ base: 2, sm: 3, lg: 7 }} spacing="sm">
            {STAT_NAMES.map((name) => (
              <Skeleton key={name} h={96} radius="lg" />
            ))}
          </SimpleGrid>
          <Skeleton h={300} radius="lg" />
        </Stack>
      )}
      {analytics.data && (
        <>
          <TodayPanel data={analytics.data} />
          <StatGrid data={analytics.data} />
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
            <OccupancyHeatmap data={analytics.data} />
            <TicketTypeSales data={analytics.data} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
            <OccupancyChart data={analytics.data} now={analytics.dataUpdatedAt} />
            <DailyChart data={analytics.data} now={analytics.dataUpdatedAt} />
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}
