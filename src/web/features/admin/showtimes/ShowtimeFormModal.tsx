import { Alert, Button, Group, Modal, NativeSelect, NumberInput, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { type FormEvent, useEffect, useState } from 'react';
import type { AdminEvent, EventBody, EventPatch } from '../../../../contract/admin';
import { zoneLabel } from '../../../../core/cinema-time';
import { TICKET_FORMATS, type TicketFormat } from '../../../../core/ticket-pricing';
import { isApiError } from '../../../api/client';
import { FormAlert } from '../../../components/FormAlert';
import { fieldErrorsOf } from '../../../lib/fieldErrors';
import { fromDateTimeLocal, toCinemaWallTime } from '../../../lib/format';
import { useCinemas } from '../../browse/useCinemas';
import { useAdminHalls } from '../halls/useAdminHalls';
import { useAdminMovies } from '../movies/useAdminMovies';
import { showtimeRefusal } from './refusals';
import { useSaveShowtime } from './useSaveShowtime';

type Draft = { movie: string | null; hall: string | null; start: string; price: number | string; format: TicketFormat };
const toDraft = (e: AdminEvent | null): Draft => ({
  movie: e ? String(e.movie_id) : null,
  hall: e?.hall_id ? String(e.hall_id) : null,
  // The cinema's wall time, whatever zone this browser is in.
  start: e ? toCinemaWallTime(e.start_time, e.time_zone) : '',
  price: e?.price ?? 12,
  format: ((TICKET_FORMATS as readonly string[]).includes(e?.format ?? '') ? e?.format : '2D') as TicketFormat,
});

type Props = { opened: boolean; showtime: AdminEvent | null; all: AdminEvent[]; onClose: () => void };

export function ShowtimeFormModal({ opened, showtime, all, onClose }: Props) {
  const movies = useAdminMovies();
  const halls = useAdminHalls();
  const cinemas = useCinemas();
  const save = useSaveShowtime();
  const [draft, setDraft] = useState<Draft>(toDraft(showtime));
  const [missing, setMissing] = useState<{ movie?: string; hall?: string; start?: string }>({});
  const { reset } = save;
  useEffect(() => {
    if (opened) {
      setDraft(toDraft(showtime));
      setMissing({});
      reset();
    }
  }, [opened, showtime, reset]);

  const error = isApiError(save.error) ? save.error : null;
  const fields = fieldErrorsOf(error);
  const refusal = error && error.status !== 422 ? showtimeRefusal(error, all) : null;
  const locked = showtime?.has_active_bookings ?? false;
  const hallRow = halls.data?.find((h) => String(h.id) === draft.hall);
  const zone = cinemas.data?.find((c) => c.id === hallRow?.cinema_id)?.time_zone ?? showtime?.time_zone;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // In a hall, the server reads the wall time in the hall's cinema zone; without one (the old
    // generated grid), as an instant.
    const start = draft.hall || showtime?.hall_id ? draft.start || null : fromDateTimeLocal(draft.start);
    const problems = {
      ...(draft.movie ? {} : { movie: 'Choose a movie' }),
      ...(draft.hall || showtime ? {} : { hall: 'Choose a hall' }),
      ...(start ? {} : { start: 'Choose the date and time it starts' }),
    };
    setMissing(problems);
    if (Object.keys(problems).length > 0 || !start) return;
    const full: EventBody = {
      movie_id: Number(draft.movie),
      start_time: start,
      price: typeof draft.price === 'number' ? draft.price : Number.NaN,
      format: draft.format,
      ...(draft.hall ? { hall_id: Number(draft.hall) } : {}),
    };
    if (!showtime) {
      save.mutate({ id: null, body: full }, { onSuccess: onClose });
      return;
    }
    // Send only what changed: an unchanged hall or start time must not trip the "has bookings" rules.
    const before = toDraft(showtime);
    const patch: EventPatch = {
      ...(draft.movie !== before.movie ? { movie_id: full.movie_id } : {}),
      ...(draft.start !== before.start ? { start_time: full.start_time } : {}),
      ...(draft.price !== before.price ? { price: full.price } : {}),
      ...(draft.format !== before.format ? { format: draft.format } : {}),
      ...(draft.hall !== before.hall && full.hall_id !== undefined ? { hall_id: full.hall_id } : {}),
    };
    if (Object.keys(patch).length === 0) onClose();
    else save.mutate({ id: showtime.event_id, body: patch }, { onSuccess: onClose });
  };

  return (
    <Modal opened={opened} onClose={onClose} title={showtime ? 'Edit showtime' : 'Schedule a showtime'} size="lg">
      <form onSubmit={submit} noValidate aria-label={showtime ? 'Edit showtime' : 'Schedule showtime'}>
        <Stack>
          {locked && (
            <Alert color="yellow" icon={<IconLock aria-hidden />}>
              This showtime has bookings: its hall and seats cannot change.
            </Alert>
          )}
          <FormAlert title="Not saved" message={refusal} />
          <Select
            label="Movie"
            placeholder="Choose a movie"
            data={(movies.data ?? []).map((m) => ({ value: String(m.id), label: m.title }))}
            value={draft.movie}
            onChange={(movie) => setDraft({ ...draft, movie })}
            error={missing.movie ?? fields.movie_id}
            searchable
            withAsterisk
          />
          <Select
            label="Hall"
            placeholder="Choose a hall"
            data={(halls.data ?? []).map((h) => ({ value: String(h.id), label: `${h.name} (${h.total_seats} seats)` }))}
            value={draft.hall}
            onChange={(hall) => setDraft({ ...draft, hall })}
            error={missing.hall ?? fields.hall_id}
            disabled={locked}
            withAsterisk
          />
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput
              label={zone ? `Starts (${zoneLabel(zone)} time)` : 'Starts'}
              description="The cinema's local time"
              type="datetime-local"
              value={draft.start}
              onChange={(e) => setDraft({ ...draft, start: e.currentTarget.value })}
              error={missing.start ?? fields.start_time}
              withAsterisk
            />
            <NumberInput
              label="Base price"
              description="Categories multiply it"
              min={0}
              decimalScale={2}
              value={draft.price}
              onChange={(price) => setDraft({ ...draft, price })}
              error={fields.price}
              withAsterisk
            />
          </SimpleGrid>
          <NativeSelect
            label="Format"
            description="Its surcharge per ticket and the ticket prices are set under Prices"
            data={[...TICKET_FORMATS]}
            value={draft.format}
            onChange={(e) => setDraft({ ...draft, format: e.currentTarget.value as TicketFormat })}
            error={fields.format}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {showtime ? 'Save showtime' : 'Schedule'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
