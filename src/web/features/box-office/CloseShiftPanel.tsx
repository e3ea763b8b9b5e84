import { Button, NumberInput, Paper, Stack, Text, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { Shift, ShiftReport } from '../../../contract/box-office';
import { isApiError } from '../../api/client';
import { FormAlert } from '../../components/FormAlert';
import { fieldErrorsOf } from '../../lib/fieldErrors';
import { formatDateTime } from '../../lib/format';
import { ShiftReportTable } from './ShiftReportTable';
import { useCloseShift } from './useCloseShift';
import { useShiftReport } from './useShiftReport';

/** The open shift's takings so far, and closing it with the cash counted. */
export function CloseShiftPanel({ shift, onClosed }: { shift: Shift; onClosed: (report: ShiftReport) => void }) {
  const report = useShiftReport(shift.shift_id);
  const close = useCloseShift(shift.shift_id);
  const [counted, setCounted] = useState<number | string>('');
  const errors = isApiError(close.error) ? fieldErrorsOf(close.error) : {};
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (counted === '') return;
    close.mutate({ counted_cash: Number(counted) }, { onSuccess: onClosed });
  };
  return (
    <Paper withBorder radius="lg" p="md" component="section" aria-labelledby="shift-title">
      <Stack gap="sm">
        <Title order={2} id="shift-title" fz="h3">
          Your shift
        </Title>
        <Text size="sm" c="dimmed">
          Open since {formatDateTime(shift.opened_at)}
        </Text>
        {report.data && <ShiftReportTable report={report.data} />}
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <NumberInput
              label="Cash counted"
              description="Count the drawer, then close the shift; its sales are final after that"
              min={0}
              max={100_000}
              decimalScale={2}
              value={counted}
              onChange={setCounted}
              error={errors.counted_cash}
              required
            />
            <FormAlert message={close.error && !errors.counted_cash ? close.error.message : null} />
            <Button type="submit" variant="outline" color="red" loading={close.isPending} disabled={counted === ''}>
              Close shift
            </Button>
          </Stack>
        </form>
      </Stack>
    </Paper>
  );
}
