import { Button, Group, NativeSelect, Skeleton, Stack, Tabs, Text } from '@mantine/core';
import { IconCalendarPlus, IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { AdminEvent, WeekPlan } from '../../../../contract/admin';
import { businessDate, isoWeekday, parseClockTime, parseLocalDate } from '../../../../core/cinema-time';
import { WEEKDAYS } from '../../../../core/schedule-run';
import { dayLabel, plannerDay, shiftDate, weekDates, weekStartOf } from '../../../../core/week-planner';
import { EmptyNote, ErrorState } from '../../../components/QueryStates';
import { useCinemas } from '../../browse/useCinemas';
import { useAdminMovies } from '../movies/useAdminMovies';
import { type RunDraft, ScheduleRunModal } from '../showtimes/ScheduleRunModal';
import { ShowtimeFormModal } from '../showtimes/ShowtimeFormModal';
import { PlannerDayGrid } from './PlannerDayGrid';
import classes from './PlannerGrid.module.css';
import { useWeekPlan } from './useWeekPlan';

type Hall = WeekPlan['halls'][number];

const weekdayOf = (date: string) => {
  const d = parseLocalDate(date);
  return WEEKDAYS[(d ? isoWeekday(d) : 1) - 1] ?? 'mon';
};

/**
 * The week planner: one cinema's week in its own local dates, a day at a time (halls as rows,
 * hours as columns), showtimes as blocks with their cleaning break; runs are planned from here.
 */
export function WeekPlannerPage() {
  const cinemas = useCinemas();
  const movies = useAdminMovies();
  const [params, setParams] = useSearchParams();
  const cinema = cinemas.data?.find((c) => String(c.id) === params.get('cinema')) ?? cinemas.data?.[0] ?? null;
  const zone = cinema?.time_zone ?? 'UTC';
  const today = businessDate(Date.now(), zone);
  const weekStart = weekStartOf(params.get('week') ?? '') ?? (weekStartOf(today) as string);
  const dates = weekDates(weekStart);
  const chosenDay = params.get('day');
  const day = chosenDay && dates.includes(chosenDay) ? chosenDay : dates.includes(today) ? today : (dates[0] as string);
  const film = params.get('film') ?? '';
  const hallFilter = params.get('hall') ?? '';
  const plan = useWeekPlan(cinema?.id ?? null, weekStart);
  const [editing, setEditing] = useState<AdminEvent | null>(null);
  const [editOpen, setEditOpen] = useState(false);
  const [run, setRun] = useState<Partial<RunDraft> | null>(null);

  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === '') next.delete(key);
      else next.set(key, value);
    }
    setParams(next, { replace: true });
  };
  const moveWeek = (days: number) => set({ week: shiftDate(weekStart, days), day: null });

  const halls = (plan.data?.halls ?? []).filter((h) => hallFilter === '' || String(h.id) === hallFilter);
  const shown = (plan.data?.showtimes ?? []).filter(
    (s) => (film === '' || String(s.movie_id) === film) && (hallFilter === '' || String(s.hall_id) === hallFilter),
  );
  const planned = plannerDay(day, zone, parseClockTime(plan.data?.business_day_start ?? '') ?? undefined);
  const firstOpen = dates.find((d) => d >= today);

  const planRun = (hall?: Hall, time?: string) => {
    const hallIds = hall ? [hall] : halls;
    setRun({
      halls: hallIds.map((h) => String(h.id)),
      from: hall ? day : (firstOpen ?? weekStart),
      to: hall ? day : (dates[dates.length - 1] as string),
      ...(hall ? { weekdays: [weekdayOf(day)] } : {}),
      ...(time ? { times: time } : {}),
      ...(film ? { movie: film } : {}),
    });
  };

  return (
    <Stack gap="md">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <NativeSelect
          label="Cinema"
          data={(cinemas.data ?? []).map((c) => ({ value: String(c.id), label: c.name }))}
          value={cinema ? String(cinema.id) : ''}
          onChange={(e) => set({ cinema: e.currentTarget.value, hall: null })}
        />
        <NativeSelect
          label="Film"
          data={[{ value: '', label: 'All films' }, ...(movies.data ?? []).map((m) => ({ value: String(m.id), label: m.title }))]}
          value={film}
          onChange={(e) => set({ film: e.currentTarget.value })}
        />
        <NativeSelect
          label="Hall"
          data={[
            { value: '', label: 'All halls' },
            ...(plan.data?.halls ?? []).map((h) => ({ value: String(h.id), label: h.name })),
          ]}
          value={hallFilter}
          onChange={(e) => set({ hall: e.currentTarget.value })}
        />
        <Button leftSection={<IconCalendarPlus size={16} aria-hidden />} onClick={() => planRun()} disabled={!plan.data}>
          Create a run
        </Button>
      </Group>
      <Group gap="xs" wrap="wrap" role="group" aria-label="Week">
        <Button variant="default" size="sm" leftSection={<IconChevronLeft size={16} aria-hidden />} onClick={() => moveWeek(-7)}>
          Previous week
        </Button>
        <Text fw={600} aria-live="polite" data-testid="planner-week">
          {dayLabel(weekStart)} – {dayLabel(dates[dates.length - 1] as string)}
          {cinema ? ` · ${cinema.name} local dates (${zone})` : ''}
        </Text>
        <Button variant="default" size="sm" rightSection={<IconChevronRight size={16} aria-hidden />} onClick={() => moveWeek(7)}>
          Next week
        </Button>
        {!dates.includes(today) && (
          <Button variant="subtle" size="sm" onClick={() => set({ week: null, day: null })}>
            This week
          </Button>
        )}
      </Group>
      <Tabs value={day} onChange={(value) => value && set({ day: value })} keepMounted={false}>
        <Tabs.List aria-label="Days of the week">
          {dates.map((d) => {
            const count = shown.filter((s) => s.business_date === d).length;
            return (
              <Tabs.Tab key={d} value={d} aria-label={`${dayLabel(d)}, ${count} showtime${count === 1 ? '' : 's'}`}>
                {dayLabel(d)} ({count})
              </Tabs.Tab>
            );
          })}
        </Tabs.List>
        <Tabs.Panel value={day} pt="md">
          <Group gap="md" mb="xs" wrap="wrap">
            <Text size="sm">
              <span className={`${classes.swatch} ${classes.swatchFilm}`} aria-hidden /> Film
            </Text>
            <Text size="sm">
              <span className={`${classes.swatch} ${classes.swatchCleaning}`} aria-hidden /> Hatched: cleaning break (
              {plan.data?.cleaning_buffer_minutes ?? '…'} min)
            </Text>
            <Text size="sm" c="dimmed">
              The day runs from {plan.data?.business_day_start ?? '04:00'} to the same time next morning; shows after midnight
              belong to it.
            </Text>
          </Group>
          {plan.isPending && <Skeleton h={200} radius="md" />}
          {plan.isError && <ErrorState title="Could not load the week" error={plan.error} onRetry={() => void plan.refetch()} />}
          {plan.data && halls.length === 0 && (
            <EmptyNote title="No halls in this cinema" description="Add a hall to this cinema to plan its shows." />
          )}
          {plan.data && planned && halls.length > 0 && (
            <PlannerDayGrid
              day={planned}
              timeZone={zone}
              halls={halls}
              showtimes={shown.filter((s) => s.business_date === day)}
              bufferMinutes={plan.data.cleaning_buffer_minutes}
              onOpen={(showtime) => {
                setEditing(showtime);
                setEditOpen(true);
              }}
              onPlan={planRun}
            />
          )}
        </Tabs.Panel>
      </Tabs>
      <ScheduleRunModal
        opened={run !== null}
        onClose={() => setRun(null)}
        prefill={run ?? undefined}
        {...(cinema ? { cinemaId: cinema.id } : {})}
      />
      <ShowtimeFormModal
        opened={editOpen}
        showtime={editing}
        all={plan.data?.showtimes ?? []}
        onClose={() => setEditOpen(false)}
      />
    </Stack>
  );
}
