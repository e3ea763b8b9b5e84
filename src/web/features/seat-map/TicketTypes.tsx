import { Group, Stack, Text } from '@mantine/core';
import { PlainSelect } from '../../components/PlainSelect';
import { formatMoney } from '../../lib/format';
import type { TicketLine, TicketOption } from './ticketLines';

type Props = {
  lines: TicketLine[];
  types: TicketOption[];
  currency: string;
  surcharge: number;
  format: string;
  childRefused: boolean;
  onChange: (seatId: number, code: string) => void;
};

/** A ticket type per selected seat, and what each costs: type price plus the format surcharge. */
export function TicketTypes({ lines, types, currency, surcharge, format, childRefused, onChange }: Props) {
  if (lines.length === 0) return null;
  return (
    <Stack gap={6} component="section" aria-labelledby="ticket-types-title">
      <Text fw={600} size="sm" id="ticket-types-title">
        Tickets
      </Text>
      <Stack gap={6} component="ul" aria-label="Ticket per seat" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {lines.map((line) => (
          <Group key={line.seat.seat_id} component="li" justify="space-between" wrap="nowrap" gap="xs">
            {types.length > 1 ? (
              <PlainSelect
                size="xs"
                label={`Ticket for seat ${line.seat.label}`}
                value={line.code}
                data={types.map((t) => ({ value: t.code, label: t.label }))}
                onChange={(value) => onChange(line.seat.seat_id, value)}
                style={{ flex: 1, minWidth: 0 }}
              />
            ) : (
              <Text size="sm">
                {line.seat.label} · {line.label}
              </Text>
            )}
            <Text size="sm" fw={600} style={{ alignSelf: 'flex-end' }} data-testid={`ticket-price-${line.seat.label}`}>
              {formatMoney(line.price, currency)}
            </Text>
          </Group>
        ))}
      </Stack>
      {surcharge > 0 && (
        <Text size="xs" c="dimmed">
          Prices include the {format} surcharge of {formatMoney(surcharge, currency)} per ticket.
        </Text>
      )}
      {childRefused && (
        <Text size="xs" c="dimmed">
          Child tickets are not sold for this film because of its rating.
        </Text>
      )}
    </Stack>
  );
}
