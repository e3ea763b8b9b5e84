import { Anchor, Badge, Button, Container, Group, Skeleton, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconArrowLeft, IconExternalLink, IconMovieOff } from '@tabler/icons-react';
import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api/client';
import { PlainSelect } from '../../components/PlainSelect';
import { EmptyNote, ErrorState } from '../../components/QueryStates';
import { formatDayKey, formatDuration } from '../../lib/format';
import { dayLabel, groupByDay } from '../browse/groupShowtimes';
import { Poster } from '../browse/Poster';
import { ShowtimeButton } from '../browse/ShowtimeButton';
import { useChosenCinema } from '../browse/useChosenCinema';
import { useCinemas } from '../browse/useCinemas';
import classes from './FilmPage.module.css';
import { type Film, useFilm } from './useFilm';

function Facts({ film }: { film: Film }) {
  const duration = formatDuration(film.duration_minutes);
  const rows: [string, string | null][] = [
    ['Director', film.director],
    ['Running time', duration],
    ['Rating', film.rating ? (film.rating_system ? `${film.rating_system} ${film.rating}` : film.rating) : null],
    ['Genre', film.genre],
    ['Language', film.language],
    ['Subtitles', film.subtitles],
    ['Release date', film.release_date ? formatDayKey(film.release_date, true) : null],
  ];
  const shown = rows.filter((row): row is [string, string] => Boolean(row[1]));
  if (shown.length === 0) return null;
  return (
    <dl className={classes.facts}>
      {shown.map(([label, value]) => (
        <div key={label} style={{ display: 'contents' }}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Showtimes({ film }: { film: Film }) {
  const cinemas = useCinemas();
  const [cinemaId, chooseCinema] = useChosenCinema(cinemas.data);
  const showtimes = film.showtimes.filter((s) => cinemaId === null || s.cinema_id === cinemaId);
  const days = groupByDay(showtimes);
  const cinemaName = cinemas.data?.find((c) => c.id === cinemaId)?.name;
  return (
    <Stack gap="sm" component="section" aria-labelledby="film-showtimes">
      <Title order={2} fz="xl" id="film-showtimes">
        Showtimes{cinemaName ? ` at ${cinemaName}` : ''}
      </Title>
      {cinemas.data && cinemas.data.length > 1 && cinemaId !== null && (
        <PlainSelect
          label="Cinema"
          data={cinemas.data.map((c) => ({ value: String(c.id), label: c.name }))}
          value={String(cinemaId)}
          onChange={(value) => chooseCinema(Number(value))}
          style={{ maxWidth: 320 }}
        />
      )}
      {days.length === 0 ? (
        <Text c="dimmed" fs="italic">
          {film.coming_soon ? 'Coming soon: no showtimes yet.' : 'No upcoming showtimes at this cinema.'}
        </Text>
      ) : (
        days.map((group) => (
          <div key={group.day} className={classes.day}>
            <Text size="sm" tt="uppercase" fw={700} c="dimmed" component="h3" className={classes.dayLabel}>
              {dayLabel(group.day)}
            </Text>
            <Group gap={6}>
              {group.showtimes.map((showtime) => (
                <ShowtimeButton key={showtime.event_id} showtime={showtime} />
              ))}
            </Group>
          </div>
        ))
      )}
    </Stack>
  );
}

export function FilmPage() {
  const movieId = Number(useParams().movieId);
  const film = useFilm(movieId);

  useEffect(() => {
    if (film.data) document.title = `${film.data.title} · bookmemovie`;
  }, [film.data]);

  if (!Number.isSafeInteger(movieId) || movieId <= 0 || isApiError(film.error, 'MOVIE_NOT_FOUND')) {
    return (
      <Container size="sm" py="xl">
        <EmptyNote
          order={1}
          icon={<IconMovieOff aria-hidden />}
          title="This film is not on our programme"
          description="It may have been removed, or the address is mistyped."
          action={
            <Button component={Link} to="/">
              See what's on
            </Button>
          }
        />
      </Container>
    );
  }

  return (
    <Container size="lg" py="lg">
      <Stack gap="lg">
        <Anchor component={Link} to="/" size="sm">
          <Group gap={4}>
            <IconArrowLeft size={16} aria-hidden /> All films
          </Group>
        </Anchor>
        {film.isError && <ErrorState title="Could not load this film" error={film.error} onRetry={() => void film.refetch()} />}
        {film.isPending && (
          <Stack role="status" aria-label="Loading the film">
            <Skeleton h={40} w={320} />
            <Skeleton h={300} />
          </Stack>
        )}
        {film.data && (
          <div className={classes.layout}>
            <Poster url={film.data.poster_url} title={film.data.title} width={300} phoneWidth={180} />
            <Stack gap="md">
              <div>
                <Title order={1} fz={{ base: 28, sm: 36 }}>
                  {film.data.title}
                </Title>
                {film.data.coming_soon && (
                  <Badge color="yellow" variant="light" mt={6}>
                    {film.data.release_date ? `Coming soon · ${formatDayKey(film.data.release_date, true)}` : 'Coming soon'}
                  </Badge>
                )}
              </div>
              {film.data.description && <Text style={{ whiteSpace: 'pre-line' }}>{film.data.description}</Text>}
              <Facts film={film.data} />
              {film.data.cast.length > 0 && (
                <section aria-labelledby="film-cast">
                  <Title order={2} fz="lg" id="film-cast" mb={4}>
                    Cast
                  </Title>
                  <Text>{film.data.cast.join(', ')}</Text>
                </section>
              )}
              {film.data.trailer_url && (
                <Anchor href={film.data.trailer_url} target="_blank" rel="noopener noreferrer">
                  <Group gap={4} component="span">
                    Watch the trailer <IconExternalLink size={16} aria-hidden />
                    <VisuallyHidden> (opens in a new tab)</VisuallyHidden>
                  </Group>
                </Anchor>
              )}
              <Showtimes film={film.data} />
            </Stack>
          </div>
        )}
      </Stack>
    </Container>
  );
}
