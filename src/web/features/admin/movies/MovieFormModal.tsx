import { Button, Group, Modal, NumberInput, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import type { MovieBody } from '../../../../contract/admin';
import type { Movie } from '../../../../contract/catalogue';
import { isApiError } from '../../../api/client';
import { FormAlert } from '../../../components/FormAlert';
import { fieldErrorsOf, unplacedErrors } from '../../../lib/fieldErrors';
import { useSaveMovie } from './useSaveMovie';

type Draft = {
  title: string;
  description: string;
  duration: number | string;
  genre: string;
  rating: string;
  poster: string;
  release: string;
};

const toDraft = (m: Movie | null): Draft => ({
  title: m?.title ?? '',
  description: m?.description ?? '',
  duration: m?.duration_minutes ?? '',
  genre: m?.genre ?? '',
  rating: m?.rating ?? '',
  poster: m?.poster_url ?? '',
  release: m?.release_date ?? '',
});

// Empty optional fields are sent as null so clearing a field in the form clears it on the server.
const orNull = (text: string) => (text.trim() === '' ? null : text.trim());

function toBody(d: Draft): MovieBody {
  return {
    title: d.title.trim(),
    description: orNull(d.description),
    duration_minutes: typeof d.duration === 'number' ? d.duration : null,
    genre: orNull(d.genre),
    rating: orNull(d.rating),
    poster_url: orNull(d.poster),
    release_date: orNull(d.release),
  };
}

/** Add (movie === null) or edit a movie. */
export function MovieFormModal({ opened, movie, onClose }: { opened: boolean; movie: Movie | null; onClose: () => void }) {
  const [draft, setDraft] = useState<Draft>(toDraft(movie));
  const save = useSaveMovie();
  const { reset } = save;
  useEffect(() => {
    if (opened) {
      setDraft(toDraft(movie));
      reset();
    }
  }, [opened, movie, reset]);

  const error = isApiError(save.error) ? save.error : null;
  const fields = fieldErrorsOf(error);
  const set = (key: keyof Draft) => (value: string | number) => setDraft((d) => ({ ...d, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ id: movie?.id ?? null, body: toBody(draft) }, { onSuccess: onClose });
  };
  const shown = ['title', 'description', 'duration_minutes', 'genre', 'rating', 'poster_url', 'release_date'];

  return (
    <Modal opened={opened} onClose={onClose} title={movie ? `Edit “${movie.title}”` : 'Add a movie'} size="lg">
      <form onSubmit={submit} noValidate aria-label={movie ? 'Edit movie' : 'Add movie'}>
        <Stack>
          <FormAlert
            message={error && error.fieldErrors.length === 0 ? error.message : null}
            extra={unplacedErrors(fields, shown)}
          />
          <TextInput
            label="Title"
            value={draft.title}
            onChange={(e) => set('title')(e.currentTarget.value)}
            error={fields.title}
            withAsterisk
            data-autofocus
          />
          <Textarea
            label="Description"
            autosize
            minRows={2}
            maxRows={6}
            value={draft.description}
            onChange={(e) => set('description')(e.currentTarget.value)}
            error={fields.description}
          />
          <SimpleGrid cols={{ base: 1, xs: 3 }}>
            <NumberInput
              label="Duration (minutes)"
              min={1}
              max={1000}
              allowDecimal={false}
              value={draft.duration}
              onChange={set('duration')}
              error={fields.duration_minutes}
            />
            <TextInput
              label="Genre"
              value={draft.genre}
              onChange={(e) => set('genre')(e.currentTarget.value)}
              error={fields.genre}
            />
            <TextInput
              label="Age rating"
              placeholder="PG-13"
              value={draft.rating}
              onChange={(e) => set('rating')(e.currentTarget.value)}
              error={fields.rating}
            />
          </SimpleGrid>
          <TextInput
            label="Poster URL"
            placeholder="https://…"
            value={draft.poster}
            onChange={(e) => set('poster')(e.currentTarget.value)}
            error={fields.poster_url}
          />
          <TextInput
            label="Release date"
            type="date"
            value={draft.release}
            onChange={(e) => set('release')(e.currentTarget.value)}
            error={fields.release_date}
            w={{ base: '100%', xs: 220 }}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {movie ? 'Save changes' : 'Add movie'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
