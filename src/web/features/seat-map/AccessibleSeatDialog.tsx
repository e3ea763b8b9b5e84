import { Button, Group, Modal, Text } from '@mantine/core';
import { formatTime } from '../../lib/format';

type Props = { opened: boolean; releaseAt: string; onConfirm: () => void; onClose: () => void };

/** Wheelchair spaces and companions are kept for those who need them until shortly before the showtime. */
export function AccessibleSeatDialog({ opened, releaseAt, onConfirm, onClose }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title="Do you need a wheelchair space?">
      <Text size="sm">
        This seat is kept for customers who use a wheelchair, and the person with them, until {formatTime(releaseAt)}. After that
        anyone can book it.
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
