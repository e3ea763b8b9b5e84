import { ActionIcon, Button, Group, Skeleton, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { Movie } from '../../../../contract/catalogue';
import { EmptyNote, ErrorState } from '../../../components/QueryStates';
import { SideScroll } from '../../../components/SideScroll';
import { errorText } from '../../../lib/fieldErrors';
import { formatDuration } from '../../../lib/format';
import { Poster, smallPoster } from '../../browse/Poster';
import { ConfirmDialog } from '../ConfirmDialog';
import { MovieFormModal } from './MovieFormModal';
import { useAdminMovies } from './useAdminMovies';
import { useDeleteMovie } from './useDeleteMovie';

export function AdminMoviesPage() {
  const movies = useAdminMovies();
  const remove = useDeleteMovie();
  const [editing, setEditing] = useState<Movie | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [deleting, setDeleting] = useState<Movie | null>(null);

  const openForm = (movie: Movie | null) => {
    setEditing(movie);
    setFormOpen(true);
  };
  const closeDelete = () => {
    setDeleting(null);
    remove.reset();
  };

  return (
    <>
      <Group justify="space-between" mb="md">
        <Text c="dimmed">{movies.data ? `${movies.data.length} movies` : ' '}</Text>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => openForm(null)}>
          Add movie
        </Button>
      </Group>
      {movies.isPending && <Skeleton h={240} radius="lg" />}
      {movies.isError && <ErrorState title="Could not load movies" error={movies.error} onRetry={() => void movies.refetch()} />}
      {movies.data?.length === 0 && (
        <EmptyNote title="No movies yet" description="Add the first film to start scheduling showtimes." />
      )}
      {movies.data && movies.data.length > 0 && (
        <SideScroll label="Movies table" minWidth={720}>
          <Table verticalSpacing="sm" highlightOnHover aria-label="Movies">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={56}>Poster</Table.Th>
                <Table.Th>Title</Table.Th>
                <Table.Th>Genre</Table.Th>
                <Table.Th>Duration</Table.Th>
                <Table.Th>Rating</Table.Th>
                <Table.Th>Release</Table.Th>
                <Table.Th w={96}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {movies.data.map((movie) => (
                <Table.Tr key={movie.id}>
                  <Table.Td>
                    <Poster url={smallPoster(movie)} title={movie.title} width={36} />
                  </Table.Td>
                  <Table.Td fw={600}>{movie.title}</Table.Td>
                  <Table.Td>{movie.genre ?? '—'}</Table.Td>
                  <Table.Td>{formatDuration(movie.duration_minutes) ?? '—'}</Table.Td>
                  <Table.Td>{movie.rating ?? '—'}</Table.Td>
                  <Table.Td>{movie.release_date ?? '—'}</Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        aria-label={`Edit ${movie.title}`}
                        onClick={() => openForm(movie)}
                      >
                        <IconPencil size={18} />
                      </ActionIcon>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Delete ${movie.title}`}
                        onClick={() => setDeleting(movie)}
                      >
                        <IconTrash size={18} />
                      </ActionIcon>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </SideScroll>
      )}
      <MovieFormModal opened={formOpen} movie={editing} onClose={() => setFormOpen(false)} />
      <ConfirmDialog
        opened={deleting !== null}
        title="Delete this movie?"
        confirmLabel="Delete movie"
        busy={remove.isPending}
        error={remove.error ? errorText(remove.error) : null}
        onClose={closeDelete}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: closeDelete })}
      >
        “{deleting?.title}” and all of its showtimes will be deleted. Movies with active bookings cannot be deleted.
      </ConfirmDialog>
    </>
  );
}
