import { Button, Group, Modal, Text } from '@mantine/core';
import { showtimeClock } from '../../lib/format';

type Props = {
  opened: boolean;
  releaseAt: string;
  /** The showtime's cinema zone: the release time reads as its wall time. */
  timeZone?: string;
  onConfirm: () => void;
  onClose: () => void;
};

/** Wheelchair spaces and companions are kept for those who need them until shortly before the showtime. */
export function AccessibleSeatDialog({ opened, releaseAt, timeZone, onConfirm, onClose }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title="Do you need a wheelchair space?">
      <Text size="sm">
        This seat is kept for customers who use a wheelchair, and the person with them, until{' '}
        {showtimeClock({ start_time: releaseAt, time_zone: timeZone })}. After that anyone can book it.
      </Text>
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={onClose}>
          No, choose another seat
        </Button>
        <Button onClick={onConfirm}>Yes, I need the space</Button>
      </Group>
    </Modal>
  );
}
