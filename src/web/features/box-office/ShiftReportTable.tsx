import { Table, Text } from '@mantine/core';
import type { ShiftReport } from '../../../contract/box-office';
import { formatMoney } from '../../lib/format';

/** A shift's takings by payment method and its cash balance. */
export function ShiftReportTable({ report }: { report: ShiftReport }) {
  const money = (amount: number) => formatMoney(amount, report.shift.currency);
  const line = (label: string, totals: ShiftReport['sales']['cash']) => (
    <Table.Tr key={label}>
      <Table.Th scope="row">{label}</Table.Th>
      <Table.Td>{totals.count}</Table.Td>
      <Table.Td ta="right">{money(totals.amount)}</Table.Td>
    </Table.Tr>
  );
  const difference = report.difference;
  return (
    <>
      <Table.ScrollContainer minWidth={280}>
        <Table aria-label="Sales and refunds by payment method">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Money</Table.Th>
              <Table.Th scope="col">Count</Table.Th>
              <Table.Th scope="col" ta="right">
                Amount
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {line('Cash sales', report.sales.cash)}
            {line('Card sales', report.sales.card)}
            {line('All sales', report.sales.total)}
            {report.promo_discounts.count > 0 && line('Promo discounts (sales are after them)', report.promo_discounts)}
            {line('Cash refunds', report.refunds.cash)}
            {line('Card refunds', report.refunds.card)}
            {line('All refunds', report.refunds.total)}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Table aria-label="Cash in the drawer" mt="sm">
        <Table.Tbody>
          <Table.Tr>
            <Table.Th scope="row">Opening float</Table.Th>
            <Table.Td ta="right">{money(report.shift.opening_float)}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">Cash expected (float + cash sales − cash refunds)</Table.Th>
            <Table.Td ta="right" data-testid="cash-expected">
              {money(report.cash_expected)}
            </Table.Td>
          </Table.Tr>
          {report.counted_cash !== null && (
            <Table.Tr>
              <Table.Th scope="row">Cash counted</Table.Th>
              <Table.Td ta="right">{money(report.counted_cash)}</Table.Td>
            </Table.Tr>
          )}
          {difference !== null && (
            <Table.Tr>
              <Table.Th scope="row">Difference</Table.Th>
              <Table.Td ta="right" data-testid="cash-difference">
                <Text span fw={700} c={difference === 0 ? undefined : 'red.4'}>
                  {difference === 0 ? 'None' : `${money(difference)} (${difference < 0 ? 'short' : 'over'})`}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
    </>
  );
}
