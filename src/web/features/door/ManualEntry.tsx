import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { Ticket } from '../../../contract/tickets';
import { ApiError, api } from '../../api/client';
import { manualEntry, seatText } from '../../lib/doorCheck';

const STATUS_TEXT: Record<Ticket['status'], string> = { valid: 'not used yet', used: 'used', void: 'cancelled' };

/** When the camera cannot read a code: type the code, or a booking reference to list its tickets. */
export function ManualEntry({ eventId, online, onCode }: { eventId: number; online: boolean; onCode: (code: string) => void }) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [found, setFound] = useState<{ reference: string; tickets: Ticket[] } | null>(null);
  const [looking, setLooking] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    setFound(null);
    const entry = manualEntry(text);
    if (!entry) {
      setProblem("Type a booking reference (10 letters and digits) or the ticket's whole code.");
      return;
    }
    if (entry.kind === 'code') {
      onCode(entry.code);
      setText('');
      return;
    }
    if (!online) {
      setProblem('Looking up a booking needs the network. Scan the ticket or type its code instead.');
      return;
    }
    setLooking(true);
    try {
      const tickets = await api.get<Ticket[]>(`/api/bookings/${encodeURIComponent(entry.reference)}/tickets`);
      setFound({ reference: entry.reference, tickets });
    } catch (error) {
      setProblem(
        error instanceof ApiError && error.status === 404
          ? `No booking ${entry.reference}.`
          : error instanceof Error
            ? error.message
            : 'The booking could not be looked up.',
      );
    } finally {
      setLooking(false);
    }
  }

  const here = found?.tickets.filter((t) => t.event_id === eventId) ?? [];
  return (
    <Stack gap="sm" component="section" aria-labelledby="door-manual">
      <Text component="h2" fw={700} size="lg" id="door-manual">
        Type a code or booking reference
      </Text>
      <form onSubmit={submit} aria-label="Check a ticket by hand">
        <Group align="flex-end" wrap="wrap" gap="sm">
          <TextInput
            label="Ticket code or booking reference"
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            style={{ flex: '1 1 16rem' }}
            error={problem}
          />
          <Button type="submit" loading={looking}>
            Check
          </Button>
        </Group>
      </form>
      {found && (
        <Stack gap="xs" aria-label={`Tickets of booking ${found.reference}`} component="section">
          {here.length === 0 && (
            <Alert color="yellow" variant="light" title={`Booking ${found.reference}`}>
              {found.tickets.length === 0 ? 'It has no tickets (not paid).' : 'Its tickets are for another showtime.'}
            </Alert>
          )}
          {here.map((ticket) => (
            <Group key={ticket.ticket_id} justify="space-between" wrap="wrap">
              <Text>
                {seatText(ticket.seat)} · {STATUS_TEXT[ticket.status]}
              </Text>
              <Button variant="light" onClick={() => onCode(ticket.qr)} aria-label={`Admit ${seatText(ticket.seat)}`}>
                Admit
              </Button>
            </Group>
          ))}
        </Stack>
      )}
    </Stack>
  );
}
