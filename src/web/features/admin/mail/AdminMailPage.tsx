import { Alert, Anchor, Badge, Button, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import { IconClockPause, IconMail, IconRefresh } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { StoredMail, WaitingMail } from '../../../../contract/mail';
import { EmptyNote, ErrorState } from '../../../components/QueryStates';
import { formatDateTime } from '../../../lib/format';
import { templateLabel, waitingReason } from './mailText';
import { useAdminMail } from './useAdminMail';

function WaitingItem({ mail }: { mail: WaitingMail }) {
  return (
    <Paper component="li" withBorder radius="md" p="sm">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text fw={600} size="sm">
          {templateLabel(mail.template)}
        </Text>
        <Badge variant="light" color={mail.attempts > 0 ? 'orange' : 'gray'} tt="none">
          {mail.attempts > 0 ? `Retrying (${mail.attempts})` : 'Queued'}
        </Badge>
      </Group>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        To {mail.to ?? 'an unknown recipient'}
      </Text>
      <Text size="sm" c={mail.attempts > 0 ? 'orange.8' : 'dimmed'} style={{ overflowWrap: 'anywhere' }}>
        {waitingReason(mail)}
      </Text>
      <Text size="xs" c="dimmed">
        Written <time dateTime={mail.created_at}>{formatDateTime(mail.created_at)}</time> · next try{' '}
        <time dateTime={mail.next_attempt_at}>{formatDateTime(mail.next_attempt_at)}</time>
      </Text>
    </Paper>
  );
}

function MessageItem({ mail }: { mail: StoredMail }) {
  return (
    <Paper component="li" withBorder radius="md" p="sm">
      <Anchor
        component={Link}
        to={`/admin/mail/${encodeURIComponent(mail.id)}`}
        fw={600}
        size="sm"
        style={{ overflowWrap: 'anywhere' }}
      >
        {mail.subject ?? '(no subject)'}
      </Anchor>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        To {mail.to ?? 'nobody'}
      </Text>
      {mail.date && (
        <Text size="xs" c="dimmed">
          <time dateTime={mail.date}>{formatDateTime(mail.date)}</time>
        </Text>
      )}
    </Paper>
  );
}

const listStyle = { listStyle: 'none', padding: 0, margin: 0 } as const;

/** What customers were sent (kept as files when there is no SMTP server) and what is still waiting, and why. */
export function AdminMailPage() {
  const mail = useAdminMail();
  const data = mail.data;

  return (
    <Stack gap="lg">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Text c="dimmed" size="sm" maw={640}>
          {data?.transport === 'smtp'
            ? 'Emails are sent through the SMTP server (SMTP_URL). Those that could not be sent yet wait below, with the reason.'
            : 'No SMTP server is set up (SMTP_URL), so emails are kept here instead of being sent: this is what customers would receive.'}
        </Text>
        <Button
          variant="default"
          size="sm"
          leftSection={<IconRefresh size={14} aria-hidden />}
          loading={mail.isFetching && !mail.isPending}
          onClick={() => void mail.refetch()}
        >
          Refresh
        </Button>
      </Group>

      {mail.isPending && (
        <Stack role="status" aria-label="Loading emails" gap="xs">
          {[0, 1, 2].map((n) => (
            <Skeleton key={n} h={56} radius="sm" />
          ))}
        </Stack>
      )}
      {mail.isError && <ErrorState title="Could not load the emails" error={mail.error} onRetry={() => void mail.refetch()} />}

      {data && (
        <>
          <section aria-labelledby="mail-waiting">
            <Title order={2} size="h3" id="mail-waiting" mb="xs">
              Waiting to be sent ({data.waiting.length})
            </Title>
            {data.waiting.length === 0 ? (
              <Text size="sm" c="dimmed">
                Nothing is waiting: every email has gone out.
              </Text>
            ) : (
              <>
                {data.waiting.some((w) => w.attempts > 0) && (
                  <Alert color="orange" variant="light" icon={<IconClockPause aria-hidden />} mb="sm" role="status">
                    Some emails could not be sent. They are tried again automatically; bookings and payments are not affected.
                  </Alert>
                )}
                <Stack component="ul" gap="xs" style={listStyle}>
                  {data.waiting.map((w) => (
                    <WaitingItem key={w.outbox_id} mail={w} />
                  ))}
                </Stack>
              </>
            )}
          </section>

          {data.transport === 'files' && (
            <section aria-labelledby="mail-messages">
              <Title order={2} size="h3" id="mail-messages" mb="xs">
                Messages ({data.messages.length})
              </Title>
              {data.messages.length === 0 ? (
                <EmptyNote
                  icon={<IconMail aria-hidden />}
                  title="No emails yet"
                  description="Confirmations, cancellations and password reset links appear here."
                  order={3}
                />
              ) : (
                <Stack component="ul" gap="xs" style={listStyle}>
                  {data.messages.map((m) => (
                    <MessageItem key={m.id} mail={m} />
                  ))}
                </Stack>
              )}
            </section>
          )}
        </>
      )}
    </Stack>
  );
}
