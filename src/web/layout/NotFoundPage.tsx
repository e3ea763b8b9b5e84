import { Button, Container } from '@mantine/core';
import { IconMovieOff } from '@tabler/icons-react';
import { Link } from 'react-router';
import { EmptyNote } from '../components/QueryStates';

export function NotFoundPage() {
  return (
    <Container size="sm" py="xl">
      <EmptyNote
        order={1}
        icon={<IconMovieOff aria-hidden />}
        title="This page is not showing"
        description="The address may be mistyped, or the page has moved."
        action={
          <Button component={Link} to="/">
            See what's on
          </Button>
        }
      />
    </Container>
  );
}
