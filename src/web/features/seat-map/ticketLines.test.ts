import { describe, expect, it } from 'vitest';
import type { Seat } from '../../../contract/catalogue';
import { offeredTypes, ticketLines, ticketTypesBody } from './ticketLines';

const seat = (id: number, category: string, price: number): Seat => ({
  seat_id: id,
  row: 'C',
  number: id,
  label: `C${id}`,
  category,
  price,
  status: 'available',
  kind: 'standard',
  row_index: 3,
  column: id,
});
const types = [
  { code: 'adult', label: 'Adult', prices: { standard: 15, premium: 18 } },
  { code: 'child', label: 'Child', prices: { standard: 9, premium: 11 } },
];

describe('ticket lines', () => {
  it('prices each seat by its type and category plus the surcharge', () => {
    const seats = [seat(1, 'standard', 17.5), seat(2, 'premium', 20.5)];
    const { lines, total } = ticketLines(seats, types, new Map([[1, 'child']]), 2.5);
    expect(lines.map((l) => [l.seat.label, l.code, l.label, l.price])).toEqual([
      ['C1', 'child', 'Child', 11.5],
      ['C2', 'adult', 'Adult', 20.5],
    ]);
    expect(total).toBe(32);
  });

  it('reads a type that is not offered as adult, and leaves out child where the rating refuses it', () => {
    const { lines } = ticketLines([seat(1, 'standard', 15)], types, new Map([[1, 'member']]), 0);
    expect(lines[0]?.code).toBe('adult');
    expect(offeredTypes(types, false).map((t) => t.code)).toEqual(['adult']);
    expect(offeredTypes(types, true)).toHaveLength(2);
  });

  it('sends only the seats that are not adult', () => {
    expect(ticketTypesBody([1, 2], new Map([[1, 'adult']]))).toBeUndefined();
    expect(
      ticketTypesBody(
        [1, 2],
        new Map([
          [2, 'child'],
          [3, 'child'],
        ]),
      ),
    ).toEqual({ '2': 'child' });
  });
});
