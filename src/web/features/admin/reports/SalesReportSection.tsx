import { Alert, Button, Group, Select, Skeleton, Table, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import type { SalesReport, SalesReportQuery } from '../../../../contract/reports';
import { EmptyNote, ErrorState } from '../../../components/QueryStates';
import { SideScroll } from '../../../components/SideScroll';
import { errorText } from '../../../lib/fieldErrors';
import { formatMoney } from '../../../lib/format';
import { useCinemas } from '../../browse/useCinemas';
import { downloadFile } from '../../tickets/downloadFile';
import { fileUrl, thisMonth } from './reportDates';
import { useSalesReport } from './useSalesReport';

const GROUPINGS = [
  { value: 'film', label: 'Film' },
  { value: 'showtime', label: 'Showtime' },
  { value: 'day', label: 'Day' },
  { value: 'ticket_type', label: 'Ticket type' },
  { value: 'promo_code', label: 'Promo code' },
  { value: 'payment_method', label: 'Payment method' },
];

export function FiguresCells({ figures, currency }: { figures: SalesReport['totals']; currency: string }) {
  return (
    <>
      <Table.Td ta="right">{figures.admissions}</Table.Td>
      <Table.Td ta="right">{formatMoney(figures.gross, currency)}</Table.Td>
      <Table.Td ta="right">{formatMoney(figures.refunds, currency)}</Table.Td>
      <Table.Td ta="right">{formatMoney(figures.net, currency)}</Table.Td>
    </>
  );
}

export const FIGURE_HEADERS = ['Admissions', 'Gross', 'Refunds', 'Net'];

/** Sales for a range of business days, grouped, with a CSV of the same. */
export function SalesReportSection() {
  const initial = thisMonth();
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const [cinemaId, setCinemaId] = useState<string | null>(null);
  const [groupBy, setGroupBy] = useState<string>('film');
  const [query, setQuery] = useState<SalesReportQuery | null>(null);
  const cinemas = useCinemas();
  const report = useSalesReport(query);
  const [downloadError, setDownloadError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setQuery({
      from,
      to,
      group_by: groupBy as SalesReportQuery['group_by'],
      ...(cinemaId ? { cinema_id: Number(cinemaId) } : {}),
    });
  };
  const downloadCsv = (q: SalesReportQuery) => {
    setDownloadError(null);
    downloadFile(
      fileUrl('/api/admin/reports/sales', { ...q }, 'csv'),
      `sales-${q.from}-${q.to}-${q.group_by ?? 'film'}.csv`,
    ).catch((error: unknown) => setDownloadError(errorText(error)));
  };

  return (
    <section aria-labelledby="sales-report-title">
      <Title order={2} size="h3" id="sales-report-title" mb="xs">
        Sales
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Business days in each cinema's time; money counted on the showtime's day. Net is gross less refunds.
      </Text>
      <form onSubmit={submit} aria-label="Sales report">
        <Group mb="md" align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            type="date"
            label="From"
            value={from}
            onChange={(e) => setFrom(e.currentTarget.value)}
            required
            w={{ base: '100%', xs: 170 }}
          />
          <TextInput
            type="date"
            label="To"
            value={to}
            onChange={(e) => setTo(e.currentTarget.value)}
            required
            w={{ base: '100%', xs: 170 }}
          />
          <Select
            label="Cinema"
            placeholder="All cinemas"
            data={(cinemas.data ?? []).map((c) => ({ value: String(c.id), label: c.name }))}
            value={cinemaId}
            onChange={setCinemaId}
            clearable
            w={{ base: '100%', xs: 200 }}
          />
          <Select
            label="Group by"
            data={GROUPINGS}
            value={groupBy}
            onChange={(v) => setGroupBy(v ?? 'film')}
            allowDeselect={false}
            w={{ base: '100%', xs: 180 }}
          />
          <Button type="submit">Show sales</Button>
        </Group>
      </form>
      {report.isFetching && !report.data && <Skeleton h={160} radius="lg" />}
      {report.isError && (
        <ErrorState title="Could not make the report" error={report.error} onRetry={() => void report.refetch()} />
      )}
      {report.data && query && (
        <>
          <Group justify="space-between" mb="xs" wrap="wrap">
            <Text size="sm">
              {report.data.from} to {report.data.to}
            </Text>
            <Button variant="light" onClick={() => downloadCsv(query)}>
              Download CSV
            </Button>
          </Group>
          {downloadError && (
            <Alert color="red" role="alert" mb="sm" title="Could not download the CSV">
              {downloadError}
            </Alert>
          )}
          {report.data.rows.length === 0 ? (
            <EmptyNote title="No sales" description="Nothing was sold for showtimes on these days." />
          ) : (
            <SideScroll label="Sales table" minWidth={640}>
              <Table verticalSpacing="xs" aria-label="Sales" aria-busy={report.isFetching}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{GROUPINGS.find((g) => g.value === report.data.group_by)?.label}</Table.Th>
                    {FIGURE_HEADERS.map((h) => (
                      <Table.Th key={h} ta="right">
                        {h}
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {report.data.rows.map((r) => (
                    <Table.Tr key={r.key}>
                      <Table.Td>{r.label}</Table.Td>
                      <FiguresCells figures={r} currency={report.data.currency} />
                    </Table.Tr>
                  ))}
                </Table.Tbody>
                <Table.Tfoot>
                  <Table.Tr fw={700}>
                    <Table.Th scope="row">Total</Table.Th>
                    <FiguresCells figures={report.data.totals} currency={report.data.currency} />
                  </Table.Tr>
                </Table.Tfoot>
              </Table>
            </SideScroll>
          )}
        </>
      )}
    </section>
  );
}
