import { Alert, Button } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { Seat } from '../../../contract/catalogue';
import type { SelectionCheck } from '../../../core/seat-rules';
import { seatList } from './seatingCheck';

type Props = { check: SelectionCheck; seats: Seat[]; selectedIds: number[]; onUse: (seatIds: number[]) => void };

/** Says, before the customer submits, which seating rule the choice breaks, with the fix in one click. */
export function SeatChoiceWarning({ check, seats, selectedIds, onUse }: Props) {
  if (check.ok) return null;
  let message: string;
  let fix: number[] | null = null;
  let fixLabel = '';
  switch (check.code) {
    case 'SINGLE_SEAT_GAP':
      message = `This choice would leave seat ${seatList(seats, check.seatIds)} empty on its own, where nobody is likely to buy it.`;
      fix = check.suggestion;
      fixLabel = `Take ${seatList(seats, check.suggestion)} instead`;
      break;
    case 'COUPLE_SEATS_TOGETHER':
      message = `Couple seats are sold in pairs: ${seatList(seats, check.seatIds)} goes with ${seatList(seats, check.partnerIds)}.`;
      fix = [...selectedIds, ...check.partnerIds];
      fixLabel = `Add ${seatList(seats, check.partnerIds)}`;
      break;
    case 'COMPANION_NEEDS_WHEELCHAIR':
      message = `Companion seat ${seatList(seats, check.seatIds)} is sold with its wheelchair space ${seatList(seats, check.wheelchairIds)}.`;
      fix = [...selectedIds, ...check.wheelchairIds];
      fixLabel = `Add ${seatList(seats, check.wheelchairIds)}`;
      break;
    case 'ACCESSIBLE_SEATS_RESERVED':
      message = `Seat ${seatList(seats, check.seatIds)} is kept for customers who need a wheelchair space.`;
      fix = selectedIds.filter((id) => !check.seatIds.includes(id));
      fixLabel = 'Remove it';
      break;
    case 'SEAT_NOT_FOR_SALE':
      message = `Seat ${seatList(seats, check.seatIds)} is out of service.`;
      fix = selectedIds.filter((id) => !check.seatIds.includes(id));
      fixLabel = 'Remove it';
      break;
  }
  return (
    <Alert
      color="orange"
      variant="light"
      icon={<IconAlertTriangle aria-hidden />}
      title="Check your seats"
      data-testid="seat-choice-warning"
    >
      {message}
      {fix && (
        <Button size="xs" variant="white" color="dark" mt="xs" display="block" onClick={() => onUse(fix)}>
          {fixLabel}
        </Button>
      )}
    </Alert>
  );
}
