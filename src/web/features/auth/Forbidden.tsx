import { Button, Container } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { Link } from 'react-router';
import { EmptyNote } from '../../components/QueryStates';

export function Forbidden({ need = 'The admin screens need an admin account.' }: { need?: string }) {
  return (
    <Container size="sm" py="xl">
      <EmptyNote
        order={1}
        icon={<IconLock aria-hidden />}
        title="This area is for cinema staff"
        description={`You are signed in without access to this screen. ${need}`}
        action={
          <Button component={Link} to="/">
            Back to showtimes
          </Button>
        }
      />
    </Container>
  );
}
