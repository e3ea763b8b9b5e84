import { Divider, Stack } from '@mantine/core';
import { DistributorReportSection } from './DistributorReportSection';
import { SalesReportSection } from './SalesReportSection';

export default function AdminReportsPage() {
  return (
    <Stack gap="xl">
      <SalesReportSection />
      <Divider />
      <DistributorReportSection />
    </Stack>
  );
}
