import { describe, expect, it } from 'vitest';
import { currentFilmWeek, fileUrl, thisMonth } from './reportDates';

describe('report dates', () => {
  it('starts the film week on the last Friday', () => {
    expect(currentFilmWeek(new Date(2100, 11, 3))).toBe('2100-12-03'); // a Friday
    expect(currentFilmWeek(new Date(2100, 11, 9))).toBe('2100-12-03'); // the Thursday after
    expect(currentFilmWeek(new Date(2100, 11, 10))).toBe('2100-12-10');
  });

  it('reads this month to today, and builds file URLs', () => {
    expect(thisMonth(new Date(2100, 11, 9))).toEqual({ from: '2100-12-01', to: '2100-12-09' });
    expect(fileUrl('/api/admin/reports/sales', { from: '2100-12-01', cinema_id: undefined }, 'csv')).toBe(
      '/api/admin/reports/sales?from=2100-12-01&format=csv',
    );
  });
});
