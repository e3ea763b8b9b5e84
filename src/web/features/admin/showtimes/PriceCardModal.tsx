import {
  ActionIcon,
  Button,
  Fieldset,
  Group,
  Modal,
  NativeSelect,
  NumberInput,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { type FormEvent, useEffect, useState } from 'react';
import type { AdminEvent } from '../../../../contract/admin';
import { MAX_TICKET_TYPES, TICKET_FORMATS, type TicketFormat } from '../../../../core/ticket-pricing';
import { isApiError } from '../../../api/client';
import { FormAlert } from '../../../components/FormAlert';
import { ErrorState } from '../../../components/QueryStates';
import { fieldErrorsOf, unplacedErrors } from '../../../lib/fieldErrors';
import { formatShowtime } from '../../../lib/format';
import { newTypeDraft, type PriceCardDraft, priceCardBody, type TypeDraft, toPriceCardDraft } from './priceCardDraft';
import { usePriceCard } from './usePriceCard';
import { useSavePriceCard } from './useSavePriceCard';

type Props = { showtime: AdminEvent | null; onClose: () => void };

/** A showtime's ticket types with their price per seat category, its format and surcharge. */
export function PriceCardModal({ showtime, onClose }: Props) {
  const eventId = showtime?.event_id ?? null;
  const card = usePriceCard(eventId);
  const save = useSavePriceCard(eventId ?? 0);
  const [draft, setDraft] = useState<PriceCardDraft | null>(null);
  const { reset } = save;
  useEffect(() => {
    if (card.data && eventId !== null) {
      setDraft(toPriceCardDraft(card.data));
      reset();
    }
  }, [card.data, eventId, reset]);
  useEffect(() => {
    if (eventId === null) setDraft(null);
  }, [eventId]);

  const error = isApiError(save.error) ? save.error : null;
  const fields = fieldErrorsOf(error);
  const categories = card.data?.categories ?? [];
  const shown: string[] = ['format', 'format_surcharge'];

  const setType = (index: number, change: Partial<TypeDraft>) =>
    draft && setDraft({ ...draft, types: draft.types.map((t, i) => (i === index ? { ...t, ...change } : t)) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (draft) save.mutate(priceCardBody(draft), { onSuccess: onClose });
  };

  const title = showtime ? `Prices: ${showtime.movie_title}, ${formatShowtime(showtime)}` : 'Prices';
  return (
    <Modal opened={showtime !== null} onClose={onClose} title={title} size="xl">
      {card.isError && <ErrorState title="Could not load the prices" error={card.error} onRetry={() => void card.refetch()} />}
      {!draft && !card.isError && <Skeleton h={240} />}
      {draft && (
        <form onSubmit={submit} noValidate aria-label="Ticket prices and format">
          <Stack>
            <SimpleGrid cols={{ base: 1, xs: 2 }}>
              <NativeSelect
                label="Format"
                data={[...TICKET_FORMATS]}
                value={draft.format}
                onChange={(e) => setDraft({ ...draft, format: e.currentTarget.value as TicketFormat })}
                error={fields.format}
              />
              <NumberInput
                label={`Surcharge per ticket (${card.data?.currency ?? ''})`}
                min={0}
                decimalScale={2}
                value={draft.surcharge}
                onChange={(v) => setDraft({ ...draft, surcharge: typeof v === 'number' ? v : '' })}
                error={fields.format_surcharge}
              />
            </SimpleGrid>
            <Text size="sm" c="dimmed">
              A price left empty costs what adult costs in that category; adult left empty costs the seat price. Bookings already
              made keep their prices.
            </Text>
            {draft.types.map((type, index) => {
              const at = `ticket_types/${index}`;
              shown.push(`${at}/code`, `${at}/label`, ...categories.map((c) => `${at}/prices/${c.category}`));
              const name = type.label || type.code || 'New ticket type';
              return (
                <Fieldset key={type.key} legend={name} variant="filled" radius="md">
                  <Stack gap="xs">
                    <Group align="flex-end" wrap="nowrap">
                      <TextInput
                        label="Code"
                        description={type.existing ? undefined : 'e.g. member'}
                        value={type.code}
                        disabled={type.existing}
                        onChange={(e) => setType(index, { code: e.currentTarget.value })}
                        error={fields[`${at}/code`]}
                        style={{ flex: 1 }}
                      />
                      <TextInput
                        label="Name customers see"
                        value={type.label}
                        onChange={(e) => setType(index, { label: e.currentTarget.value })}
                        error={fields[`${at}/label`]}
                        style={{ flex: 1 }}
                      />
                      {type.code !== 'adult' && (
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          size="lg"
                          aria-label={`Remove ticket type ${name}`}
                          onClick={() => setDraft({ ...draft, types: draft.types.filter((_, i) => i !== index) })}
                        >
                          <IconTrash size={18} />
                        </ActionIcon>
                      )}
                    </Group>
                    <SimpleGrid cols={{ base: 2, sm: 4 }}>
                      {categories.map((c) => (
                        <NumberInput
                          key={c.category}
                          label={c.category}
                          placeholder={String(
                            card.data?.ticket_types.find((t) => t.code === type.code)?.prices[c.category] ?? c.seat_price,
                          )}
                          min={0}
                          decimalScale={2}
                          value={type.prices[c.category] ?? ''}
                          onChange={(v) =>
                            setType(index, { prices: { ...type.prices, [c.category]: typeof v === 'number' ? v : '' } })
                          }
                          error={fields[`${at}/prices/${c.category}`]}
                        />
                      ))}
                    </SimpleGrid>
                  </Stack>
                </Fieldset>
              );
            })}
            <FormAlert
              title="Not saved"
              message={error && error.status !== 422 ? error.message : null}
              extra={unplacedErrors(fields, shown)}
            />
            <Group justify="space-between">
              <Button
                variant="default"
                leftSection={<IconPlus size={16} aria-hidden />}
                disabled={draft.types.length >= MAX_TICKET_TYPES}
                onClick={() => setDraft({ ...draft, types: [...draft.types, newTypeDraft()] })}
              >
                Add ticket type
              </Button>
              <Group>
                <Button variant="default" onClick={onClose}>
                  Cancel
                </Button>
                <Button type="submit" loading={save.isPending}>
                  Save prices
                </Button>
              </Group>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
