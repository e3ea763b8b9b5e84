import { Badge, Card, Loader, Stack, Text } from '@mantine/core';
import type { Ticket } from '../../../contract/tickets';
import { formatDateTime } from '../../lib/format';
import { useQrImage } from './useQrImage';

const QR_SIZE = 200;

function QrImage({ ticket }: { ticket: Ticket }) {
  const qr = useQrImage(ticket.ticket_id);
  if (qr.url) {
    return (
      <img
        src={qr.url}
        width={QR_SIZE}
        height={QR_SIZE}
        alt={`QR code of the ticket for seat ${ticket.seat}`}
        data-testid="ticket-qr"
        // A white quiet zone around the code, whatever the theme: scanners need the contrast.
        style={{ background: '#fff', borderRadius: 8, maxWidth: '100%', height: 'auto' }}
      />
    );
  }
  return (
    <Stack w={QR_SIZE} h={QR_SIZE} maw="100%" align="center" justify="center">
      {qr.failed ? (
        <Text size="sm" c="dimmed" ta="center">
          The QR code could not be loaded. Your booking reference works at the entrance too.
        </Text>
      ) : (
        <Loader size="sm" aria-label={`Loading the QR code for seat ${ticket.seat}`} />
      )}
    </Stack>
  );
}

/** One seat's ticket: its QR code to show at the door, or why it can no longer be used. */
export function TicketCard({ ticket }: { ticket: Ticket }) {
  return (
    <Card withBorder radius="md" p="sm" component="li" aria-label={`Ticket for seat ${ticket.seat}`}>
      <Stack align="center" gap={6}>
        <Text fw={800} fz="xl">
          Seat {ticket.seat}
        </Text>
        {ticket.status === 'void' ? (
          <Badge color="gray" variant="light">
            Cancelled
          </Badge>
        ) : (
          <QrImage ticket={ticket} />
        )}
        {ticket.status === 'used' && ticket.used_at && (
          <Badge color="teal" variant="light">
            Used {formatDateTime(ticket.used_at)}
          </Badge>
        )}
        <Text size="xs" c="dimmed" ff="monospace">
          Ticket {ticket.ticket_id}
        </Text>
      </Stack>
    </Card>
  );
}
