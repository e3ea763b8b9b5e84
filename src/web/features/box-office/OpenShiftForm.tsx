import { Button, NumberInput, Paper, Stack, Text, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { isApiError } from '../../api/client';
import { FormAlert } from '../../components/FormAlert';
import { fieldErrorsOf } from '../../lib/fieldErrors';
import { useOpenShift } from './useOpenShift';

export function OpenShiftForm() {
  const open = useOpenShift();
  const [float, setFloat] = useState<number | string>(100);
  const errors = isApiError(open.error) ? fieldErrorsOf(open.error) : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    open.mutate({ opening_float: Number(float) });
  };
  return (
    <Paper withBorder radius="lg" p="md" component="section" aria-labelledby="open-shift-title">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} id="open-shift-title" fz="h3">
            Open a shift
          </Title>
          <Text c="dimmed" size="sm">
            Count the cash in the drawer before the first sale. Sales and refunds are recorded against your shift.
          </Text>
          <NumberInput
            label="Opening float"
            description="Cash in the drawer now"
            min={0}
            max={100_000}
            decimalScale={2}
            value={float}
            onChange={setFloat}
            error={errors.opening_float}
            required
          />
          <FormAlert message={open.error && !errors.opening_float ? open.error.message : null} />
          <Button type="submit" loading={open.isPending}>
            Open shift
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
