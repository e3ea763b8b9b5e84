import {
  Alert,
  Button,
  Checkbox,
  Group,
  Modal,
  MultiSelect,
  NativeSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import type { ScheduleRunBody, ScheduleRunResult } from '../../../../contract/cinemas';
import type { Fold } from '../../../../core/cinema-time';
import { WEEKDAYS, type Weekday } from '../../../../core/schedule-run';
import { isApiError } from '../../../api/client';
import { FormAlert } from '../../../components/FormAlert';
import { SideScroll } from '../../../components/SideScroll';
import { errorText, fieldErrorsOf } from '../../../lib/fieldErrors';
import { formatDayKey } from '../../../lib/format';
import { useAdminHalls } from '../halls/useAdminHalls';
import { useAdminMovies } from '../movies/useAdminMovies';
import { useScheduleRun } from './useScheduleRun';

const DAY_NAMES: Record<Weekday, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };

type Conflict = ScheduleRunResult['showtimes'][number]['conflicts'][number];

function conflictText(c: Conflict): string {
  switch (c.type) {
    case 'overlap':
      return `Hall busy (showtime ${c.event_id}, cleaning included)`;
    case 'overlap_in_run':
      return 'Overlaps another showtime of this run';
    case 'hall_closed':
      return 'Hall deleted';
    case 'in_past':
      return 'Already past';
    case 'nonexistent_local_time':
      return 'The clocks skip this time that day (daylight saving)';
    case 'ambiguous_local_time':
      return 'This time happens twice that day (clocks go back): choose the first or the second under “When a time happens twice”';
  }
}

export type RunDraft = Draft;

type Draft = {
  movie: string | null;
  halls: string[];
  from: string;
  to: string;
  weekdays: Weekday[];
  times: string;
  price: number | string;
  /** For a wall time the clocks repeat (the night they go back): the first or the second; none refuses it. */
  fold: Fold | '';
};
const EMPTY: Draft = { movie: null, halls: [], from: '', to: '', weekdays: ['fri', 'sat'], times: '19:30', price: 12, fold: '' };

type Props = {
  opened: boolean;
  onClose: () => void;
  /** Fields filled in when the form opens (the planner passes its cinema's halls, week or clicked slot). */
  prefill?: Partial<Draft>;
  /** Offer only this cinema's halls. */
  cinemaId?: number;
};

