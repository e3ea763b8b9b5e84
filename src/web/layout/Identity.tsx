import { Badge, Group, Stack, Text } from '@mantine/core';
import { IconUserCircle } from '@tabler/icons-react';
import { useSession } from '../features/auth/useSession';

/** Who is signed in: name, address and role. */
export function Identity({ compact = false }: { compact?: boolean }) {
  const current = useSession();
  if (!current) return null;
  const { user } = current;
  return (
    <Group gap="sm" wrap="nowrap" data-testid="account">
      <IconUserCircle size={22} aria-hidden />
      <Stack gap={0} style={{ minWidth: 0 }} ta="left">
        <Text size="sm" fw={600} truncate="end" maw={compact ? 200 : 180}>
          {user.full_name}
        </Text>
        <Text size="xs" c="dimmed" truncate="end" maw={compact ? 200 : 180}>
          {user.email}
        </Text>
      </Stack>
      <Badge variant={user.role === 'admin' ? 'filled' : 'light'} color={user.role === 'admin' ? 'yellow' : 'gray'}>
        {user.role.replace('_', ' ')}
      </Badge>
    </Group>
  );
}
