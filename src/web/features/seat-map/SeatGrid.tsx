import { type CSSProperties, type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { KindMark, SeatButton } from './SeatButton';
import classes from './SeatGrid.module.css';
import {
  categoryColour,
  type GridRow,
  type GridSeat,
  layoutRows,
  MOVE_KEYS,
  type MoveKey,
  rowCells,
  seatAfterMove,
  widestRow,
} from './seatLayout';
import { useSeatTip } from './useSeatTip';
import { type SeatZoom, ZoomControls, zoomStyle } from './ZoomControls';

type Props = {
  seats: GridSeat[];
  label: string;
  selected?: ReadonlySet<number>;
  /** Without it the grid is a picture (the admin preview): nothing to focus or press. */
  onToggle?: (seat: GridSeat) => void;
};

const NONE: ReadonlySet<number> = new Set();
/** The preview has no seats to focus: its box takes a tab stop, so a keyboard can scroll it (WCAG 2.1.1). */
const PREVIEW_BOX = { tabIndex: 0, role: 'group', 'aria-label': 'Seat plan, scrolls sideways when wide' } as const;
const colourStyle = (colour: string) => ({ '--seat-colour': `var(--mantine-color-${colour}-5)` }) as CSSProperties;

/** The hall as rows of seats under the screen, with row letters on both sides. */
export function SeatGrid({ seats, label, selected = NONE, onToggle }: Props) {
  const rows = useMemo(() => layoutRows(seats), [seats]);
  const categories = useMemo(() => [...new Set(seats.map((s) => s.category))], [seats]);
  // Gaps (aisles, missing seats) take a seat's width, so positions line up from row to row.
  const longest = widestRow(rows);
  const [zoom, setZoom] = useState<SeatZoom>('auto');
  const viewport = useRef<HTMLDivElement>(null);
  const hall = useRef<HTMLDivElement>(null);
  // A hall wider than the screen opens on its middle, where the best seats are.
  const hasRows = rows.length > 0;
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-centre when the zoom changes the width
  useEffect(() => {
    const el = viewport.current;
    if (el && hasRows) el.scrollLeft = (el.scrollWidth - el.clientWidth) / 2;
  }, [hasRows, zoom]);
  const seatSize = () => hall.current?.querySelector<HTMLElement>('[data-seat-id]')?.offsetWidth ?? 28;
  return (
    <div className={classes.frame}>
      {onToggle && <ZoomControls zoom={zoom} onZoom={setZoom} currentSize={seatSize} />}
      {/* A plain scrolling box: the browser's own scrollbars, momentum and pinch on a phone. */}
      <div ref={viewport} className={classes.viewport} {...(onToggle ? {} : PREVIEW_BOX)}>
        <div
          ref={hall}
          className={classes.hall}
          data-zoom={onToggle ? (typeof zoom === 'number' ? 'fixed' : zoom) : undefined}
          style={{ '--seats-in-row': longest, ...zoomStyle(zoom) } as CSSProperties}
        >
          <div className={classes.screen} aria-hidden>
            Screen
          </div>
          {onToggle ? (
            <SeatTable rows={rows} seats={seats} categories={categories} label={label} selected={selected} onToggle={onToggle} />
          ) : (
            <div role="img" aria-label={label} className={classes.rows}>
              {rows.map((row) => (
                <div key={row.row} className={classes.row}>
                  <span className={classes.rowLabel}>{row.row}</span>
                  {rowCells(row).map((seat, i) =>
                    seat ? (
                      <span
                        key={seat.id}
                        className={classes.seat}
                        data-status={seat.status}
                        data-kind={seat.kind}
                        style={colourStyle(categoryColour(seat.category, categories))}
                      >
                        <KindMark seat={seat} />
                      </span>
                    ) : (
                      // biome-ignore lint/suspicious/noArrayIndexKey: a gap is its position
                      <span key={`gap-${i}`} className={classes.gap} />
                    ),
                  )}
                  <span className={classes.rowLabel}>{row.row}</span>
                </div>
              ))}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}

type TableProps = {
  rows: GridRow[];
  seats: GridSeat[];
  categories: string[];
  label: string;
  selected: ReadonlySet<number>;
  onToggle: (seat: GridSeat) => void;
};

/** The ARIA grid pattern: one seat in the tab order (roving tabindex), arrow keys move focus. */
function SeatTable({ rows, seats, categories, label, selected, onToggle }: TableProps) {
  const buttons = useRef(new Map<number, HTMLButtonElement>());
  const [activeId, setActiveId] = useState<number | null>(null);
  const tip = useSeatTip();
  // The last seat focused stays the way back in; before that, the first free one.
  const focusId =
    activeId !== null && seats.some((s) => s.id === activeId)
      ? activeId
      : (seats.find((s) => s.status === 'available')?.id ?? rows[0]?.seats[0]?.id ?? null);

  const register = useCallback((id: number, element: HTMLButtonElement | null) => {
    if (element) buttons.current.set(id, element);
    else buttons.current.delete(id);
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    if (!MOVE_KEYS.includes(event.key)) return;
    const from = Number((event.target as HTMLElement).dataset.seatId);
    if (!Number.isInteger(from)) return;
    event.preventDefault();
    const next = seatAfterMove(rows, from, event.key as MoveKey, event.ctrlKey || event.metaKey);
    if (next === null) return;
    setActiveId(next);
    buttons.current.get(next)?.focus();
  };

  return (
    <>
      {/* biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the WAI-ARIA grid pattern builds on a table; role=grid adds the arrow-key model */}
      <table role="grid" aria-label={label} className={classes.table} onKeyDown={onKeyDown} {...tip.handlers}>
        <tbody>
          {rows.map((row) => (
            <tr key={row.row}>
              <th scope="row" className={classes.rowLabel}>
                {row.row}
              </th>
              {rowCells(row).map((seat, i) =>
                seat ? (
                  <td key={seat.id} className={classes.cell}>
                    <SeatButton
                      seat={seat}
                      colour={categoryColour(seat.category, categories)}
                      selected={selected.has(seat.id)}
                      focusable={seat.id === focusId}
                      onToggle={onToggle}
                      onFocusSeat={setActiveId}
                      register={register}
                    />
                  </td>
                ) : (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a gap is its position
                  <td key={`gap-${i}`} className={classes.gap} aria-hidden />
                ),
              )}
              <td className={classes.rowLabel} aria-hidden>
                {row.row}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {tip.element}
    </>
  );
}
