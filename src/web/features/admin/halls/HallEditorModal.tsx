import { Alert, Button, Grid, Group, Modal, NumberInput, Stack, Switch, Textarea, TextInput } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import type { Hall } from '../../../../contract/admin';
import { formatShapeText } from '../../../../core/hall-shape';
import { isApiError } from '../../../api/client';
import { FormAlert } from '../../../components/FormAlert';
import { fieldErrorsOf, unplacedErrors } from '../../../lib/fieldErrors';
import { HallPreview } from './HallPreview';
import { draftRows, type HallDraft, rectangleText, toHallBody, toHallDraft } from './hallDraft';
import { PaintGrid } from './PaintGrid';
import { PriceCategories } from './PriceCategories';
import { useSaveHall } from './useSaveHall';

const TEXT_HELP =
  'One line per row, e.g. A: SSSS__SSSS. S seat, W wheelchair space, C companion, R restricted view, P couple seat, ' +
  'X blocked, _ gap. [vip] switches the category; digits after a letter set its number.';

export function HallEditorModal({ opened, hall, onClose }: { opened: boolean; hall: Hall | null; onClose: () => void }) {
  const [draft, setDraft] = useState<HallDraft>(toHallDraft(hall));
  const [size, setSize] = useState<{ rows: number | string; perRow: number | string }>({ rows: 8, perRow: 12 });
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
  const shown = Object.keys(fields).filter(
    (f) => f === 'name' || f.startsWith('layout/text') || f.startsWith('layout/categories'),
  );
  const textError =
    Object.entries(fields)
      .filter(([f]) => f.startsWith('layout/text'))
      .map(([f, message]) => `${f.replace(/^layout\/text\/?/, '')}: ${message}`)
      .join('; ') || undefined;
  const unplaced = unplacedErrors(fields, shown);
  const generic = error && error.fieldErrors.length === 0 && error.code !== 'HALL_NAME_TAKEN' ? error.message : null;
  const read = draftRows(draft);
  const validSize = (n: number | string) => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 100;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ id: hall?.id ?? null, body: toHallBody(draft) }, { onSuccess: onClose });
  };

  return (
    <Modal opened={opened} onClose={onClose} title={hall ? `Edit ${hall.name}` : 'New hall'} size="min(1200px, 96vw)">
      <form onSubmit={submit} noValidate aria-label={hall ? 'Edit hall' : 'New hall'}>
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 6 }}>
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
              <Group gap="xs" align="flex-end" wrap="wrap">
                <NumberInput
                  label="Rows"
                  min={1}
                  max={100}
                  allowDecimal={false}
                  value={size.rows}
                  onChange={(v) => setSize({ ...size, rows: v })}
                  w={90}
                />
                <NumberInput
                  label="Seats per row"
                  min={1}
                  max={100}
                  allowDecimal={false}
                  value={size.perRow}
                  onChange={(v) => setSize({ ...size, perRow: v })}
                  w={120}
                />
                <Button
                  variant="default"
                  disabled={!validSize(size.rows) || !validSize(size.perRow)}
                  onClick={() => setDraft({ ...draft, text: rectangleText(Number(size.rows), Number(size.perRow)) })}
                >
                  Start from a rectangle
                </Button>
              </Group>
              {read.ok ? (
                <PaintGrid
                  rows={read.rows}
                  categories={draft.categories.map((c) => c.name.trim())}
                  onChange={(rows) => setDraft({ ...draft, text: formatShapeText(rows) })}
                />
              ) : (
                <Alert color="orange" title="The text form has problems">
                  Fix the text to paint on the grid again.
                </Alert>
              )}
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <Stack>
              <Textarea
                label="Layout as text"
                description={TEXT_HELP}
                value={draft.text}
                onChange={(e) => setDraft({ ...draft, text: e.currentTarget.value })}
                error={textError}
                autosize
                minRows={4}
                maxRows={14}
                spellCheck={false}
                styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              />
              <PriceCategories
                categories={draft.categories}
                errors={fields}
                onChange={(categories) => setDraft({ ...draft, categories })}
              />
              <Switch
                label="Refuse choices that leave a single seat alone"
                description="Customers are offered a choice of the same size that leaves none, when there is one."
                checked={draft.singleSeatRule}
                onChange={(e) => setDraft({ ...draft, singleSeatRule: e.currentTarget.checked })}
              />
              <HallPreview draft={draft} />
            </Stack>
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
