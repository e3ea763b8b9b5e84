import {
  Anchor,
  Badge,
  Button,
  CloseButton,
  Group,
  Paper,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  useMantineTheme,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconHistory, IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import type { AuditEntry } from '../../../../contract/admin';
import { EmptyNote, ErrorState } from '../../../components/QueryStates';
import { SideScroll } from '../../../components/SideScroll';
import {
  AUDIT_ACTIONS,
  AUDIT_OUTCOME_OPTIONS,
  AUDIT_TARGET_TYPES,
  actorText,
  detailText,
  formatAuditTime,
  outcomeText,
  targetText,
} from './auditText';
import { type AuditFilters, useAuditLog } from './useAuditLog';

const VERB_COLORS: Record<string, string> = {
  create: 'teal',
  update: 'blue',
  delete: 'red',
  hold: 'yellow',
  confirm: 'green',
  cancel: 'orange',
  expire: 'gray',
  decline: 'red',
};

const OUTCOME_COLORS: Record<string, string> = { success: 'green', failure: 'orange', blocked: 'red' };

/** The action in plain words; the recorded name is kept as a tooltip for people searching the API. */
function ActionBadge({ entry }: { entry: AuditEntry }) {
  const verb = entry.action.split('.').pop() ?? '';
  return (
    <Badge variant="light" color={VERB_COLORS[verb] ?? 'gray'} tt="none" radius="sm" title={entry.action} maw="100%">
      {entry.label}
    </Badge>
  );
}

/** How it ended, in words (the colour only repeats them). */
function Outcome({ outcome }: { outcome: AuditEntry['outcome'] }) {
  const text = outcomeText(outcome);
  if (!text) {
    return (
      <Text span size="sm" c="dimmed">
        —
      </Text>
    );
  }
  return (
    <Text span size="sm" fw={500} c={OUTCOME_COLORS[outcome ?? ''] ?? undefined}>
      {text}
    </Text>
  );
}

type Actor = { id: number; email: string };

function Who({ entry, onActor }: { entry: AuditEntry; onActor: (actor: Actor) => void }) {
  if (entry.actor_id === null) {
    return (
      <Text span size="sm" c="dimmed" fs="italic">
        {actorText(entry)}
      </Text>
    );
  }
  const actor = { id: entry.actor_id, email: entry.actor_email ?? `user ${entry.actor_id}` };
  return (
    <Anchor component="button" type="button" size="sm" title="Show only this person’s actions" onClick={() => onActor(actor)}>
      {actor.email}
    </Anchor>
  );
}

/** Phones: one entry per block, what happened first, so nothing hides off to the side. */
function AuditItem({ entry, onActor }: { entry: AuditEntry; onActor: (actor: Actor) => void }) {
  const detail = detailText(entry.details);
  return (
    <Paper component="li" withBorder radius="md" p="sm">
      <Group justify="space-between" gap="xs" wrap="nowrap" mb={4}>
        <ActionBadge entry={entry} />
        <Text size="sm" fw={600} truncate="end">
          {targetText(entry)}
        </Text>
      </Group>
      {entry.outcome && (
        <Text size="sm">
          <Outcome outcome={entry.outcome} />
        </Text>
      )}
      <Text size="sm">
        <Who entry={entry} onActor={onActor} />
        {entry.ip && (
          <Text span size="xs" c="dimmed" ff="monospace">
            {' '}
            from {entry.ip}
          </Text>
        )}
      </Text>
      <Text size="xs" c="dimmed" component="time" dateTime={entry.at} display="block">
        {formatAuditTime(entry.at)}
      </Text>
      {detail && (
        <Text size="xs" c="dimmed" truncate="end">
          {detail}
        </Text>
      )}
    </Paper>
  );
}

function AuditRow({ entry, onActor }: { entry: AuditEntry; onActor: (actor: Actor) => void }) {
  const detail = detailText(entry.details);
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" component="time" dateTime={entry.at} style={{ whiteSpace: 'nowrap' }}>
          {formatAuditTime(entry.at)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Who entry={entry} onActor={onActor} />
      </Table.Td>
      <Table.Td>
        <ActionBadge entry={entry} />
      </Table.Td>
      <Table.Td>
        <Outcome outcome={entry.outcome} />
      </Table.Td>
      <Table.Td>
        <Text size="sm">{targetText(entry)}</Text>
        {detail && (
          <Text size="xs" c="dimmed" lineClamp={1} title={detail}>
            {detail}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text size="sm" ff="monospace" c={entry.ip ? undefined : 'dimmed'}>
          {entry.ip ?? '—'}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

/** Who did what, when, from where and how it ended: sign-in events, admin changes and booking changes, newest first. */
export function AdminAuditPage() {
  const [action, setAction] = useState<string | null>(null);
  const [targetType, setTargetType] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<AuditFilters['outcome'] | null>(null);
  const [actor, setActor] = useState<Actor | null>(null);
  const filters: AuditFilters = {
    ...(action ? { action } : {}),
    ...(targetType ? { target_type: targetType } : {}),
    ...(outcome ? { outcome } : {}),
    ...(actor ? { actor_id: actor.id } : {}),
  };
  const filtered = Object.keys(filters).length > 0;
  const clearFilters = () => {
    setAction(null);
    setTargetType(null);
    setOutcome(null);
    setActor(null);
  };
  const log = useAuditLog(filters);
  const theme = useMantineTheme();
  const phone = useMediaQuery(`(max-width: ${theme.breakpoints.sm})`, false, { getInitialValueInEffect: false });
  const entries = log.data?.pages.flat() ?? [];

  return (
    <Stack gap="md">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <Select
          label="Action"
          placeholder="Any action"
          data={AUDIT_ACTIONS}
          value={action}
          onChange={setAction}
          clearable
          searchable
          w={{ base: '100%', sm: 220 }}
        />
        <Select
          label="Target type"
          placeholder="Any target"
          data={AUDIT_TARGET_TYPES}
          value={targetType}
          onChange={setTargetType}
          clearable
          w={{ base: '100%', sm: 180 }}
        />
        <Select
          label="Outcome"
          placeholder="Any outcome"
          data={AUDIT_OUTCOME_OPTIONS}
          value={outcome}
          onChange={(value) => setOutcome(value as AuditFilters['outcome'] | null)}
          clearable
          w={{ base: '100%', sm: 160 }}
        />
        {actor && (
          <Badge
            size="lg"
            variant="outline"
            tt="none"
            rightSection={<CloseButton size="xs" aria-label="Show everyone’s actions" onClick={() => setActor(null)} />}
          >
            By {actor.email}
          </Badge>
        )}
        {filtered && (
          <Button variant="subtle" size="sm" onClick={clearFilters}>
            Clear filters
          </Button>
        )}
        <Button
          variant="default"
          size="sm"
          ml={{ sm: 'auto' }}
          leftSection={<IconRefresh size={14} aria-hidden />}
          loading={log.isFetching && !log.isFetchingNextPage && !log.isPending}
          onClick={() => void log.refetch()}
        >
          Refresh
        </Button>
      </Group>

      {log.isPending && (
        <Stack role="status" aria-label="Loading the audit log" gap="xs">
          {[0, 1, 2, 3, 4].map((n) => (
            <Skeleton key={n} h={40} radius="sm" />
          ))}
        </Stack>
      )}
      {log.isError && !log.isFetchNextPageError && (
        <ErrorState title="Could not load the audit log" error={log.error} onRetry={() => void log.refetch()} />
      )}
      {log.isSuccess && entries.length === 0 && (
        <EmptyNote
          icon={<IconHistory aria-hidden />}
          title={filtered ? 'No matching entries' : 'Nothing recorded yet'}
          description={
            filtered
              ? 'No entries match these filters. Clear a filter to see more.'
              : 'Sign-ins and other account events, changes to movies, halls and showtimes, and every booking hold, payment, cancellation and expiry appear here.'
          }
        />
      )}
      {entries.length > 0 && (
        <>
          {phone ? (
            <Stack component="ul" aria-label="Audit log" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
              {entries.map((entry) => (
                <AuditItem key={entry.id} entry={entry} onActor={setActor} />
              ))}
            </Stack>
          ) : (
            <SideScroll label="Audit log table" minWidth={760}>
              <Table verticalSpacing="xs" highlightOnHover aria-label="Audit log" aria-busy={log.isFetching}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Time</Table.Th>
                    <Table.Th>Who</Table.Th>
                    <Table.Th>Action</Table.Th>
                    <Table.Th>Outcome</Table.Th>
                    <Table.Th>Target</Table.Th>
                    <Table.Th>From</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {entries.map((entry) => (
                    <AuditRow key={entry.id} entry={entry} onActor={setActor} />
                  ))}
                </Table.Tbody>
              </Table>
            </SideScroll>
          )}
          {log.isFetchNextPageError && (
            <ErrorState title="Could not load older entries" error={log.error} onRetry={() => void log.fetchNextPage()} />
          )}
          <Group justify="space-between" wrap="wrap" gap="sm">
            <Text size="sm" c="dimmed" aria-live="polite">
              {log.hasNextPage
                ? `Showing the latest ${entries.length} entries`
                : `${entries.length} ${entries.length === 1 ? 'entry' : 'entries'} · that is the oldest`}
            </Text>
            {log.hasNextPage && (
              <Button variant="light" loading={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
                Load older
              </Button>
            )}
          </Group>
        </>
      )}
    </Stack>
  );
}
