import { Anchor, Badge, Group, List, Paper, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconPaperclip } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import type { MailMessage } from '../../../../contract/mail';
import { ErrorState, LoadingState } from '../../../components/QueryStates';
import { formatDateTime } from '../../../lib/format';
import { useMailMessage } from './useMailMessage';

const SHOWN_HEADERS = ['from', 'to', 'date', 'message-id'];

function Headers({ message }: { message: MailMessage }) {
  const rows = SHOWN_HEADERS.map((name) => message.headers.find((h) => h.name.toLowerCase() === name)).filter(
    (h): h is { name: string; value: string } => h !== undefined,
  );
  return (
    <Stack component="dl" gap={4} m={0}>
      {rows.map((h) => (
        <Group key={h.name} gap="xs" wrap="nowrap" align="flex-start">
          <Text component="dt" size="sm" fw={600} w={96} style={{ flexShrink: 0 }}>
            {h.name}
          </Text>
          <Text component="dd" size="sm" m={0} style={{ overflowWrap: 'anywhere' }}>
            {h.name.toLowerCase() === 'date' && message.date ? formatDateTime(message.date) : h.value}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}

/**
 * One stored email. Its HTML part is shown in a sandboxed frame with no permissions at all (no
 * scripts, no forms, no same-origin access), so whatever the message contains cannot act here.
 */
export function MailMessagePage() {
  const { id = '' } = useParams();
  const message = useMailMessage(id);
  const data = message.data;

  return (
    <Stack gap="md">
      <Anchor component={Link} to="/admin/mail" size="sm">
        <Group gap={4} component="span">
          <IconArrowLeft size={14} aria-hidden />
          All emails
        </Group>
      </Anchor>
      {message.isPending && <LoadingState label="Loading the email…" />}
      {message.isError && (
        <ErrorState title="Could not load this email" error={message.error} onRetry={() => void message.refetch()} />
      )}
      {data && (
        <>
          <Title order={2} size="h3" style={{ overflowWrap: 'anywhere' }}>
            {data.subject ?? '(no subject)'}
          </Title>
          <Paper withBorder p="sm" radius="md">
            <Headers message={data} />
            {data.attachments.length > 0 && (
              <List mt="xs" size="sm" icon={<IconPaperclip size={14} aria-hidden />} aria-label="Attachments">
                {data.attachments.map((a) => (
                  <List.Item key={a.filename}>
                    {a.filename}{' '}
                    <Badge variant="light" color="gray" tt="none" size="sm">
                      {a.content_type}, {a.size} bytes
                    </Badge>
                  </List.Item>
                ))}
              </List>
            )}
          </Paper>
          <Tabs defaultValue={data.html ? 'html' : 'text'} keepMounted={false}>
            <Tabs.List>
              {data.html && <Tabs.Tab value="html">As formatted</Tabs.Tab>}
              <Tabs.Tab value="text">Plain text</Tabs.Tab>
            </Tabs.List>
            {data.html && (
              <Tabs.Panel value="html" pt="sm">
                <iframe
                  title={`Email: ${data.subject ?? 'no subject'}`}
                  sandbox=""
                  srcDoc={data.html}
                  referrerPolicy="no-referrer"
                  style={{
                    width: '100%',
                    height: 560,
                    border: '1px solid var(--mantine-color-default-border)',
                    borderRadius: 8,
                    background: '#fff',
                  }}
                />
              </Tabs.Panel>
            )}
            <Tabs.Panel value="text" pt="sm">
              <Paper withBorder p="sm" radius="md">
                <Text
                  component="pre"
                  size="sm"
                  m={0}
                  style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', fontFamily: 'var(--mantine-font-family-monospace)' }}
                >
                  {data.text ?? '(no plain-text part)'}
                </Text>
              </Paper>
            </Tabs.Panel>
          </Tabs>
        </>
      )}
    </Stack>
  );
}
