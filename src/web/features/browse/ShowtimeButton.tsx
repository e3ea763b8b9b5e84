import { Stack, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { Link } from 'react-router';
import type { EventSummary } from '../../../contract/catalogue';
import { formatDayKey, formatMoney, isLateShow, showtimeClock, showtimeDayKey } from '../../lib/format';
import classes from './ShowtimeButton.module.css';

export function ShowtimeButton({ showtime }: { showtime: EventSummary }) {
  const soldOut = showtime.available_seats === 0;
  const late = isLateShow(showtime);
  const few = !soldOut && showtime.available_seats <= Math.max(5, showtime.total_seats * 0.1);
  const seatsText = soldOut ? 'sold out' : `${showtime.available_seats} seats left`;
  const detail = soldOut ? 'Sold out' : few ? `Only ${showtime.available_seats} left` : showtime.hall;
  return (
    <UnstyledButton
      component={Link}
      to={`/showtimes/${showtime.event_id}`}
      className={classes.button}
      data-sold-out={soldOut || undefined}
      data-few={few || undefined}
    >
      {/* The accessible name is the visible text with what the eye gets from context around it. */}
      <VisuallyHidden>{`${showtime.movie_title}, ${formatDayKey(showtimeDayKey(showtime), true)}, ${late ? 'late show ' : ''}`}</VisuallyHidden>
      <Stack gap={0}>
        <Text fw={800} fz="md" lh={1.25} className={classes.time}>
          {showtimeClock(showtime)}
        </Text>
        {late && (
          <Text fz={11} lh={1.3} className={classes.detail} aria-hidden>
            late show
          </Text>
        )}
        <VisuallyHidden>, </VisuallyHidden>
        <Text fz={11} lh={1.3} className={classes.detail}>
          {[
            detail,
            showtime.format !== '2D' ? showtime.format : null,
            `from ${formatMoney(showtime.price_from, showtime.currency)}`,
          ]
            .filter(Boolean)
            .join(' · ')}
        </Text>
      </Stack>
      <VisuallyHidden>
        {[', ', soldOut ? '' : seatsText, detail === showtime.hall ? '' : showtime.hall].filter(Boolean).join(', ')}
      </VisuallyHidden>
    </UnstyledButton>
  );
}
