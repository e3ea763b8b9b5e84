import { Button, Container, Paper, Stack, Title } from '@mantine/core';
import { useState } from 'react';
import type { ShiftReport } from '../../../contract/box-office';
import { ErrorState, LoadingState } from '../../components/QueryStates';
import { CashRefundPanel } from './CashRefundPanel';
import { CloseShiftPanel } from './CloseShiftPanel';
import { OpenShiftForm } from './OpenShiftForm';
import { SellPanel } from './SellPanel';
import { ShiftReportTable } from './ShiftReportTable';
import { useCurrentShift } from './useCurrentShift';

/** The counter: open a shift, sell, pay out cash owed, close the shift with its report. */
export function BoxOfficePage() {
  const current = useCurrentShift();
  const [closed, setClosed] = useState<ShiftReport | null>(null);
  const shift = current.data?.shift ?? null;

  return (
    <Container size="xl" py="lg">
      <Stack gap="md">
        <Title order={1}>Box office</Title>
        {current.isError && (
          <ErrorState title="Could not load your shift" error={current.error} onRetry={() => void current.refetch()} />
        )}
        {current.isLoading && <LoadingState label="Loading your shift…" />}
        {closed && !shift && (
          <Paper withBorder radius="lg" p="md" component="section" aria-labelledby="closed-title">
            <Stack gap="sm">
              <Title order={2} id="closed-title" fz="h3">
                Shift closed: report
              </Title>
              <ShiftReportTable report={closed} />
              <Button variant="default" onClick={() => setClosed(null)} w="fit-content">
                Done
              </Button>
            </Stack>
          </Paper>
        )}
        {current.data && !shift && !closed && <OpenShiftForm />}
        {shift && (
          <>
            <SellPanel />
            <CashRefundPanel />
            <CloseShiftPanel shift={shift} onClosed={setClosed} />
          </>
        )}
      </Stack>
    </Container>
  );
}
