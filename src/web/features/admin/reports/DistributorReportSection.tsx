import { Alert, Button, Group, Select, Skeleton, Table, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, Fragment, useState } from 'react';
import type { DistributorReportQuery } from '../../../../contract/reports';
import { ErrorState } from '../../../components/QueryStates';
import { SideScroll } from '../../../components/SideScroll';
import { errorText } from '../../../lib/fieldErrors';
import { useCinemas } from '../../browse/useCinemas';
import { downloadFile } from '../../tickets/downloadFile';
import { useAdminMovies } from '../movies/useAdminMovies';
import { fileUrl } from './reportDates';
import { FIGURE_HEADERS, FiguresCells } from './SalesReportSection';
import { useDistributorReport } from './useDistributorReport';

const weekday = (date: string) =>
  new Date(`${date}T00:00:00Z`).toLocaleDateString(undefined, {
    weekday: 'long',
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });

/**
 * A film's week (Friday to Thursday unless FILM_WEEK_START says otherwise) for its distributor,
 * per day and showtime, as CSV or PDF too. A blank week asks the server for the current one.
 */
export function DistributorReportSection() {
  const [movieId, setMovieId] = useState<string | null>(null);
  const [weekStart, setWeekStart] = useState('');
  const [cinemaId, setCinemaId] = useState<string | null>(null);
  const [query, setQuery] = useState<DistributorReportQuery | null>(null);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const movies = useAdminMovies();
  const cinemas = useCinemas();
  const report = useDistributorReport(query);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!movieId) return;
    setQuery({
      movie_id: Number(movieId),
      ...(weekStart ? { week_start: weekStart } : {}),
      ...(cinemaId ? { cinema_id: Number(cinemaId) } : {}),
    });
  };
  const download = (q: DistributorReportQuery, format: 'csv' | 'pdf') => {
    setDownloadError(null);
    downloadFile(
      fileUrl('/api/admin/reports/distributor', { ...q }, format),
      `distributor-${q.movie_id}-${q.week_start ?? 'this-week'}.${format}`,
    ).catch((error: unknown) => setDownloadError(errorText(error)));
  };

  return (
    <section aria-labelledby="distributor-report-title">
      <Title order={2} size="h3" id="distributor-report-title" mb="xs">
        Distributor report
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        A film's week (Friday to Thursday unless the cinema starts it on another day), with admissions and box office per day and
        per showtime (cinema's local times).
      </Text>
      <form onSubmit={submit} aria-label="Distributor report">
        <Group mb="md" align="flex-end" gap="sm" wrap="wrap">
          <Select
            label="Film"
            placeholder="Choose a film"
            data={(movies.data ?? []).map((m) => ({ value: String(m.id), label: m.title }))}
            value={movieId}
            onChange={setMovieId}
            searchable
            required
            w={{ base: '100%', xs: 260 }}
          />
          <TextInput
            type="date"
            label="Week starting"
            description="Blank: the current film week"
            value={weekStart}
            onChange={(e) => setWeekStart(e.currentTarget.value)}
            w={{ base: '100%', xs: 200 }}
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
          <Button type="submit" disabled={!movieId}>
            Show week
          </Button>
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
              {report.data.film} · {report.data.cinema} · {report.data.week_start} to {report.data.week_end}
            </Text>
            <Group gap="xs">
              <Button variant="light" onClick={() => download(query, 'csv')}>
                Download CSV
              </Button>
              <Button variant="light" onClick={() => download(query, 'pdf')}>
                Download PDF
              </Button>
            </Group>
          </Group>
          {downloadError && (
            <Alert color="red" role="alert" mb="sm" title="Could not download the report">
              {downloadError}
            </Alert>
          )}
          <SideScroll label="Distributor table" minWidth={700}>
            <Table verticalSpacing="xs" aria-label="Distributor report" aria-busy={report.isFetching}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Day and showtime</Table.Th>
                  <Table.Th>Cinema and hall</Table.Th>
                  {FIGURE_HEADERS.map((h) => (
                    <Table.Th key={h} ta="right">
                      {h}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.data.days.map((day) => (
                  <Fragment key={day.date}>
                    <Table.Tr fw={700}>
                      <Table.Th scope="row">{weekday(day.date)}</Table.Th>
                      <Table.Td>{day.showtimes === 1 ? '1 showtime' : `${day.showtimes} showtimes`}</Table.Td>
                      <FiguresCells figures={day} currency={report.data.currency} />
                    </Table.Tr>
                    {report.data.showtimes
                      .filter((s) => s.date === day.date)
                      .map((s) => (
                        <Table.Tr key={s.showtime_id}>
                          <Table.Td pl="lg">{s.time}</Table.Td>
                          <Table.Td>{[s.cinema, s.hall].filter(Boolean).join(' · ')}</Table.Td>
                          <FiguresCells figures={s} currency={report.data.currency} />
                        </Table.Tr>
                      ))}
                  </Fragment>
                ))}
              </Table.Tbody>
              <Table.Tfoot>
                <Table.Tr fw={700}>
                  <Table.Th scope="row">Week total</Table.Th>
                  <Table.Td />
                  <FiguresCells figures={report.data.totals} currency={report.data.currency} />
                </Table.Tr>
              </Table.Tfoot>
            </Table>
          </SideScroll>
        </>
      )}
    </section>
  );
}
