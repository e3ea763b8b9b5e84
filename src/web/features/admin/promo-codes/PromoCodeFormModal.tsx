import { Button, Checkbox, Group, Modal, NativeSelect, NumberInput, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useEffect, useState } from 'react';
import type { PromoCode } from '../../../../contract/promo-codes';
import { isApiError } from '../../../api/client';
import { FormAlert } from '../../../components/FormAlert';
import { fieldErrorsOf, unplacedErrors } from '../../../lib/fieldErrors';
import { type PromoDraft, toPromoBody, toPromoDraft } from './promoDraft';
import { useSavePromoCode } from './useSavePromoCode';

/** Create (promo === null) or edit a promo code. */
export function PromoCodeFormModal({
  opened,
  promo,
  onClose,
}: {
  opened: boolean;
  promo: PromoCode | null;
  onClose: () => void;
}) {
  const [draft, setDraft] = useState<PromoDraft>(toPromoDraft(promo));
  const save = useSavePromoCode();
  const { reset } = save;
  useEffect(() => {
    if (opened) {
      setDraft(toPromoDraft(promo));
      reset();
    }
  }, [opened, promo, reset]);

  const error = isApiError(save.error) ? save.error : null;
  const fields = fieldErrorsOf(error);
  const set =
    <K extends keyof PromoDraft>(key: K) =>
    (value: PromoDraft[K]) =>
      setDraft((d) => ({ ...d, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate({ id: promo?.id ?? null, body: toPromoBody(draft) }, { onSuccess: onClose });
  };
  const fieldError = (prefix: string) =>
    Object.entries(fields).find(([field]) => field === prefix || field.startsWith(`${prefix}/`))?.[1];
  const shown = ['code', 'kind', 'value', 'valid_from', 'valid_until', 'max_uses', 'max_uses_per_user', 'min_seats'];
  const placed = Object.keys(fields).filter((f) => ['movie_ids', 'event_ids', 'ticket_types'].some((p) => f.startsWith(p)));

  return (
    <Modal opened={opened} onClose={onClose} title={promo ? `Edit ${promo.code}` : 'Create a promo code'} size="lg">
      <form onSubmit={submit} noValidate aria-label={promo ? 'Edit promo code' : 'Create promo code'}>
        <Stack>
          <FormAlert
            message={error && error.fieldErrors.length === 0 ? error.message : null}
            extra={unplacedErrors(fields, [...shown, ...placed])}
          />
          <SimpleGrid cols={{ base: 1, xs: 3 }}>
            <TextInput
              label="Code"
              description="3–32 letters, digits, _ or -"
              value={draft.code}
              onChange={(e) => set('code')(e.currentTarget.value.toUpperCase())}
              error={fields.code}
              maxLength={32}
              withAsterisk
              data-autofocus
            />
            <NativeSelect
              label="Discount"
              description="Off the eligible seats"
              data={[
                { value: 'percent', label: 'Percent' },
                { value: 'fixed', label: 'Fixed amount' },
              ]}
              value={draft.kind}
              onChange={(e) => set('kind')(e.currentTarget.value as PromoDraft['kind'])}
            />
            <NumberInput
              label={draft.kind === 'percent' ? 'Percent off' : 'Amount off'}
              description={draft.kind === 'percent' ? '1 to 100' : 'Never below a zero total'}
              min={0}
              max={draft.kind === 'percent' ? 100 : undefined}
              allowDecimal={draft.kind === 'fixed'}
              decimalScale={2}
              value={draft.value}
              onChange={set('value')}
              error={fields.value}
              withAsterisk
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput
              label="Valid from"
              type="datetime-local"
              value={draft.validFrom}
              onChange={(e) => set('validFrom')(e.currentTarget.value)}
              error={fields.valid_from}
            />
            <TextInput
              label="Valid until"
              type="datetime-local"
              value={draft.validUntil}
              onChange={(e) => set('validUntil')(e.currentTarget.value)}
              error={fields.valid_until}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, xs: 3 }}>
            <NumberInput
              label="Total uses"
              description="Empty: no cap"
              min={1}
              allowDecimal={false}
              value={draft.maxUses}
              onChange={set('maxUses')}
              error={fields.max_uses}
            />
            <NumberInput
              label="Uses per customer"
              description="Empty: no cap"
              min={1}
              allowDecimal={false}
              value={draft.maxUsesPerUser}
              onChange={set('maxUsesPerUser')}
              error={fields.max_uses_per_user}
            />
            <NumberInput
              label="Minimum seats"
              description="Eligible seats per booking"
              min={1}
              max={100}
              allowDecimal={false}
              value={draft.minSeats}
              onChange={set('minSeats')}
              error={fields.min_seats}
            />
          </SimpleGrid>
          <TextInput
            label="Only for ticket types"
            description="Codes separated by commas, e.g. student, senior. Empty: every seat"
            value={draft.ticketTypes}
            onChange={(e) => set('ticketTypes')(e.currentTarget.value)}
            error={fieldError('ticket_types')}
          />
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput
              label="Only for film ids"
              description="Separated by commas. Empty: any film"
              value={draft.movieIds}
              onChange={(e) => set('movieIds')(e.currentTarget.value)}
              error={fieldError('movie_ids')}
            />
            <TextInput
              label="Only for showtime ids"
              description="Separated by commas. Empty: any showtime"
              value={draft.eventIds}
              onChange={(e) => set('eventIds')(e.currentTarget.value)}
              error={fieldError('event_ids')}
            />
          </SimpleGrid>
          {promo && (
            <Checkbox
              label="Active (new holds may use it)"
              checked={draft.active}
              onChange={(e) => set('active')(e.currentTarget.checked)}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {promo ? 'Save changes' : 'Create code'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
