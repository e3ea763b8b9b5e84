import { Anchor } from '@mantine/core';
import { Link } from 'react-router';

/** A film's title wherever customers read it, leading to the film's page. */
export function FilmLink({ movieId, title }: { movieId: number; title: string }) {
  return (
    <Anchor component={Link} to={`/movies/${movieId}`} c="inherit" underline="hover" inherit>
      {title}
    </Anchor>
  );
}
