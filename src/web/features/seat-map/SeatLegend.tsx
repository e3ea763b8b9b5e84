import { Group, Text } from '@mantine/core';
import { IconCheck, IconClockHour4, IconX } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import classes from './SeatGrid.module.css';
import { categoryColour } from './seatLayout';

export type LegendCategory = { name: string; priceText: string };

function Swatch({ status, colour, children }: { status: string; colour?: string; children?: ReactNode }) {
  return (
    <span
      className={classes.seat}
      data-status={status}
      style={{ '--seat-colour': `var(--mantine-color-${colour ?? 'gray'}-5)`, cursor: 'default' } as React.CSSProperties}
      aria-hidden
    >
      {children}
    </span>
  );
}

/** Categories with their prices, then the states; each state has its own icon or pattern. */
export function SeatLegend({ categories, withStates = true }: { categories: LegendCategory[]; withStates?: boolean }) {
  const names = categories.map((c) => c.name);
  return (
    <Group gap="md" component="ul" aria-label="Legend" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {categories.map((category) => (
        <Group key={category.name} gap={8} component="li" wrap="nowrap">
          <Swatch status="available" colour={categoryColour(category.name, names)} />
          <Text size="sm">
            <Text span fw={600} tt="capitalize">
              {category.name}
            </Text>{' '}
            <Text span c="dimmed">
              {category.priceText}
            </Text>
          </Text>
        </Group>
      ))}
      {withStates && (
        <>
          <Group gap={8} component="li" wrap="nowrap">
            <Swatch status="selected">
              <IconCheck className={classes.icon} stroke={3} />
            </Swatch>
            <Text size="sm">Your selection</Text>
          </Group>
          <Group gap={8} component="li" wrap="nowrap">
            <Swatch status="held">
              <IconClockHour4 className={classes.icon} />
            </Swatch>
            <Text size="sm">Held by someone</Text>
          </Group>
          <Group gap={8} component="li" wrap="nowrap">
            <Swatch status="booked">
              <IconX className={classes.icon} stroke={2.5} />
            </Swatch>
            <Text size="sm">Booked</Text>
          </Group>
        </>
      )}
    </Group>
  );
}