/** A film in some halls on chosen weekdays and times: preview the run with its conflicts, then create it. */
export function ScheduleRunModal({ opened, onClose, prefill, cinemaId }: Props) {
  const movies = useAdminMovies();
  const halls = useAdminHalls();
  const run = useScheduleRun();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [preview, setPreview] = useState<ScheduleRunResult | null>(null);
  const { reset } = run;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the prefill is read as the form opens, not as it changes behind it
  useEffect(() => {
    if (opened) {
      setDraft({ ...EMPTY, ...prefill });
      setPreview(null);
      reset();
    }
  }, [opened, reset]);

  const body = (dryRun: boolean): ScheduleRunBody => ({
    movie_id: Number(draft.movie),
    hall_ids: draft.halls.map(Number),
    from_date: draft.from,
    to_date: draft.to,
    weekdays: draft.weekdays,
    times: draft.times
      .split(/[\s,]+/)
      .map((t) => t.trim())
      .filter(Boolean),
    price: typeof draft.price === 'number' ? draft.price : Number.NaN,
    ...(draft.fold ? { fold: draft.fold } : {}),
    dry_run: dryRun,
  });
  const change = (next: Partial<Draft>) => {
    setDraft({ ...draft, ...next });
    setPreview(null);
  };

  const previewRun = (event?: FormEvent) => {
    event?.preventDefault();
    run.mutate(body(true), { onSuccess: setPreview });
  };
  const create = () =>
    run.mutate(body(false), {
      onSuccess: onClose,
      // Something changed since the preview: show the run again with what conflicts now.
      onError: (error) => {
        if (isApiError(error, 'SCHEDULE_CONFLICT')) run.mutate(body(true), { onSuccess: setPreview });
      },
    });

  const error = isApiError(run.error) ? run.error : null;
  const fields = fieldErrorsOf(error);
  const clean = preview !== null && preview.conflict_count === 0;
  const repeats = preview?.showtimes.some((s) => s.conflicts.some((c) => c.type === 'ambiguous_local_time')) ?? false;

  return (
    <Modal opened={opened} onClose={onClose} title="Schedule a run" size="xl">
      <form onSubmit={previewRun} noValidate aria-label="Schedule a run">
        <Stack>
          <Text size="sm" c="dimmed">
            Dates and times are each hall's cinema local time. Up to 92 days and 500 showtimes; nothing is created unless every
            showtime fits.
          </Text>
          <FormAlert title="Not scheduled" message={error && error.status !== 422 ? errorText(error) : null} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label="Movie"
              placeholder="Choose a movie"
              data={(movies.data ?? []).map((m) => ({ value: String(m.id), label: m.title }))}
              value={draft.movie}
              onChange={(movie) => change({ movie })}
              error={fields.movie_id}
              searchable
              withAsterisk
            />
            <MultiSelect
              label="Halls"
              placeholder="Choose halls"
              data={(halls.data ?? [])
                .filter((h) => cinemaId === undefined || h.cinema_id === cinemaId)
                .map((h) => ({ value: String(h.id), label: h.name }))}
              value={draft.halls}
              onChange={(ids) => change({ halls: ids })}
              error={fields.hall_ids}
              withAsterisk
            />
            <TextInput
              label="From"
              type="date"
              value={draft.from}
              onChange={(e) => change({ from: e.currentTarget.value })}
              error={fields.from_date}
              withAsterisk
            />
            <TextInput
              label="To (included)"
              type="date"
              value={draft.to}
              onChange={(e) => change({ to: e.currentTarget.value })}
              error={fields.to_date}
              withAsterisk
            />
          </SimpleGrid>
          <Checkbox.Group
            label="Weekdays"
            value={draft.weekdays}
            onChange={(days) => change({ weekdays: days as Weekday[] })}
            error={fields.weekdays}
          >
            <Group gap="sm" mt={4}>
              {WEEKDAYS.map((d) => (
                <Checkbox key={d} value={d} label={DAY_NAMES[d]} />
              ))}
            </Group>
          </Checkbox.Group>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label="Times"
              description="Local times, separated by commas: 14:00, 19:30"
              value={draft.times}
              onChange={(e) => change({ times: e.currentTarget.value })}
              error={fields.times ?? Object.entries(fields).find(([k]) => k.startsWith('times/'))?.[1]}
              withAsterisk
            />
            <NumberInput
              label="Base price"
              min={0}
              decimalScale={2}
              value={draft.price}
              onChange={(price) => change({ price })}
              error={fields.price}
              withAsterisk
            />
          </SimpleGrid>
          {(repeats || draft.fold !== '') && (
            <NativeSelect
              label="When a time happens twice"
              description="The night the clocks go back, a time between the change and an hour before it comes twice"
              data={[
                { value: '', label: 'Refuse it (list it as a conflict)' },
                { value: 'earlier', label: 'Use the first (before the clocks go back)' },
                { value: 'later', label: 'Use the second (after the clocks go back)' },
              ]}
              value={draft.fold}
              onChange={(e) => change({ fold: e.currentTarget.value as Fold | '' })}
              error={fields.fold}
            />
          )}
          {fields[''] && <Alert color="red">{fields['']}</Alert>}
          {preview && (
            <Stack gap="xs" aria-live="polite">
              <Alert color={clean ? 'teal' : 'yellow'} title={clean ? 'Ready' : 'Conflicts'}>
                {clean
                  ? `${preview.count} showtimes can be created.`
                  : `${preview.conflict_count} of ${preview.count} showtimes conflict; change the run and preview again.`}
              </Alert>
              <SideScroll label="Showtimes of the run" minWidth={560}>
                <Table aria-label="Showtimes of the run" verticalSpacing={4}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Day</Table.Th>
                      <Table.Th>Time</Table.Th>
                      <Table.Th>Hall</Table.Th>
                      <Table.Th>Conflict</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {preview.showtimes.map((s) => (
                      <Table.Tr key={`${s.hall_id}-${s.local_date}-${s.local_time}`}>
                        <Table.Td>{formatDayKey(s.local_date)}</Table.Td>
                        <Table.Td>{s.local_time}</Table.Td>
                        <Table.Td>{s.hall}</Table.Td>
                        <Table.Td>{s.conflicts.length === 0 ? 'None' : s.conflicts.map(conflictText).join('; ')}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </SideScroll>
            </Stack>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" variant={clean ? 'default' : 'filled'} loading={run.isPending && !clean}>
              Preview
            </Button>
            <Button onClick={create} disabled={!clean} loading={run.isPending && clean}>
              {clean ? `Create ${preview.count} showtimes` : 'Create'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
