import { Alert, Button, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconCalendarPlus, IconFileDownload } from '@tabler/icons-react';
import { type MouseEvent, useState } from 'react';
import { errorText } from '../../lib/fieldErrors';
import { downloadFile } from './downloadFile';
import { TicketCard } from './TicketCard';
import { useTickets } from './useTickets';

/**
 * A paid booking's tickets: a QR code per seat to show at the door, the printable PDF and the
 * showtime for the calendar. The two files are links to the API, fetched with the session when
 * followed (a plain link could not send it).
 */
export function TicketsSection({ reference, headingLevel = 2 }: { reference: string; headingLevel?: 2 | 3 }) {
  const tickets = useTickets(reference);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const base = `/api/bookings/${encodeURIComponent(reference)}`;
  const follow = (path: string, fileName: string) => (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    setDownloadError(null);
    downloadFile(path, fileName).catch((error: unknown) => setDownloadError(errorText(error)));
  };
  const headingId = `tickets-${reference}`;

  return (
    <Stack component="section" aria-labelledby={headingId} gap="sm">
      <Title order={headingLevel} fz="h3" id={headingId}>
        Your tickets
      </Title>
      <Text size="sm" c="dimmed">
        Show each ticket's QR code at the entrance (on your phone or printed). One scan per ticket.
      </Text>
      <Group gap="xs">
        <Button
          component="a"
          href={`${base}/tickets.pdf`}
          download={`bookmemovie-${reference}.pdf`}
          onClick={follow(`${base}/tickets.pdf`, `bookmemovie-${reference}.pdf`)}
          leftSection={<IconFileDownload size={18} aria-hidden />}
          variant="light"
        >
          Download PDF
        </Button>
        <Button
          component="a"
          href={`${base}/calendar.ics`}
          download={`bookmemovie-${reference}.ics`}
          onClick={follow(`${base}/calendar.ics`, `bookmemovie-${reference}.ics`)}
          leftSection={<IconCalendarPlus size={18} aria-hidden />}
          variant="default"
        >
          Add to calendar
        </Button>
      </Group>
      {downloadError && (
        <Alert color="red" role="alert">
          {downloadError}
        </Alert>
      )}
      {tickets.isPending && <Text size="sm">Loading your tickets…</Text>}
      {tickets.isError && (
        <Alert color="red" role="alert">
          Could not load your tickets: {errorText(tickets.error)}
        </Alert>
      )}
      {tickets.data && tickets.data.length > 0 && (
        <SimpleGrid component="ul" cols={{ base: 1, xs: 2 }} spacing="sm" p={0} m={0} style={{ listStyle: 'none' }}>
          {tickets.data.map((ticket) => (
            <TicketCard key={ticket.ticket_id} ticket={ticket} />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
