import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import classes from './SideScroll.module.css';

type Props = {
  children: ReactNode;
  /** Names the scrolling region (a table's box); leave out where a landmark around it has a name. */
  label?: string;
  /** The content's own width below which it scrolls rather than squeezes (a table's columns). */
  minWidth?: number;
  /** What the visible note says scrolls, e.g. "columns" or "sections". */
  more?: string;
};

type Edges = { before: boolean; after: boolean };

/**
 * A box that scrolls sideways when its content is wider than the screen, and shows it: a shade on
 * each edge that hides more, and a short note above it. A named region with a tab stop when it
 * overflows, so a keyboard can scroll it too (its content may have nothing to focus).
 */
export function SideScroll({ children, label, minWidth, more = 'columns' }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const [edges, setEdges] = useState<Edges>({ before: false, after: false });
  const measure = useCallback(() => {
    const el = scroller.current;
    if (!el) return;
    // A pixel of slack: zoomed pages report fractional scroll positions.
    const next = { before: el.scrollLeft > 1, after: el.scrollLeft + el.clientWidth < el.scrollWidth - 1 };
    setEdges((now) => (now.before === next.before && now.after === next.after ? now : next));
  }, []);
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    return () => observer.disconnect();
  }, [measure]);
  const overflowing = edges.before || edges.after;
  return (
    <div className={classes.frame}>
      {overflowing && (
        <p className={classes.note} data-testid="side-scroll-note">
          Scroll sideways for more {more} <span aria-hidden>→</span>
        </p>
      )}
      <div className={classes.shades} data-more-before={edges.before || undefined} data-more-after={edges.after || undefined}>
        <div
          ref={scroller}
          className={classes.scroller}
          data-side-scroll
          onScroll={measure}
          {...(label ? { role: 'region', 'aria-label': `${label}${overflowing ? ', scrolls sideways' : ''}` } : {})}
          tabIndex={overflowing && label ? 0 : undefined}
        >
          <div style={minWidth ? { minWidth } : undefined}>{children}</div>
        </div>
      </div>
    </div>
  );
}
