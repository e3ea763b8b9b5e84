import { Chip, Group } from '@mantine/core';
import type { Movie } from '../../../contract/catalogue';
import { PlainSelect } from '../../components/PlainSelect';
import classes from './BrowseFilters.module.css';
import { dayLabel } from './groupShowtimes';

type Props = {
  days: string[];
  movies: Movie[];
  day: string | null;
  movieId: string | null;
  onDay: (day: string | null) => void;
  onMovie: (movieId: string | null) => void;
};

export function BrowseFilters({ days, movies, day, movieId, onDay, onMovie }: Props) {
  return (
    <Group justify="space-between" align="flex-end" gap="md" wrap="wrap">
      <div style={{ flex: '1 1 320px', minWidth: 0 }}>
        <Chip.Group value={day ?? 'all'} onChange={(value) => onDay(value === 'all' ? null : String(value))}>
          {/* One line that scrolls sideways, not chips wrapping onto two or three lines. */}
          <Group gap={6} role="group" aria-label="Filter by day" wrap="nowrap" className={classes.strip}>
            {days.map((d) => (
              <Chip key={d} value={d} variant="outline" className={classes.chip}>
                {dayLabel(d)}
              </Chip>
            ))}
            <Chip value="all" variant="outline" className={classes.chip}>
              All days
            </Chip>
          </Group>
        </Chip.Group>
      </div>
      {/* The phone's own picker, and no popover code on the first visit. */}
      <PlainSelect
        label="Movie"
        data={[{ value: '', label: 'All movies' }, ...movies.map((m) => ({ value: String(m.id), label: m.title }))]}
        value={movieId ?? ''}
        onChange={(value) => onMovie(value || null)}
        className={classes.movie}
      />
    </Group>
  );
}
