import { Alert, List } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';

/** The form-level error: a message plus any field problems no input on the form shows. */
export function FormAlert({ title, message, extra = [] }: { title?: string; message?: string | null; extra?: string[] }) {
  if (!message && extra.length === 0) return null;
  return (
    <Alert color="red" variant="light" title={title} icon={<IconAlertTriangle aria-hidden />} role="alert">
      {message}
      {extra.length > 0 && (
        <List size="sm" mt={message ? 'xs' : 0}>
          {extra.map((line) => (
            <List.Item key={line}>{line}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
