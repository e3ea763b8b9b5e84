import { Stack, Text, UnstyledButton } from '@mantine/core';
import { Link } from 'react-router';
import type { EventSummary } from '../../../contract/catalogue';
import { formatDateTime, formatMoney, formatTime, moneyText } from '../../lib/format';
import classes from './ShowtimeButton.module.css';

export function ShowtimeButton({ showtime }: { showtime: EventSummary }) {
  const soldOut = showtime.available_seats === 0;
  const few = !soldOut && showtime.available_seats <= Math.max(5, showtime.total_seats * 0.1);
  const seatsText = soldOut ? 'sold out' : `${showtime.available_seats} seats left`;
  const label = [
    `${showtime.movie_title}, ${formatDateTime(showtime.start_time)}`,
    showtime.hall,
    seatsText,
    `from ${moneyText(showtime.price_from, showtime.currency)}`,
  ]
    .filter(Boolean)
    .join(', ');
  const detail = soldOut ? 'Sold out' : few ? `Only ${showtime.available_seats} left` : showtime.hall;
  return (
    <UnstyledButton
      component={Link}
      to={`/showtimes/${showtime.event_id}`}
      className={classes.button}
      aria-label={label}
      data-sold-out={soldOut || undefined}
      data-few={few || undefined}
    >
      <Stack gap={0}>
        <Text fw={800} fz="md" lh={1.25} className={classes.time}>
          {formatTime(showtime.start_time)}
        </Text>
        <Text fz={11} lh={1.3} className={classes.detail}>
          {[detail, `from ${formatMoney(showtime.price_from, showtime.currency)}`].filter(Boolean).join(' · ')}
        </Text>
      </Stack>
    </UnstyledButton>
  );
}
