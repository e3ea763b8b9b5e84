import { Button, Grid, Group, Modal, NumberInput, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import type { Hall } from '../../../../contract/admin';
import { isApiError } from '../../../api/client';
import { FormAlert } from '../../../components/FormAlert';
import { fieldErrorsOf, unplacedErrors } from '../../../lib/fieldErrors';
import { CategoryRows } from './CategoryRows';
import { HallPreview } from './HallPreview';
import { type HallDraft, toHallBody, toHallDraft } from './hallDraft';
import { useSaveHall } from './useSaveHall';

export function HallEditorModal({ opened, hall, onClose }: { opened: boolean; hall: Hall | null; onClose: () => void }) {
  const [draft, setDraft] = useState<HallDraft>(toHallDraft(hall));
  const save = useSaveHall();
  const { reset } = save;
  useEffect(() => {
    if (opened) {
      setDraft(toHallDraft(hall));
      reset();
    }
  }, [opened, hall, reset]);

  const error = isApiError(save.error) ? save.error : null;
  const fields = fieldErrorsOf(error);
  if (error?.code === 'HALL_NAME_TAKEN') fields.name = error.message;
  const shownPrefixes = ['name', 'rows', 'seats_per_row', 'categories'];
  const unplaced = unplacedErrors(
    fields,
    Object.keys(fields).filter((f) => shownPrefixes.some((p) => f.startsWith(p))),
  );
  const generic = error && error.fieldErrors.length === 0 && error.code !== 'HALL_NAME_TAKEN' ? error.message : null;
  const rows = typeof draft.rows === 'number' ? draft.rows : 1;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ id: hall?.id ?? null, body: toHallBody(draft) }, { onSuccess: onClose });
  };

  return (
    <Modal opened={opened} onClose={onClose} title={hall ? `Edit ${hall.name}` : 'New hall'} size="min(1100px, 96vw)">
      <form onSubmit={submit} noValidate aria-label={hall ? 'Edit hall' : 'New hall'}>
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Stack>
              <FormAlert title="Could not save the hall" message={generic} extra={unplaced} />
              <TextInput
                label="Hall name"
                value={draft.name}
                onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
                error={fields.name}
                withAsterisk
                data-autofocus
              />
              <SimpleGrid cols={2}>
                <NumberInput
                  label="Rows"
                  description="A, B, … Z, AA …"
                  min={1}
                  max={100}
                  allowDecimal={false}
                  value={draft.rows}
                  onChange={(v) => setDraft({ ...draft, rows: v })}
                  error={fields.rows}
                  withAsterisk
                />
                <NumberInput
                  label="Seats per row"
                  description="Numbered from 1"
                  min={1}
                  max={100}
                  allowDecimal={false}
                  value={draft.seats_per_row}
                  onChange={(v) => setDraft({ ...draft, seats_per_row: v })}
                  error={fields.seats_per_row}
                  withAsterisk
                />
              </SimpleGrid>
              <CategoryRows
                categories={draft.categories}
                rows={rows}
                errors={fields}
                onChange={(categories) => setDraft({ ...draft, categories })}
              />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 7 }}>
            <HallPreview draft={draft} />
          </Grid.Col>
        </Grid>
        <Group justify="flex-end" mt="lg">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            {hall ? 'Save hall' : 'Create hall'}
          </Button>
        </Group>
      </form>
    </Modal>
  );
}
