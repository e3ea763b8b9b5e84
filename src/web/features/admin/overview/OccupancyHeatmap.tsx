import { Box, Button, Paper, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import type { Analytics } from '../../../../contract/admin';
import { occupancyRate } from '../../../../core/analytics';
import { DEFAULT_BUSINESS_DAY_START_MINUTES, parseClockTime } from '../../../../core/cinema-time';
import { hourOfBusinessDay } from '../../../../core/occupancy-heatmap';
import { SideScroll } from '../../../components/SideScroll';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const SHORT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

type Cell = Analytics['occupancy_heatmap'][number];

// Light to deep yellow as seats fill; the figure is written in every cell, black on each shade.
const SHADES = [
  'var(--mantine-color-yellow-1)',
  'var(--mantine-color-yellow-3)',
  'var(--mantine-color-yellow-5)',
  'var(--mantine-color-yellow-8)',
];
const shadeOf = (rate: number) => SHADES[Math.min(3, Math.floor(rate / 25))];
const hourText = (hour: number) => `${String(hour).padStart(2, '0')}:00`;
const rateOf = (c: Cell) => Math.round(occupancyRate(c.sold, c.capacity));

/**
 * When the halls fill: weekdays down, the hour showtimes start across, each cinema on its own
 * clock. The grid is for the eye; the table under it carries the same figures for screen readers
 * and can be shown.
 */
export function OccupancyHeatmap({ data }: { data: Analytics }) {
  const [showTable, setShowTable] = useState(false);
  const cells = data.occupancy_heatmap;
  const byKey = new Map(cells.map((c) => [`${c.weekday}-${c.hour}`, c]));
  // Columns run from the start of the business day (04:00) to the late shows after midnight.
  const dayStart = parseClockTime(data.business_day_start) ?? DEFAULT_BUSINESS_DAY_START_MINUTES;
  const firstHour = Math.ceil(dayStart / 60);
  const positions = cells.map((c) => hourOfBusinessDay(c.hour, dayStart));
  const first = Math.min(...positions);
  const last = Math.max(...positions);
  const columns = cells.length ? Array.from({ length: last - first + 1 }, (_, i) => (firstHour + first + i) % 24) : [];

  const table = (
    <Table aria-labelledby="heatmap-title" verticalSpacing={4} data-testid="heatmap-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Weekday</Table.Th>
          <Table.Th scope="col">Starting</Table.Th>
          <Table.Th scope="col">Showtimes</Table.Th>
          <Table.Th scope="col">Sold</Table.Th>
          <Table.Th scope="col">Occupancy</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {cells.map((c) => (
          <Table.Tr key={`${c.weekday}-${c.hour}`}>
            <Table.Th scope="row">{WEEKDAYS[c.weekday - 1]}</Table.Th>
            <Table.Td>{`${hourText(c.hour)}–${hourText((c.hour + 1) % 24)}`}</Table.Td>
            <Table.Td>{c.showtimes}</Table.Td>
            <Table.Td>{`${c.sold} of ${c.capacity}`}</Table.Td>
            <Table.Td>{`${rateOf(c)}%`}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );

  return (
    <Paper withBorder radius="lg" p="md" component="section" aria-labelledby="heatmap-title">
      <Title order={2} fz="lg" id="heatmap-title">
        Occupancy by weekday and hour
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Seats sold of seats offered, by the hour showtimes start on each cinema’s own clock; a show after midnight counts for the
        evening before.
      </Text>
      {cells.length === 0 ? (
        <Text c="dimmed" py="md" ta="center">
          No showtimes yet.
        </Text>
      ) : (
        <>
          <Box aria-hidden="true" data-testid="heatmap-grid">
            <SideScroll minWidth={64 + columns.length * 44}>
              <Box
                style={{
                  display: 'grid',
                  gridTemplateColumns: `48px repeat(${columns.length}, minmax(40px, 1fr))`,
                  gap: 4,
                  fontSize: 'var(--mantine-font-size-xs)',
                }}
              >
                <span />
                {columns.map((h) => (
                  <Text key={h} size="xs" ta="center" fw={600}>
                    {String(h).padStart(2, '0')}
                  </Text>
                ))}
                {SHORT.map((day, i) => [
                  <Text key={day} size="xs" fw={600} style={{ alignSelf: 'center' }}>
                    {day}
                  </Text>,
                  ...columns.map((h) => {
                    const cell = byKey.get(`${i + 1}-${h}`);
                    return cell ? (
                      <Box
                        key={`${day}-${h}`}
                        title={`${WEEKDAYS[i]} ${hourText(h)}: ${cell.sold} of ${cell.capacity} seats (${rateOf(cell)}%)`}
                        style={{
                          background: shadeOf(rateOf(cell)),
                          color: '#000',
                          borderRadius: 4,
                          textAlign: 'center',
                          padding: '6px 0',
                          fontWeight: 600,
                        }}
                      >
                        {rateOf(cell)}%
                      </Box>
                    ) : (
                      <Box
                        key={`${day}-${h}`}
                        style={{ border: '1px dashed var(--mantine-color-default-border)', borderRadius: 4, minHeight: 28 }}
                      />
                    );
                  }),
                ])}
              </Box>
            </SideScroll>
          </Box>
          <Button variant="subtle" size="xs" mt="sm" aria-expanded={showTable} onClick={() => setShowTable((v) => !v)}>
            {showTable ? 'Hide the figures as a table' : 'Show the figures as a table'}
          </Button>
          {showTable ? (
            <SideScroll label="Occupancy by weekday and hour, table" minWidth={420}>
              {table}
            </SideScroll>
          ) : (
            <VisuallyHidden>{table}</VisuallyHidden>
          )}
        </>
      )}
    </Paper>
  );
}
