import { formatDate } from '../../../../core/cinema-time';

const today = (now: Date) => ({ year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate() });

/** The first of this month to today: a sales report's first range. */
export function thisMonth(now = new Date()): { from: string; to: string } {
  const d = today(now);
  return { from: formatDate({ ...d, day: 1 }), to: formatDate(d) };
}

/** The URL of a report with the same filters, as a file. */
export function fileUrl(path: string, query: Record<string, string | number | undefined>, format: 'csv' | 'pdf'): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  params.set('format', format);
  return `${path}?${params.toString()}`;
}
