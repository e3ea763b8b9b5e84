import { Anchor, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { Movie } from '../../../contract/catalogue';
import { formatDayKey } from '../../lib/format';
import { Poster, smallPoster } from './Poster';

/** Films released later or without showtimes yet, each leading to its page. */
export function ComingSoon({ movies }: { movies: Movie[] }) {
  const soon = movies
    .filter((m) => m.coming_soon)
    .sort((a, b) => (a.release_date ?? '9999').localeCompare(b.release_date ?? '9999') || a.title.localeCompare(b.title));
  if (soon.length === 0) return null;
  return (
    <Stack gap="sm" component="section" aria-labelledby="coming-soon">
      <Title order={2} fz="xl" id="coming-soon">
        Coming soon
      </Title>
      <Group component="ul" gap="md" align="flex-start" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {soon.map((movie) => (
          <li key={movie.id} style={{ width: 120 }}>
            <Anchor component={Link} to={`/movies/${movie.id}`} c="inherit" underline="hover">
              {/* The title names the link; the poster beside it would only repeat it. */}
              <div aria-hidden>
                <Poster url={smallPoster(movie)} title={movie.title} width={120} />
              </div>
              <Text fw={700} size="sm" mt={4} style={{ overflowWrap: 'anywhere' }}>
                {movie.title}
              </Text>
            </Anchor>
            {movie.release_date && (
              <Text size="xs" c="dimmed">
                {formatDayKey(movie.release_date)}
              </Text>
            )}
          </li>
        ))}
      </Group>
    </Stack>
  );
}
