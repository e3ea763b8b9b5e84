import { Anchor, Container, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconCalendarOff } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router';
import { PlainSelect } from '../../components/PlainSelect';
import { EmptyNote, ErrorState } from '../../components/QueryStates';
import { localDayKey, showtimeDayKey } from '../../lib/format';
import { useSetupStatus } from '../auth/useSetupStatus';
import { BrowseFilters } from './BrowseFilters';
import { ComingSoon } from './ComingSoon';
import { groupByDay } from './groupShowtimes';
import { MovieCard } from './MovieCard';
import { useChosenCinema } from './useChosenCinema';
import { useCinemas } from './useCinemas';
import { useEvents } from './useEvents';
import { useMovies } from './useMovies';

export function BrowsePage() {
  const [params, setParams] = useSearchParams();
  const cinemas = useCinemas();
  const [cinemaId, chooseCinema] = useChosenCinema(cinemas.data);
  // Wait for the list of cinemas: with several, the first request must already be for one of them.
  const events = useEvents(cinemaId, !cinemas.isPending);
  const movies = useMovies();
  const setup = useSetupStatus();
  const movieId = params.get('movie');
  const all = events.data ?? [];
  const days = groupByDay(all).map((g) => g.day);
  // One day at a time keeps the page short: today, or the first day with shows; ?day=all for everything.
  const today = localDayKey(new Date());
  const chosen = params.get('day');
  const day = chosen === 'all' ? null : (chosen ?? (days.includes(today) ? today : (days[0] ?? null)));

  const setFilter = (key: 'day' | 'movie', value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const visible = all.filter((e) => (!day || showtimeDayKey(e) === day) && (!movieId || String(e.movie_id) === movieId));
  const filtering = Boolean(day || movieId);
  const cards = (movies.data ?? [])
    .map((movie) => ({ movie, showtimes: visible.filter((e) => e.movie_id === movie.id) }))
    .filter((c) => (movieId ? String(c.movie.id) === movieId : true))
    .filter((c) => c.showtimes.length > 0 || !filtering)
    .sort((a, b) => {
      const first = (list: typeof visible) => (list[0] ? Date.parse(list[0].start_time) : Number.POSITIVE_INFINITY);
      return first(a.showtimes) - first(b.showtimes) || a.movie.title.localeCompare(b.movie.title);
    });

  return (
    <Container size="lg" py="lg">
      <Stack gap="lg">
        <div>
          <Title order={1}>Now showing</Title>
          <Text c="dimmed">Pick a showtime, choose your seats, and you are in.</Text>
        </div>
        {cinemas.data && cinemas.data.length > 1 && cinemaId !== null && (
          <PlainSelect
            label="Cinema"
            data={cinemas.data.map((c) => ({ value: String(c.id), label: c.name }))}
            value={String(cinemaId)}
            onChange={(value) => chooseCinema(Number(value))}
            style={{ maxWidth: 320 }}
          />
        )}
        <BrowseFilters
          days={days}
          movies={movies.data ?? []}
          day={day}
          movieId={movieId}
          onDay={(value) => setFilter('day', value ?? 'all')}
          onMovie={(value) => setFilter('movie', value)}
        />
        {(events.isError || movies.isError) && (
          <ErrorState
            title="Could not load the programme"
            error={events.error ?? movies.error}
            onRetry={() => {
              void events.refetch();
              void movies.refetch();
            }}
          />
        )}
        {(events.isPending || movies.isPending) && !events.isError && !movies.isError && (
          <Stack aria-label="Loading showtimes" role="status">
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} h={220} radius="lg" />
            ))}
          </Stack>
        )}
        {events.isSuccess && movies.isSuccess && cards.length === 0 && (
          <EmptyNote
            icon={<IconCalendarOff aria-hidden />}
            title={filtering ? 'No showtimes match these filters' : 'Nothing on the programme yet'}
            description={
              filtering ? (
                <Anchor component={Link} to="/">
                  Clear the filters
                </Anchor>
              ) : setup.data?.admin_exists === false ? (
                <>
                  Staff: start with the{' '}
                  <Anchor component={Link} to="/sign-in?tab=setup">
                    first-time admin set-up
                  </Anchor>
                  .
                </>
              ) : (
                'New showtimes are added every week. Check back soon.'
              )
            }
          />
        )}
        {/* Without the showtimes, a film's card would wrongly say it has none. */}
        {events.isSuccess &&
          movies.isSuccess &&
          cards.map(({ movie, showtimes }) => <MovieCard key={movie.id} movie={movie} showtimes={showtimes} />)}
        {movies.isSuccess && !movieId && <ComingSoon movies={movies.data} />}
      </Stack>
    </Container>
  );
}
