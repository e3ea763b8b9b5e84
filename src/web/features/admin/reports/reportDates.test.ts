import { describe, expect, it } from 'vitest';
import { fileUrl, thisMonth } from './reportDates';

describe('report dates', () => {
  it('reads this month to today, and builds file URLs', () => {
    expect(thisMonth(new Date(2100, 11, 9))).toEqual({ from: '2100-12-01', to: '2100-12-09' });
    expect(fileUrl('/api/admin/reports/sales', { from: '2100-12-01', cinema_id: undefined }, 'csv')).toBe(
      '/api/admin/reports/sales?from=2100-12-01&format=csv',
    );
  });
});
