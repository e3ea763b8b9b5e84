import { ActionIcon, Badge, Button, Group, Skeleton, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { PromoCode } from '../../../../contract/promo-codes';
import { EmptyNote, ErrorState } from '../../../components/QueryStates';
import { SideScroll } from '../../../components/SideScroll';
import { errorText } from '../../../lib/fieldErrors';
import { formatMoney } from '../../../lib/format';
import { ConfirmDialog } from '../ConfirmDialog';
import { PromoCodeFormModal } from './PromoCodeFormModal';
import { discountText } from './promoDraft';
import { usePromoCodes } from './usePromoCodes';
import { useRemovePromoCode } from './useRemovePromoCode';

const day = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString() : null);

function validity(p: PromoCode): string {
  const from = day(p.valid_from);
  const until = day(p.valid_until);
  if (from && until) return `${from} – ${until}`;
  if (from) return `From ${from}`;
  if (until) return `Until ${until}`;
  return 'Always';
}

function limits(p: PromoCode): string {
  const parts = [
    p.ticket_types && `${p.ticket_types.join(', ')} tickets`,
    p.movie_ids && `films ${p.movie_ids.join(', ')}`,
    p.event_ids && `showtimes ${p.event_ids.join(', ')}`,
    p.min_seats > 1 && `${p.min_seats}+ seats`,
    p.max_uses_per_user !== null && `${p.max_uses_per_user} per customer`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join('; ') : 'None';
}

/** Promo codes: list with uses and sales, create, edit, delete (or deactivate once used). */
export function AdminPromoCodesPage() {
  const codes = usePromoCodes();
  const remove = useRemovePromoCode();
  const [editing, setEditing] = useState<PromoCode | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [removing, setRemoving] = useState<PromoCode | null>(null);
  const list = codes.data?.promo_codes;

  const openForm = (promo: PromoCode | null) => {
    setEditing(promo);
    setFormOpen(true);
  };
  const closeRemove = () => {
    setRemoving(null);
    remove.reset();
  };

  return (
    <>
      <Group justify="space-between" mb="md">
        <Text c="dimmed">{list ? `${list.length} promo codes` : ' '}</Text>
        <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => openForm(null)}>
          Create promo code
        </Button>
      </Group>
      {codes.isPending && <Skeleton h={240} radius="lg" />}
      {codes.isError && (
        <ErrorState title="Could not load promo codes" error={codes.error} onRetry={() => void codes.refetch()} />
      )}
      {list?.length === 0 && (
        <EmptyNote
          title="No promo codes yet"
          description="Create one; customers enter it on the seat map before holding seats."
        />
      )}
      {list && list.length > 0 && (
        <SideScroll label="Promo codes table" minWidth={880}>
          <Table verticalSpacing="sm" highlightOnHover aria-label="Promo codes">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Code</Table.Th>
                <Table.Th>Discount</Table.Th>
                <Table.Th>Valid</Table.Th>
                <Table.Th>Limited to</Table.Th>
                <Table.Th>Uses</Table.Th>
                <Table.Th>Paid bookings</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th w={96}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((p) => (
                <Table.Tr key={p.id} data-testid="promo-row">
                  <Table.Td fw={700} ff="monospace">
                    {p.code}
                  </Table.Td>
                  <Table.Td>{discountText(p, formatMoney)}</Table.Td>
                  <Table.Td>{validity(p)}</Table.Td>
                  <Table.Td>{limits(p)}</Table.Td>
                  <Table.Td>{p.max_uses === null ? p.uses : `${p.uses} of ${p.max_uses}`}</Table.Td>
                  <Table.Td>
                    {p.bookings} · {formatMoney(p.revenue, p.currency)} ({formatMoney(p.discount_given, p.currency)} off)
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={p.active ? 'green' : 'gray'}>
                      {p.active ? 'Active' : 'Inactive'}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <ActionIcon variant="subtle" color="gray" aria-label={`Edit ${p.code}`} onClick={() => openForm(p)}>
                        <IconPencil size={18} />
                      </ActionIcon>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={`Delete or deactivate ${p.code}`}
                        onClick={() => setRemoving(p)}
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
      <PromoCodeFormModal opened={formOpen} promo={editing} onClose={() => setFormOpen(false)} />
      <ConfirmDialog
        opened={removing !== null}
        title={`Remove ${removing?.code ?? ''}?`}
        confirmLabel="Remove code"
        busy={remove.isPending}
        error={remove.error ? errorText(remove.error) : null}
        onClose={closeRemove}
        onConfirm={() => removing && remove.mutate(removing.id, { onSuccess: closeRemove })}
      >
        A code never used is deleted. One that bookings have used is deactivated instead: no new holds can use it, and its
        bookings keep their discount.
      </ConfirmDialog>
    </>
  );
}
