import { Badge, Button, Group, Select, Skeleton, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import type { AdminBookingsQuery } from '../../../../contract/admin';
import type { Booking } from '../../../../contract/bookings';
import { IMPORTED_CUSTOMER } from '../../../../core/prototype-import';
import { EmptyNote, ErrorState } from '../../../components/QueryStates';
import { SideScroll } from '../../../components/SideScroll';
import { formatMoney, formatShowtime } from '../../../lib/format';
import { CancelBookingDialog } from '../../bookings/CancelBookingDialog';
import { canCancel } from '../../bookings/cancellation';
import { StatusBadge } from '../../bookings/StatusBadge';
import { useAdminShowtimes } from '../showtimes/useAdminShowtimes';
import { ReassignBookingDialog } from './ReassignBookingDialog';
import { useAdminBookings } from './useAdminBookings';

const STATUSES = [
  { value: 'pending', label: 'Awaiting payment' },
  { value: 'confirmed', label: 'Confirmed' },
  { value: 'cancelled', label: 'Cancelled' },
  { value: 'expired', label: 'Expired' },
];

export function AdminBookingsPage() {
  const [search, setSearch] = useState('');
  const [eventId, setEventId] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [q] = useDebouncedValue(search.trim(), 300);
  const filters: AdminBookingsQuery = {
    ...(q ? { q } : {}),
    ...(eventId ? { event_id: Number(eventId) } : {}),
    ...(status ? { status: status as Booking['status'] } : {}),
  };
  const bookings = useAdminBookings(filters);
  const showtimes = useAdminShowtimes({ include_past: true });
  const [cancelling, setCancelling] = useState<Booking | null>(null);
  const [reassigning, setReassigning] = useState<Booking | null>(null);

  return (
    <>
      <Group mb="md" align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          label="Search"
          placeholder="Reference or email"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={{ base: '100%', sm: 260 }}
        />
        <Select
          label="Showtime"
          placeholder="All showtimes"
          data={(showtimes.data ?? []).map((s) => ({
            value: String(s.event_id),
            label: `${s.movie_title} · ${formatShowtime(s)}`,
          }))}
          value={eventId}
          onChange={setEventId}
          clearable
          searchable
          w={{ base: '100%', sm: 320 }}
        />
        <Select
          label="Status"
          placeholder="Any status"
          data={STATUSES}
          value={status}
          onChange={setStatus}
          clearable
          w={{ base: '100%', sm: 200 }}
        />
      </Group>
      {bookings.isPending && <Skeleton h={240} radius="lg" />}
      {bookings.isError && (
        <ErrorState title="Could not load bookings" error={bookings.error} onRetry={() => void bookings.refetch()} />
      )}
      {bookings.data?.length === 0 && (
        <EmptyNote
          title="No bookings found"
          description={q || eventId || status ? 'Try other filters.' : 'Bookings appear here as customers book.'}
        />
      )}
      {bookings.data && bookings.data.length > 0 && (
        <SideScroll label="Bookings table" minWidth={860}>
          <Table verticalSpacing="sm" highlightOnHover aria-label="Bookings" aria-busy={bookings.isFetching}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Reference</Table.Th>
                <Table.Th>Customer</Table.Th>
                <Table.Th>Showtime</Table.Th>
                <Table.Th>Seats</Table.Th>
                <Table.Th>Amount</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {bookings.data.map((b) => (
                <Table.Tr key={b.booking_reference}>
                  <Table.Td ff="monospace">{b.booking_reference}</Table.Td>
                  <Table.Td>
                    {b.user_email === IMPORTED_CUSTOMER.email ? (
                      <Button
                        size="compact-sm"
                        variant="light"
                        onClick={() => setReassigning(b)}
                        aria-label={`Imported: give to customer, booking ${b.booking_reference}`}
                      >
                        Imported: give to customer
                      </Button>
                    ) : (
                      b.user_email
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {b.movie_title}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {formatShowtime(b)}
                    </Text>
                  </Table.Td>
                  <Table.Td>{b.seats.join(', ')}</Table.Td>
                  <Table.Td>{formatMoney(b.total_amount, b.currency)}</Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <StatusBadge status={b.status} />
                      {/* The customer's bank disputed the charge: staff should answer it in Stripe. */}
                      {b.disputed && (
                        <Badge color="red" variant="outline" title="The customer's bank opened a dispute on this payment">
                          Disputed
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    {canCancel(b, Date.now(), 'staff') && (
                      <Button
                        size="compact-sm"
                        variant="subtle"
                        color="red"
                        onClick={() => setCancelling(b)}
                        aria-label={`Cancel booking ${b.booking_reference}`}
                      >
                        Cancel
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </SideScroll>
      )}
      <CancelBookingDialog booking={cancelling} onClose={() => setCancelling(null)} audience="staff" />
      <ReassignBookingDialog booking={reassigning} onClose={() => setReassigning(null)} />
    </>
  );
}
