import { IconBan, IconCheck, IconClockHour4, IconEyeOff, IconHeart, IconWheelchair, IconX } from '@tabler/icons-react';
import { memo } from 'react';
import classes from './SeatGrid.module.css';
import { type GridSeat, isUnavailable, seatName } from './seatLayout';

type Props = {
  seat: GridSeat;
  colour: string;
  selected: boolean;
  focusable: boolean;
  onToggle: (seat: GridSeat) => void;
  onFocusSeat: (id: number) => void;
  register: (id: number, element: HTMLButtonElement | null) => void;
};

function SeatIcon({ seat, selected }: { seat: GridSeat; selected: boolean }) {
  if (selected) return <IconCheck className={classes.icon} stroke={3} aria-hidden />;
  if (seat.status === 'booked') return <IconX className={classes.icon} stroke={2.5} aria-hidden />;
  if (seat.status === 'held') return <IconClockHour4 className={classes.icon} stroke={2} aria-hidden />;
  return <KindMark seat={seat} />;
}

/** A free seat's mark: its kind's icon (wheelchair, companion, couple, restricted view, out of service), else its number. */
export function KindMark({ seat }: { seat: GridSeat }) {
  switch (seat.kind) {
    case 'wheelchair':
      return <IconWheelchair className={classes.icon} stroke={2.2} aria-hidden />;
    case 'companion':
      return <span className={classes.number}>C</span>;
    case 'couple':
      return <IconHeart className={classes.icon} stroke={2.2} aria-hidden />;
    case 'restricted_view':
      return <IconEyeOff className={classes.icon} stroke={2.2} aria-hidden />;
    case 'blocked':
      return <IconBan className={classes.icon} stroke={2.2} aria-hidden />;
    default:
      return <span className={classes.number}>{seat.number}</span>;
  }
}

/** One seat: a button in the roving tab order; icons and patterns, not colour alone, give its state. */
export const SeatButton = memo(function SeatButton({
  seat,
  colour,
  selected,
  focusable,
  onToggle,
  onFocusSeat,
  register,
}: Props) {
  const state = selected ? 'selected' : seat.status;
  const unavailable = isUnavailable(seat);
  return (
    <button
      type="button"
      ref={(element) => register(seat.id, element)}
      className={classes.seat}
      data-status={state}
      data-seat-id={seat.id}
      data-kind={seat.kind}
      data-tip={`${seat.row}${seat.number} · ${seat.category} · ${seat.priceText} · ${state}`}
      style={{ '--seat-colour': `var(--mantine-color-${colour}-5)` } as React.CSSProperties}
      tabIndex={focusable ? 0 : -1}
      aria-label={seatName(seat, selected)}
      aria-pressed={selected}
      aria-disabled={unavailable || undefined}
      onClick={() => onToggle(seat)}
      onFocus={() => onFocusSeat(seat.id)}
    >
      <SeatIcon seat={seat} selected={selected} />
    </button>
  );
});
