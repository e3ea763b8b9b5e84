import { Badge, Card, Group, Text, Title } from '@mantine/core';
import { IconClock } from '@tabler/icons-react';
import type { EventSummary, Movie } from '../../../contract/catalogue';
import { FilmLink } from '../../components/FilmLink';
import { formatDuration } from '../../lib/format';
import { dayLabel, groupByDay } from './groupShowtimes';
import classes from './MovieCard.module.css';
import { Poster, smallPoster } from './Poster';
import { ShowtimeButton } from './ShowtimeButton';

export function MovieCard({ movie, showtimes }: { movie: Movie; showtimes: EventSummary[] }) {
  const days = groupByDay(showtimes);
  const duration = formatDuration(movie.duration_minutes);
  return (
    <Card withBorder radius="lg" p="md" className={classes.card} component="article" aria-labelledby={`movie-${movie.id}`}>
      <div className={classes.layout}>
        <div className={classes.poster}>
          <Poster url={smallPoster(movie)} title={movie.title} width={132} phoneWidth={88} />
        </div>
        <div className={classes.info}>
          <Title order={2} fz={{ base: 'lg', sm: 'xl' }} id={`movie-${movie.id}`} mb={6}>
            <FilmLink movieId={movie.id} title={movie.title} />
          </Title>
          <Group gap={6} mb={6}>
            {movie.rating && (
              <Badge variant="outline" color="gray" radius="sm" aria-label={`Rated ${movie.rating}`}>
                {movie.rating}
              </Badge>
            )}
            {movie.genre && (
              <Badge variant="outline" color="yellow" radius="sm">
                {movie.genre}
              </Badge>
            )}
            {duration && (
              <Group gap={4} c="dimmed">
                <IconClock size={14} aria-hidden />
                <Text size="sm">{duration}</Text>
              </Group>
            )}
          </Group>
          {movie.description && (
            <Text size="sm" c="dimmed" lineClamp={3}>
              {movie.description}
            </Text>
          )}
        </div>
        <div className={classes.times}>
          {days.length === 0 ? (
            <Text size="sm" c="dimmed" fs="italic">
              No upcoming showtimes yet.
            </Text>
          ) : (
            days.map((group) => (
              <div key={group.day} className={classes.day}>
                <Text size="xs" tt="uppercase" fw={700} c="dimmed" component="h3" className={classes.dayLabel}>
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
        </div>
      </div>
    </Card>
  );
}
