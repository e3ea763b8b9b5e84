import {
  ActionIcon,
  Badge,
  Button,
  Group,
  NativeSelect,
  Progress,
  Skeleton,
  Switch,
  Table,
  Text,
  TextInput,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { IconCalendarOff, IconCalendarPlus, IconLock, IconPencil, IconPlus, IconTicket, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { AdminEvent } from '../../../../contract/admin';
import { EmptyNote, ErrorState } from '../../../components/QueryStates';
import { SideScroll } from '../../../components/SideScroll';
import { formatMoney, formatShowtime } from '../../../lib/format';
import { useCinemas } from '../../browse/useCinemas';
import { ConfirmDialog } from '../ConfirmDialog';
import { useAdminHalls } from '../halls/useAdminHalls';
import { useAdminMovies } from '../movies/useAdminMovies';
import { CancelShowtimeDialog } from './CancelShowtimeDialog';
import { PriceCardModal } from './PriceCardModal';
import { showtimeRefusal } from './refusals';
import { ScheduleRunModal } from './ScheduleRunModal';
import { ShowtimeFormModal } from './ShowtimeFormModal';
import { useAdminShowtimes } from './useAdminShowtimes';
import { useDeleteShowtime } from './useDeleteShowtime';

function Protected() {
  const label = 'Protected: has active bookings';
  return (
    <Tooltip label={label}>
      <span role="img" aria-label={label} style={{ display: 'inline-flex' }}>
        <IconLock size={18} color="var(--mantine-color-yellow-5)" aria-hidden />
      </span>
    </Tooltip>
  );
}

export function AdminShowtimesPage() {
  const [includePast, setIncludePast] = useState(false);
  const [filters, setFilters] = useState<{ cinema: string; date: string; hall: string; movie: string }>({
    cinema: '',
    date: '',
    hall: '',
    movie: '',
  });
  const cinemas = useCinemas();
  const [runOpen, setRunOpen] = useState(false);
  const halls = useAdminHalls();
  const movies = useAdminMovies();
  const showtimes = useAdminShowtimes({
    include_past: includePast,
    ...(filters.cinema ? { cinema_id: Number(filters.cinema) } : {}),
    ...(filters.date ? { date: filters.date } : {}),
    ...(filters.hall ? { hall_id: Number(filters.hall) } : {}),
    ...(filters.movie ? { movie_id: Number(filters.movie) } : {}),
  });
  const remove = useDeleteShowtime();
  const [editing, setEditing] = useState<AdminEvent | null>(null);
  const [open, setOpen] = useState(false);
  const [deleting, setDeleting] = useState<AdminEvent | null>(null);
  const [cancelling, setCancelling] = useState<AdminEvent | null>(null);
  const [pricing, setPricing] = useState<AdminEvent | null>(null);
  const all = showtimes.data ?? [];
  const edit = (showtime: AdminEvent | null) => {
    setEditing(showtime);
    setOpen(true);
  };
  const closeDelete = () => {
    setDeleting(null);
    remove.reset();
  };

  return (
    <>
      <Group justify="space-between" mb="md" align="flex-end">
        <Group align="flex-end" gap="sm">
          {(cinemas.data?.length ?? 0) > 1 && (
            <NativeSelect
              label="Filter by cinema"
              data={[
                { value: '', label: 'All cinemas' },
                ...(cinemas.data ?? []).map((c) => ({ value: String(c.id), label: c.name })),
              ]}
              value={filters.cinema}
              onChange={(e) => setFilters({ ...filters, cinema: e.currentTarget.value, hall: '' })}
            />
          )}
          <TextInput
            label="Filter by day"
            description="The cinema's business day: shows after midnight count for the evening before"
            type="date"
            value={filters.date}
            onChange={(e) => setFilters({ ...filters, date: e.currentTarget.value })}
          />
          <NativeSelect
            label="Filter by hall"
            data={[
              { value: '', label: 'All halls' },
              ...(halls.data ?? [])
                .filter((h) => filters.cinema === '' || String(h.cinema_id) === filters.cinema)
                .map((h) => ({ value: String(h.id), label: h.name })),
            ]}
            value={filters.hall}
            onChange={(e) => setFilters({ ...filters, hall: e.currentTarget.value })}
          />
          <NativeSelect
            label="Filter by film"
            data={[
              { value: '', label: 'All films' },
              ...(movies.data ?? []).map((m) => ({ value: String(m.id), label: m.title })),
            ]}
            value={filters.movie}
            onChange={(e) => setFilters({ ...filters, movie: e.currentTarget.value })}
          />
          <Switch label="Show past showtimes" checked={includePast} onChange={(e) => setIncludePast(e.currentTarget.checked)} />
        </Group>
        <Group gap="sm">
          <Button variant="default" leftSection={<IconCalendarPlus size={16} aria-hidden />} onClick={() => setRunOpen(true)}>
            Schedule a run
          </Button>
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => edit(null)}>
            Schedule showtime
          </Button>
        </Group>
      </Group>
      <ScheduleRunModal opened={runOpen} onClose={() => setRunOpen(false)} />
      {showtimes.isPending && <Skeleton h={240} radius="lg" />}
      {showtimes.isError && (
        <ErrorState title="Could not load showtimes" error={showtimes.error} onRetry={() => void showtimes.refetch()} />
      )}
      {showtimes.data?.length === 0 && (
        <EmptyNote title="No showtimes scheduled" description="Schedule one: pick a movie, a hall, a time and a price." />
      )}
      {all.length > 0 && (
        <SideScroll label="Showtimes table" minWidth={860}>
          <Table verticalSpacing="sm" highlightOnHover aria-label="Showtimes">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={36}>
                  <VisuallyHidden>Protected</VisuallyHidden>
                </Table.Th>
                <Table.Th>Movie</Table.Th>
                <Table.Th>Starts</Table.Th>
                <Table.Th>Hall</Table.Th>
                <Table.Th>Format</Table.Th>
                <Table.Th>Base price</Table.Th>
                <Table.Th w={180}>Sold</Table.Th>
                <Table.Th w={132}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {all.map((s) => (
                <Table.Tr key={s.event_id}>
                  <Table.Td>{s.has_active_bookings && <Protected />}</Table.Td>
                  <Table.Td fw={600}>
                    {s.movie_title}
                    {s.cancelled && (
                      <Badge ml="xs" color="red" variant="light">
                        Cancelled
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{formatShowtime(s)}</Table.Td>
                  <Table.Td>{s.hall ?? 'Generated grid'}</Table.Td>
                  <Table.Td>{s.format}</Table.Td>
                  <Table.Td>{formatMoney(s.price, s.currency)}</Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed">
                      {s.booked_seats} / {s.total_seats} booked{s.locked_seats > 0 ? ` · ${s.locked_seats} held` : ''}
                    </Text>
                    {s.booked_seats > 0 && (
                      <Text size="xs" c="dimmed" data-testid="checked-in">
                        {s.admitted_seats} / {s.booked_seats} checked in
                      </Text>
                    )}
                    <Progress value={(s.booked_seats / Math.max(1, s.total_seats)) * 100} size="sm" color="yellow" aria-hidden />
                    {s.waitlist_waiting > 0 && (
                      <Badge mt={4} color="grape" variant="light" data-testid="waitlist-length">
                        Waitlist: {s.waitlist_waiting}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={`Edit ${s.movie_title} at ${formatShowtime(s)}`}
                        onClick={() => edit(s)}
                      >
                        <IconPencil size={18} />
                      </ActionIcon>
                      {(s.cancelled || Date.parse(s.end_time) > Date.now()) && (
                        <ActionIcon
                          variant="subtle"
                          color={s.cancelled ? 'gray' : 'orange'}
                          aria-label={`${s.cancelled ? 'Cancellation progress of' : 'Cancel'} ${s.movie_title} at ${formatShowtime(s)}`}
                          onClick={() => setCancelling(s)}
                        >
                          <IconCalendarOff size={18} />
                        </ActionIcon>
                      )}
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={`Prices and format of ${s.movie_title} at ${formatShowtime(s)}`}
                        onClick={() => setPricing(s)}
                      >
                        <IconTicket size={18} />
                      </ActionIcon>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Delete ${s.movie_title} at ${formatShowtime(s)}`}
                        onClick={() => setDeleting(s)}
                      >
                        <IconTrash size={18} />
                      </ActionIcon>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </SideScroll>
      )}
      <CancelShowtimeDialog showtime={cancelling} onClose={() => setCancelling(null)} />
      <ShowtimeFormModal opened={open} showtime={editing} all={all} onClose={() => setOpen(false)} />
      <PriceCardModal showtime={pricing} onClose={() => setPricing(null)} />
      <ConfirmDialog
        opened={deleting !== null}
        title="Delete this showtime?"
        confirmLabel="Delete showtime"
        busy={remove.isPending}
        error={remove.error ? showtimeRefusal(remove.error, all) : null}
        onClose={closeDelete}
        onConfirm={() => deleting && remove.mutate(deleting.event_id, { onSuccess: closeDelete })}
      >
        {deleting && `“${deleting.movie_title}” at ${formatShowtime(deleting)} will be deleted with its seats.`}
      </ConfirmDialog>
    </>
  );
}
