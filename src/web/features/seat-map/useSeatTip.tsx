import { type FocusEvent, type PointerEvent, useCallback, useEffect, useRef, useState } from 'react';
import classes from './SeatGrid.module.css';

type Tip = { text: string; x: number; y: number };

const OPEN_DELAY_MS = 150;
const seatUnder = (target: EventTarget | null) => (target instanceof Element ? target.closest<HTMLElement>('[data-tip]') : null);

/**
 * One tooltip for the whole hall, fed by the seat under the mouse or the keyboard's focus (each
 * seat's `data-tip`). A popover per seat would mount hundreds of positioning hooks on a phone that
 * cannot hover anyway; this one is fixed to the window, so the hall's scrolling box cannot clip it.
 * Seats carry the same words in their accessible names: the tip is for the eyes only.
 */
export function useSeatTip() {
  const [tip, setTip] = useState<Tip | null>(null);
  const timer = useRef<number | undefined>(undefined);

  const showFor = useCallback((seat: HTMLElement | null, delay: number) => {
    window.clearTimeout(timer.current);
    if (!seat?.dataset.tip) return setTip(null);
    const text = seat.dataset.tip;
    timer.current = window.setTimeout(() => {
      const rect = seat.getBoundingClientRect();
      setTip({ text, x: rect.left + rect.width / 2, y: rect.top });
    }, delay);
  }, []);
  const hide = useCallback(() => {
    window.clearTimeout(timer.current);
    setTip(null);
  }, []);

  // A tip left behind by scrolling would point at the wrong seat.
  useEffect(() => {
    if (!tip) return;
    window.addEventListener('scroll', hide, { capture: true, passive: true });
    return () => window.removeEventListener('scroll', hide, { capture: true });
  }, [tip, hide]);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const handlers = {
    onPointerOver: (event: PointerEvent) => {
      if (event.pointerType === 'mouse') showFor(seatUnder(event.target), OPEN_DELAY_MS);
    },
    onPointerLeave: hide,
    onFocus: (event: FocusEvent) => {
      const seat = seatUnder(event.target);
      if (seat?.matches(':focus-visible')) showFor(seat, 0);
    },
    onBlur: hide,
  };
  const element = tip && (
    <div className={classes.tip} style={{ left: tip.x, top: tip.y }} aria-hidden>
      {tip.text}
    </div>
  );
  return { handlers, element };
}
