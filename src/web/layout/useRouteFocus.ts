import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

const APP_NAME = 'bookmemovie';

/** The page's heading: its main h1 (which may arrive with the page's data, a moment after the route). */
const pageHeading = () => document.querySelector<HTMLElement>('main h1');

/**
 * On every route change: the tab's title becomes the page's own (`data-page-title` on the h1 when
 * the heading alone is too general, else the heading's text), and, after a navigation inside the
 * app, focus moves to that heading so a screen reader announces the new page and Tab continues
 * from there. Focus the person already put somewhere in the page is left alone.
 */
export function useRouteFocus() {
  const { pathname } = useLocation();
  const firstLoad = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new path is a new page; that is the trigger
  useEffect(() => {
    const moveFocus = !firstLoad.current;
    firstLoad.current = false;
    const apply = () => {
      const heading = pageHeading();
      if (!heading?.textContent) return false;
      document.title = `${heading.dataset.pageTitle ?? heading.textContent} · ${APP_NAME}`;
      const active = document.activeElement;
      const main = document.querySelector('main');
      const userFocusedPage = active && active !== document.body && main?.contains(active);
      if (moveFocus && !userFocusedPage) {
        heading.tabIndex = -1;
        heading.focus({ preventScroll: true });
      }
      return true;
    };
    if (apply()) return;
    const observer = new MutationObserver(() => {
      if (apply()) observer.disconnect();
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    const giveUp = window.setTimeout(() => observer.disconnect(), 10_000);
    return () => {
      observer.disconnect();
      window.clearTimeout(giveUp);
    };
  }, [pathname]);
}

/** The skip link's target: the page heading when there is one, else the main region. */
export function skipToContent(event: { preventDefault(): void }) {
  event.preventDefault();
  const target = pageHeading() ?? document.querySelector<HTMLElement>('main');
  if (!target) return;
  target.tabIndex = -1;
  target.focus();
}
