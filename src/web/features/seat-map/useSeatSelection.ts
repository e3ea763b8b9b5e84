import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Seat } from '../../../contract/catalogue';

export const MAX_SEATS = 10;

function listLabels(labels: string[]): string {
  if (labels.length <= 1) return labels.join('');
  return `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
}

export function takenNotice(labels: string[]): string {
  return labels.length === 1
    ? `Seat ${labels[0]} was just taken by someone else and has been removed from your selection.`
    : `Seats ${listLabels(labels)} were just taken by someone else and have been removed from your selection.`;
}

/**
 * The seats the user picked. A picked seat that stops being available (another buyer got it)
 * is dropped with a notice, except while `paused`: during our own hold the seats turn "held"
 * because of us.
 */
export function useSeatSelection(seats: Seat[] | undefined, initial: number[], paused: boolean) {
  const [selectedIds, setSelectedIds] = useState<number[]>(initial);
  const [notice, setNotice] = useState<string | null>(null);
  const byId = useMemo(() => new Map((seats ?? []).map((s) => [s.seat_id, s])), [seats]);

  useEffect(() => {
    if (!seats || paused) return;
    const taken = selectedIds.filter((id) => byId.get(id)?.status !== 'available');
    if (taken.length === 0) return;
    setSelectedIds((current) => current.filter((id) => !taken.includes(id)));
    setNotice(takenNotice(taken.map((id) => byId.get(id)?.label ?? `#${id}`)));
  }, [seats, byId, selectedIds, paused]);

  // Read through a ref so toggle keeps one identity and memoised seats do not all re-render.
  const current = useRef(selectedIds);
  current.current = selectedIds;
  const toggle = useCallback(
    (seatId: number) => {
      const seat = byId.get(seatId);
      if (seat?.status !== 'available' || seat.kind === 'blocked') return;
      const ids = current.current;
      if (ids.includes(seatId)) setSelectedIds(ids.filter((id) => id !== seatId));
      else if (ids.length >= MAX_SEATS) setNotice(`You can pick up to ${MAX_SEATS} seats in one booking.`);
      else setSelectedIds([...ids, seatId]);
    },
    [byId],
  );

  const drop = useCallback((seatIds: number[], message: string) => {
    setSelectedIds((current) => current.filter((id) => !seatIds.includes(id)));
    setNotice(message);
  }, []);

  /** Replaces the selection (best seats, a suggested choice): only seats still free, at most MAX_SEATS. */
  const replace = useCallback(
    (seatIds: number[], message: string | null = null) => {
      setSelectedIds(seatIds.filter((id) => byId.get(id)?.status === 'available').slice(0, MAX_SEATS));
      setNotice(message);
    },
    [byId],
  );

  const selectedSeats = selectedIds.map((id) => byId.get(id)).filter((s): s is Seat => s !== undefined);
  return { selectedIds, selectedSeats, toggle, drop, replace, notice, dismissNotice: () => setNotice(null) };
}
