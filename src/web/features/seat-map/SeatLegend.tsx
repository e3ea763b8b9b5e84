import { Group, Text } from '@mantine/core';
import { IconCheck, IconClockHour4, IconX } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { SeatKind } from '../../../core/hall-shape';
import { KindMark } from './SeatButton';
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

const KIND_LEGEND: { kind: SeatKind; text: string }[] = [
  { kind: 'wheelchair', text: 'Wheelchair space' },
  { kind: 'companion', text: 'Companion seat' },
  { kind: 'couple', text: 'Couple seat (sold in pairs)' },
  { kind: 'restricted_view', text: 'Restricted view' },
  { kind: 'blocked', text: 'Out of service' },
];

/** Categories with their prices, the special seats the hall has, then the states; each has its own icon or pattern. */
export function SeatLegend({
  categories,
  withStates = true,
  kinds = [],
}: {
  categories: LegendCategory[];
  withStates?: boolean;
  kinds?: SeatKind[];
}) {
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
      {KIND_LEGEND.filter((k) => kinds.includes(k.kind)).map((k) => (
        <Group key={k.kind} gap={8} component="li" wrap="nowrap">
          <span
            className={classes.seat}
            data-status="available"
            data-kind={k.kind}
            style={{ '--seat-colour': 'var(--mantine-color-gray-5)', cursor: 'default' } as React.CSSProperties}
            aria-hidden
          >
            <KindMark seat={{ id: 0, row: '', number: 0, category: '', status: 'available', priceText: '', kind: k.kind }} />
          </span>
          <Text size="sm">{k.text}</Text>
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
