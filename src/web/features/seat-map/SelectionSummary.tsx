import { Alert, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconAlertCircle, IconArmchair } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { Seat } from '../../../contract/catalogue';
import { formatMoney } from '../../lib/format';
import classes from './SeatGrid.module.css';
import { MAX_SEATS } from './useSeatSelection';

type Props = {
  seats: Seat[];
  currency: string;
  /** What the selection costs with the chosen ticket types. */
  total: number;
  /** The ticket type per seat and its price (the desktop summary shows it; on phones it sits under the map). */
  tickets: ReactNode;
  notice: string | null;
  onDismissNotice: () => void;
  error: string | null;
  signedIn: boolean;
  closed: boolean;
  holding: boolean;
  onHold: () => void;
  onRemove: (seatId: number) => void;
};

export type SelectionProps = Props;

export const holdLabel = (signedIn: boolean, count: number) =>
  !signedIn ? 'Sign in to hold these seats' : count <= 1 ? 'Hold seat and pay' : `Hold ${count} seats and pay`;

export function SelectionSummary(props: Props) {
  const { seats, currency, total, notice, error, signedIn, closed, holding } = props;
  const count = seats.length;
  return (
    <Paper withBorder p="md" radius="lg" component="section" aria-labelledby="selection-title" className={classes.summary}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} fz="lg" id="selection-title">
            Your seats
          </Title>
          <Text size="sm" c="dimmed">
            {count} of {MAX_SEATS}
          </Text>
        </Group>
        <div aria-live="polite">
          {notice && (
            <Alert
              color="orange"
              variant="outline"
              icon={<IconAlertCircle aria-hidden />}
              withCloseButton
              onClose={props.onDismissNotice}
              closeButtonLabel="Dismiss"
            >
              {notice}
            </Alert>
          )}
        </div>
        {count === 0 ? (
          <Group gap="xs" c="dimmed">
            <IconArmchair size={18} aria-hidden />
            <Text size="sm">Pick seats on the map: click them, or use the arrow keys and Space.</Text>
          </Group>
        ) : (
          <Group gap={6} component="ul" aria-label="Selected seats" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {seats.map((seat) => (
              <li key={seat.seat_id}>
                <Badge
                  size="lg"
                  variant="outline"
                  color="yellow"
                  radius="sm"
                  rightSection={
                    <button
                      type="button"
                      onClick={() => props.onRemove(seat.seat_id)}
                      aria-label={`Remove seat ${seat.label}`}
                      style={{ all: 'unset', cursor: 'pointer', paddingLeft: 2 }}
                    >
                      ×
                    </button>
                  }
                >
                  {seat.label} · {formatMoney(seat.price, currency)}
                </Badge>
              </li>
            ))}
          </Group>
        )}
        {props.tickets}
        <hr className={classes.rule} />
        <Group justify="space-between" align="baseline">
          <Text fw={600}>Total</Text>
          <Text fw={800} fz="xl" data-testid="selection-total">
            {formatMoney(total, currency)}
          </Text>
        </Group>
        {error && (
          <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden />}>
            {error}
          </Alert>
        )}
        <Button size="md" disabled={count === 0 || closed} loading={holding} onClick={props.onHold} fullWidth>
          {holdLabel(signedIn, count)}
        </Button>
        <Text size="xs" c="dimmed" ta="center">
          Seats are held for you for a few minutes while you pay.
        </Text>
      </Stack>
    </Paper>
  );
}
