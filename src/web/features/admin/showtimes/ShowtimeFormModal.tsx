import {
  Alert,
  Button,
  Group,
  Modal,
  NativeSelect,
  NumberInput,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  TextInput,
} from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { type FormEvent, useEffect, useState } from 'react';
import type { AdminEvent, EventBody, EventPatch } from '../../../../contract/admin';
import type { Fold } from '../../../../core/cinema-time';
import { zoneLabel } from '../../../../core/cinema-time';
import { TICKET_FORMATS, type TicketFormat } from '../../../../core/ticket-pricing';
import { type ApiError, isApiError } from '../../../api/client';
import { FormAlert } from '../../../components/FormAlert';
import { fieldErrorsOf } from '../../../lib/fieldErrors';
import { fromDateTimeLocal, repeatedTimeChoice, toCinemaWallTime } from '../../../lib/format';
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

/** A wall time the clocks repeat: the server's two candidates, for the start the admin typed. */
type Repeated = { start: string; candidates: [string, string] };

const choiceLabel = (iso: string, zone: string | undefined, which: 'first' | 'second') =>
  zone ? repeatedTimeChoice(iso, zone, which) : `${iso.slice(11, 16)} (UTC${iso.slice(19)}, ${which})`;

/**
 * A 422 that names no field is about the start time (the server reads it in the cinema's zone):
 * say it under that field, in plain words.
 */
function startProblem(error: ApiError | null, zone: string | undefined): string | undefined {
  if (error?.status !== 422 || error.fieldErrors.length > 0) return undefined;
  const where = zone ? ` in ${zoneLabel(zone)}` : '';
  if (error.code === 'NONEXISTENT_LOCAL_TIME') {
    return `This time does not exist${where} that day: the clocks jump forward an hour (daylight saving starts). Choose another time.`;
  }
  if (error.code === 'AMBIGUOUS_LOCAL_TIME') {
    return `This time happens twice${where} that day: the clocks go back an hour. Choose which one below, then save again.`;
  }
  return error.message;
}

type Props = { opened: boolean; showtime: AdminEvent | null; all: AdminEvent[]; onClose: () => void };

export function ShowtimeFormModal({ opened, showtime, all, onClose }: Props) {
  const movies = useAdminMovies();
  const halls = useAdminHalls();
  const cinemas = useCinemas();
  const save = useSaveShowtime();
  const [draft, setDraft] = useState<Draft>(toDraft(showtime));
  const [missing, setMissing] = useState<{ movie?: string; hall?: string; start?: string; fold?: string }>({});
  const [repeated, setRepeated] = useState<Repeated | null>(null);
  const [fold, setFold] = useState<Fold | null>(null);
  const { reset } = save;
  useEffect(() => {
    if (opened) {
      setDraft(toDraft(showtime));
      setMissing({});
      setRepeated(null);
      setFold(null);
      reset();
    }
  }, [opened, showtime, reset]);

  const error = isApiError(save.error) ? save.error : null;
  const fields = fieldErrorsOf(error);
  const refusal = error && error.status !== 422 ? showtimeRefusal(error, all) : null;
  const locked = showtime?.has_active_bookings ?? false;
  const hallRow = halls.data?.find((h) => String(h.id) === draft.hall);
  const zone = cinemas.data?.find((c) => c.id === hallRow?.cinema_id)?.time_zone ?? showtime?.time_zone;
  // The choice stands while the start is the one the server found twice.
  const choosing = repeated && repeated.start === draft.start ? repeated : null;
  const startError =
    missing.start ??
    fields.start_time ??
    (isApiError(error, 'AMBIGUOUS_LOCAL_TIME') && !choosing ? undefined : startProblem(error, zone));
  const onError = (failure: unknown) => {
    const [first, second] = isApiError(failure, 'AMBIGUOUS_LOCAL_TIME') ? failure.candidates : [];
    if (first && second) {
      setRepeated({ start: draft.start, candidates: [first, second] });
      setFold(null);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // In a hall, the server reads the wall time in the hall's cinema zone; without one (the old
    // generated grid), as an instant.
    const start = draft.hall || showtime?.hall_id ? draft.start || null : fromDateTimeLocal(draft.start);
    const problems = {
      ...(draft.movie ? {} : { movie: 'Choose a movie' }),
      ...(draft.hall || showtime ? {} : { hall: 'Choose a hall' }),
      ...(start ? {} : { start: 'Choose the date and time it starts' }),
      ...(choosing && !fold ? { fold: 'Choose the first or the second' } : {}),
    };
    setMissing(problems);
    if (Object.keys(problems).length > 0 || !start) return;
    const full: EventBody = {
      movie_id: Number(draft.movie),
      start_time: start,
      price: typeof draft.price === 'number' ? draft.price : Number.NaN,
      format: draft.format,
      ...(draft.hall ? { hall_id: Number(draft.hall) } : {}),
      ...(choosing && fold ? { fold } : {}),
    };
    if (!showtime) {
      save.mutate({ id: null, body: full }, { onSuccess: onClose, onError });
      return;
    }
    // Send only what changed: an unchanged hall or start time must not trip the "has bookings" rules.
    const before = toDraft(showtime);
    const patch: EventPatch = {
      ...(draft.movie !== before.movie ? { movie_id: full.movie_id } : {}),
      ...(draft.start !== before.start ? { start_time: full.start_time, ...(full.fold ? { fold: full.fold } : {}) } : {}),
      ...(draft.price !== before.price ? { price: full.price } : {}),
      ...(draft.format !== before.format ? { format: draft.format } : {}),
      ...(draft.hall !== before.hall && full.hall_id !== undefined ? { hall_id: full.hall_id } : {}),
    };
    if (Object.keys(patch).length === 0) onClose();
    else save.mutate({ id: showtime.event_id, body: patch }, { onSuccess: onClose, onError });
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
              error={startError}
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
          {choosing && (
            <Radio.Group
              label={`Which ${choosing.start.slice(11, 16)}?`}
              description="The clocks go back that night, so this time comes twice"
              value={fold}
              onChange={(value) => {
                setFold(value as Fold);
                setMissing({ ...missing, fold: undefined });
              }}
              error={missing.fold}
              withAsterisk
            >
              <Group mt="xs">
                <Radio value="earlier" label={choiceLabel(choosing.candidates[0], zone, 'first')} />
                <Radio value="later" label={choiceLabel(choosing.candidates[1], zone, 'second')} />
              </Group>
            </Radio.Group>
          )}
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
