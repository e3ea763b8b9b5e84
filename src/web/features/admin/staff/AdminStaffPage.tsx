import { Badge, Group, NativeSelect, Paper, Select, Skeleton, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import type { User } from '../../../../contract/auth';
import { isRole, ROLE_LABELS, ROLES, type Role } from '../../../../core/roles';
import { FormAlert } from '../../../components/FormAlert';
import { EmptyNote, ErrorState } from '../../../components/QueryStates';
import { useSession } from '../../auth/useSession';
import { ConfirmDialog } from '../ConfirmDialog';
import { useSetRole } from './useSetRole';
import { type StaffFilters, useStaffAccounts } from './useStaffAccounts';

/** What each role may do, in the words the cinema uses. */
const ROLE_OPTIONS = ROLES.map((role) => ({
  value: role,
  label: {
    user: 'Customer',
    usher: 'Usher (door)',
    box_office: 'Box office (counter)',
    admin: 'Admin',
  }[role],
}));

function AccountItem({ account, isSelf }: { account: User; isSelf: boolean }) {
  const setRole = useSetRole(account.id);
  const [confirming, setConfirming] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const name = account.full_name || account.email;

  const apply = (role: Role) =>
    setRole.mutate(role, {
      onSuccess: (user) => {
        setConfirming(false);
        setSaved(`${name} is now ${ROLE_LABELS[user.role].toLowerCase()}.`);
      },
    });

  const choose = (value: string) => {
    if (!isRole(value) || value === account.role) return;
    setRole.reset();
    setSaved(null);
    if (value === 'admin') setConfirming(true);
    else apply(value);
  };

  // While a change is on its way the picker shows it; a refusal puts back what the server holds.
  const shown = setRole.isPending && setRole.variables ? setRole.variables : account.role;

  return (
    <Paper component="li" withBorder radius="md" p="sm" data-account={account.email}>
      <Group justify="space-between" align="flex-end" gap="sm" wrap="wrap">
        <Stack gap={2} style={{ minWidth: 0, flex: '1 1 14rem' }}>
          <Group gap="xs" wrap="nowrap">
            <Text fw={600} truncate="end">
              {name}
            </Text>
            {isSelf && (
              <Badge variant="light" color="gray" tt="none">
                You
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed" truncate="end">
            {account.email}
          </Text>
          {!account.is_active && (
            <Text size="xs" c="dimmed">
              Deactivated
            </Text>
          )}
        </Stack>
        <NativeSelect
          label="Role"
          aria-label={`Role of ${name}`}
          data={ROLE_OPTIONS}
          value={shown}
          disabled={setRole.isPending}
          onChange={(event) => choose(event.currentTarget.value)}
          w={{ base: '100%', xs: 220 }}
        />
      </Group>
      <Text size="sm" fw={500} aria-live="polite" mt={saved ? 'xs' : 0}>
        {saved}
      </Text>
      {!confirming && setRole.isError && <FormAlert title={`Role of ${name} not changed`} message={setRole.error.message} />}
      <ConfirmDialog
        opened={confirming}
        title={`Make ${name} an admin?`}
        confirmLabel="Make admin"
        busy={setRole.isPending}
        error={setRole.isError ? setRole.error.message : null}
        onConfirm={() => apply('admin')}
        onClose={() => {
          setConfirming(false);
          setRole.reset();
        }}
      >
        An admin can change movies, halls, showtimes and prices, cancel and refund bookings, and change anyone’s role.
      </ConfirmDialog>
    </Paper>
  );
}

/** Accounts and their roles: who works the door, who sells at the counter, who runs the cinema. */
export function AdminStaffPage() {
  const current = useSession();
  const [search, setSearch] = useState('');
  const [role, setRole] = useState<Role | null>(null);
  const [query] = useDebouncedValue(search.trim(), 300);
  const filters: StaffFilters = { ...(query ? { query } : {}), ...(role ? { role } : {}) };
  const accounts = useStaffAccounts(filters);
  const list = accounts.data ?? [];
  const filtered = Object.keys(filters).length > 0;

  return (
    <Stack gap="md">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          label="Search accounts"
          placeholder="Name or email"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={search}
          onChange={(event) => setSearch(event.currentTarget.value)}
          maxLength={254}
          w={{ base: '100%', sm: 300 }}
        />
        <Select
          label="Show role"
          placeholder="Every role"
          data={ROLE_OPTIONS}
          value={role}
          onChange={(value) => setRole(isRole(value) ? value : null)}
          clearable
          w={{ base: '100%', sm: 220 }}
        />
      </Group>

      {accounts.isPending && (
        <Stack role="status" aria-label="Loading accounts" gap="xs">
          {[0, 1, 2].map((n) => (
            <Skeleton key={n} h={64} radius="md" />
          ))}
        </Stack>
      )}
      {accounts.isError && (
        <ErrorState title="Could not load accounts" error={accounts.error} onRetry={() => void accounts.refetch()} />
      )}
      {accounts.isSuccess && list.length === 0 && (
        <EmptyNote
          icon={<IconUsers aria-hidden />}
          title={filtered ? 'No matching accounts' : 'No accounts yet'}
          description={filtered ? 'Try another name, email or role.' : undefined}
        />
      )}
      {list.length > 0 && (
        <>
          <Text size="sm" c="dimmed" aria-live="polite">
            {list.length === 1 ? '1 account' : `${list.length} accounts`}
          </Text>
          <Stack
            component="ul"
            aria-label="Accounts"
            aria-busy={accounts.isFetching}
            gap="xs"
            p={0}
            m={0}
            style={{ listStyle: 'none' }}
          >
            {list.map((account) => (
              <AccountItem key={account.id} account={account} isSelf={account.id === current?.user.id} />
            ))}
          </Stack>
        </>
      )}
    </Stack>
  );
}
