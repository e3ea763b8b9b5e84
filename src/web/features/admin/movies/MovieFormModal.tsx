import { Button, Group, Modal, NumberInput, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { type FormEvent, useEffect, useId, useState } from 'react';
import type { MovieBody } from '../../../../contract/admin';
import type { Movie } from '../../../../contract/catalogue';
import { AGE_RATINGS, CAST_MAX, isRatingSystem, RATING_SYSTEM_NAMES, RATING_SYSTEMS } from '../../../../core/film-details';
import { isApiError } from '../../../api/client';
import { FormAlert } from '../../../components/FormAlert';
import { PlainSelect } from '../../../components/PlainSelect';
import { fieldErrorsOf, unplacedErrors } from '../../../lib/fieldErrors';
import { Poster } from '../../browse/Poster';
import { usePoster } from './usePoster';
import { useSaveMovie } from './useSaveMovie';

type Draft = {
  title: string;
  description: string;
  duration: number | string;
  genre: string;
  ratingSystem: string;
  rating: string;
  poster: string;
  release: string;
  cast: string;
  director: string;
  language: string;
  subtitles: string;
  trailer: string;
};

const toDraft = (m: Movie | null): Draft => ({
  title: m?.title ?? '',
  description: m?.description ?? '',
  duration: m?.duration_minutes ?? '',
  genre: m?.genre ?? '',
  ratingSystem: m?.rating_system ?? '',
  rating: m?.rating ?? '',
  // An uploaded poster's URL is ours; the field is for a poster elsewhere.
  poster: m && !m.has_poster ? (m.poster_url ?? '') : '',
  release: m?.release_date ?? '',
  cast: (m?.cast ?? []).join('\n'),
  director: m?.director ?? '',
  language: m?.language ?? '',
  subtitles: m?.subtitles ?? '',
  trailer: m?.trailer_url ?? '',
});

// Empty optional fields are sent as null so clearing a field in the form clears it on the server.
const orNull = (text: string) => (text.trim() === '' ? null : text.trim());

function toBody(d: Draft, hasUpload: boolean): MovieBody {
  return {
    title: d.title.trim(),
    description: orNull(d.description),
    duration_minutes: typeof d.duration === 'number' ? d.duration : null,
    genre: orNull(d.genre),
    rating_system: isRatingSystem(d.ratingSystem) ? d.ratingSystem : null,
    rating: orNull(d.rating),
    ...(hasUpload ? {} : { poster_url: orNull(d.poster) }),
    release_date: orNull(d.release),
    cast: d.cast
      .split('\n')
      .map((name) => name.trim())
      .filter(Boolean),
    director: orNull(d.director),
    language: orNull(d.language),
    subtitles: orNull(d.subtitles),
    trailer_url: orNull(d.trailer),
  };
}

const SHOWN = [
  'title',
  'description',
  'duration_minutes',
  'genre',
  'rating_system',
  'rating',
  'poster_url',
  'release_date',
  'cast',
  'director',
  'language',
  'subtitles',
  'trailer_url',
];

/** Add (movie === null) or edit a movie, its film-page details and its poster. */
export function MovieFormModal({ opened, movie, onClose }: { opened: boolean; movie: Movie | null; onClose: () => void }) {
  const [draft, setDraft] = useState<Draft>(toDraft(movie));
  const [file, setFile] = useState<File | null>(null);
  const [removePoster, setRemovePoster] = useState(false);
  // A new movie saved before its poster was refused: a second try must not add it again.
  const [createdId, setCreatedId] = useState<number | null>(null);
  const fileId = useId();
  const save = useSaveMovie();
  const poster = usePoster();
  const { reset } = save;
  const resetPoster = poster.reset;
  useEffect(() => {
    if (opened) {
      setDraft(toDraft(movie));
      setFile(null);
      setRemovePoster(false);
      setCreatedId(null);
      reset();
      resetPoster();
    }
  }, [opened, movie, reset, resetPoster]);

  const failure = save.error ?? poster.error;
  const error = isApiError(failure) ? failure : null;
  const raw = fieldErrorsOf(error);
  // Problems with one cast name (cast/3) belong to the cast field.
  const fields: Record<string, string> = { ...raw };
  for (const [key, message] of Object.entries(raw)) if (key.startsWith('cast/')) fields.cast ??= message;
  const placed = [...SHOWN, ...Object.keys(raw).filter((k) => k.startsWith('cast/'))];
  const set = (key: keyof Draft) => (value: string | number) => setDraft((d) => ({ ...d, [key]: value }));
  const system = isRatingSystem(draft.ratingSystem) ? draft.ratingSystem : null;
  const hasUpload = Boolean(movie?.has_poster) && !removePoster;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const saved = await save.mutateAsync({ id: movie?.id ?? createdId, body: toBody(draft, hasUpload || file !== null) });
      if (!movie) setCreatedId(saved.id);
      if (file) await poster.mutateAsync({ movieId: saved.id, file });
      else if (removePoster && movie?.has_poster) await poster.mutateAsync({ movieId: saved.id, file: null });
      onClose();
    } catch {
      // Shown by the alert and the fields.
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title={movie ? `Edit “${movie.title}”` : 'Add a movie'} size="lg">
      <form onSubmit={submit} noValidate aria-label={movie ? 'Edit movie' : 'Add movie'}>
        <Stack>
          <FormAlert
            message={error && error.fieldErrors.length === 0 ? error.message : null}
            extra={unplacedErrors(raw, placed)}
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
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
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
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <PlainSelect
              label="Rating system"
              value={draft.ratingSystem}
              data={[
                { value: '', label: draft.rating && !system ? 'None (free text)' : 'None' },
                ...RATING_SYSTEMS.map((s) => ({ value: s, label: RATING_SYSTEM_NAMES[s] })),
              ]}
              onChange={(value) =>
                setDraft((d) => ({
                  ...d,
                  ratingSystem: value,
                  // A rating from another list would be refused: start the new list empty.
                  rating: isRatingSystem(value) && !(AGE_RATINGS[value] as readonly string[]).includes(d.rating) ? '' : d.rating,
                }))
              }
            />
            {system ? (
              <div>
                <PlainSelect
                  label="Age rating"
                  value={draft.rating}
                  data={[{ value: '', label: 'Not rated yet' }, ...AGE_RATINGS[system].map((r) => ({ value: r, label: r }))]}
                  onChange={set('rating')}
                />
                {fields.rating && (
                  <Text size="xs" c="red.4" mt={4} role="alert">
                    {fields.rating}
                  </Text>
                )}
              </div>
            ) : (
              <TextInput
                label="Age rating"
                placeholder="PG-13"
                value={draft.rating}
                onChange={(e) => set('rating')(e.currentTarget.value)}
                error={fields.rating}
              />
            )}
          </SimpleGrid>
          <TextInput
            label="Director"
            value={draft.director}
            onChange={(e) => set('director')(e.currentTarget.value)}
            error={fields.director}
          />
          <Textarea
            label="Cast"
            description={`One name per line, in billing order (at most ${CAST_MAX})`}
            autosize
            minRows={2}
            maxRows={8}
            value={draft.cast}
            onChange={(e) => set('cast')(e.currentTarget.value)}
            error={fields.cast}
          />
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput
              label="Language"
              placeholder="English"
              value={draft.language}
              onChange={(e) => set('language')(e.currentTarget.value)}
              error={fields.language}
            />
            <TextInput
              label="Subtitles"
              placeholder="None"
              value={draft.subtitles}
              onChange={(e) => set('subtitles')(e.currentTarget.value)}
              error={fields.subtitles}
            />
          </SimpleGrid>
          <TextInput
            label="Trailer link"
            placeholder="https://…"
            description="An https:// address"
            value={draft.trailer}
            onChange={(e) => set('trailer')(e.currentTarget.value)}
            error={fields.trailer_url}
          />
          <TextInput
            label="Release date"
            description="Until then the film is listed as coming soon"
            type="date"
            value={draft.release}
            onChange={(e) => set('release')(e.currentTarget.value)}
            error={fields.release_date}
            w={{ base: '100%', xs: 260 }}
          />
          <Group align="flex-start" gap="md" wrap="nowrap">
            {movie?.has_poster && !removePoster && !file && <Poster url={movie.poster_url} title={movie.title} width={64} />}
            <Stack gap={4} style={{ minWidth: 0 }}>
              <label htmlFor={fileId}>
                <Text size="sm" fw={500} component="span">
                  Poster image
                </Text>
              </label>
              <input
                id={fileId}
                type="file"
                accept="image/jpeg,image/png,image/webp"
                aria-describedby={`${fileId}-hint`}
                onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
              />
              <Text size="xs" c="dimmed" id={`${fileId}-hint`}>
                JPEG, PNG or WebP, at most 5 MB; stored at 600 and 300 px wide.
              </Text>
              {movie?.has_poster && !file && (
                <Button variant="subtle" size="xs" color="red" onClick={() => setRemovePoster((r) => !r)} w="fit-content">
                  {removePoster ? 'Keep the uploaded poster' : 'Remove the uploaded poster'}
                </Button>
              )}
            </Stack>
          </Group>
          {!hasUpload && !file && (
            <TextInput
              label="Poster URL"
              description="A poster elsewhere, used when none is uploaded"
              placeholder="https://…"
              value={draft.poster}
              onChange={(e) => set('poster')(e.currentTarget.value)}
              error={fields.poster_url}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending || poster.isPending}>
              {movie ? 'Save changes' : 'Add movie'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
