import { ActionIcon, Badge, Button, Card, Group, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { Hall } from '../../../../contract/admin';
import { EmptyNote, ErrorState } from '../../../components/QueryStates';
import { errorText } from '../../../lib/fieldErrors';
import { ConfirmDialog } from '../ConfirmDialog';
import { HallEditorModal } from './HallEditorModal';
import { useAdminHalls } from './useAdminHalls';
import { useDeleteHall } from './useDeleteHall';

const wheelchairSpaces = (hall: Hall) =>
  hall.layout.rows.reduce((n, row) => n + row.positions.filter((p) => p?.kind === 'wheelchair').length, 0);

export function AdminHallsPage() {
  const halls = useAdminHalls();
  const remove = useDeleteHall();
  const [editing, setEditing] = useState<Hall | null>(null);
  const [open, setOpen] = useState(false);
  const [deleting, setDeleting] = useState<Hall | null>(null);
  const edit = (hall: Hall | null) => {
    setEditing(hall);
    setOpen(true);
  };
  const closeDelete = () => {
    setDeleting(null);
    remove.reset();
  };

  return (
    <>
      <Group justify="space-between" mb="md">
        <Text c="dimmed">Layouts are copied into each showtime's seats when it is scheduled.</Text>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => edit(null)}>
          New hall
        </Button>
      </Group>
      {halls.isPending && <Skeleton h={160} radius="lg" />}
      {halls.isError && <ErrorState title="Could not load halls" error={halls.error} onRetry={() => void halls.refetch()} />}
      {halls.data?.length === 0 && (
        <EmptyNote title="No halls yet" description="Create a hall to give showtimes a real seat layout." />
      )}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
        {halls.data?.map((hall) => (
          <Card key={hall.id} withBorder radius="lg" component="article" aria-label={hall.name}>
            <Stack gap="xs">
              <Group justify="space-between" wrap="nowrap">
                <Text fw={700} fz="lg" truncate="end">
                  {hall.name}
                </Text>
                <Group gap={4} wrap="nowrap">
                  <ActionIcon variant="subtle" color="gray" aria-label={`Edit ${hall.name}`} onClick={() => edit(hall)}>
                    <IconPencil size={18} />
                  </ActionIcon>
                  <ActionIcon variant="subtle" color="red" aria-label={`Delete ${hall.name}`} onClick={() => setDeleting(hall)}>
                    <IconTrash size={18} />
                  </ActionIcon>
                </Group>
              </Group>
              <Text size="sm" c="dimmed">
                {hall.rows} rows · {hall.total_seats} seats
                {wheelchairSpaces(hall) > 0 ? ` · ${wheelchairSpaces(hall)} wheelchair spaces` : ''}
              </Text>
              <Group gap={6}>
                {hall.layout.categories.length === 0 && (
                  <Badge variant="outline" color="gray">
                    all standard
                  </Badge>
                )}
                {hall.layout.categories.map((c) => (
                  <Badge key={c.name} variant="light" color="gray">
                    {c.name} · ×{c.price_factor}
                  </Badge>
                ))}
                {!hall.single_seat_rule && (
                  <Badge variant="outline" color="gray">
                    single seats allowed
                  </Badge>
                )}
              </Group>
            </Stack>
          </Card>
        ))}
      </SimpleGrid>
      <HallEditorModal opened={open} hall={editing} onClose={() => setOpen(false)} />
      <ConfirmDialog
        opened={deleting !== null}
        title="Delete this hall?"
        confirmLabel="Delete hall"
        busy={remove.isPending}
        error={remove.error ? errorText(remove.error) : null}
        onClose={closeDelete}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: closeDelete })}
      >
        {deleting?.name} will be deleted. Halls whose showtimes have bookings cannot be deleted.
      </ConfirmDialog>
    </>
  );
}
