import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { FormAlert } from '../../components/FormAlert';

type Props = {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busy: boolean;
  /** The server's refusal (e.g. a 409 "has active bookings"), shown in place so the admin sees why. */
  error: string | null;
  onConfirm: () => void;
  onClose: () => void;
};

export function ConfirmDialog({ opened, title, children, confirmLabel, busy, error, onConfirm, onClose }: Props) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} centered>
      <Stack>
        <Text component="div">{children}</Text>
        <FormAlert title="Not possible" message={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {error ? 'Close' : 'Keep it'}
          </Button>
          {!error && (
            <Button color="red" loading={busy} onClick={onConfirm}>
              {confirmLabel}
            </Button>
          )}
        </Group>
      </Stack>
    </Modal>
  );
}
