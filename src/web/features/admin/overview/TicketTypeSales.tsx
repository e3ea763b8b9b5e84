import { Paper, Table, Text, Title } from '@mantine/core';
import type { Analytics } from '../../../../contract/admin';
import { SideScroll } from '../../../components/SideScroll';
import { formatMoney } from '../../../lib/format';

/** Seats and money per ticket type (paid, not cancelled), most seats first. */
export function TicketTypeSales({ data }: { data: Analytics }) {
  const rows = data.by_ticket_type;
  const seats = rows.reduce((sum, r) => sum + r.seats, 0);
  return (
    <Paper withBorder radius="lg" p="md" component="section" aria-labelledby="ticket-types-title">
      <Title order={2} fz="lg" id="ticket-types-title" mb="xs">
        Sales by ticket type
      </Title>
      {rows.length === 0 ? (
        <Text c="dimmed" py="md" ta="center">
          No tickets sold yet.
        </Text>
      ) : (
        <SideScroll label="Sales by ticket type, table" minWidth={320}>
          <Table aria-labelledby="ticket-types-title" verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Ticket type</Table.Th>
                <Table.Th scope="col" ta="right">
                  Seats
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Share
                </Table.Th>
                <Table.Th scope="col" ta="right">
                  Revenue
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.ticket_type}>
                  <Table.Th scope="row" fw={500} style={{ textTransform: 'capitalize' }}>
                    {r.ticket_type}
                  </Table.Th>
                  <Table.Td ta="right">{r.seats}</Table.Td>
                  <Table.Td ta="right">{seats ? `${Math.round((r.seats / seats) * 100)}%` : '—'}</Table.Td>
                  <Table.Td ta="right">{formatMoney(r.revenue, data.currency)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </SideScroll>
      )}
    </Paper>
  );
}
