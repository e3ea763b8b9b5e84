/**
 * The door screen's service worker (public/door-sw.js), scoped to /door only: it keeps the app
 * shell so the screen opens without a network. The rest of the app never runs under it.
 */
export function registerDoorWorker() {
  if (!('serviceWorker' in navigator)) return;
  void (async () => {
    try {
      await navigator.serviceWorker.register('/door-sw.js', { scope: '/door' });
      const ready = await navigator.serviceWorker.ready;
      // The scripts and styles this page loaded (the entry, this screen's chunk, what they import):
      // the worker keeps exactly these, so the shell it serves offline is the one that ran.
      const assets = new Set(
        performance
          .getEntriesByType('resource')
          .map((entry) => new URL(entry.name))
          .filter((url) => url.origin === location.origin && url.pathname.startsWith('/assets/'))
          .map((url) => url.pathname),
      );
      for (const element of document.querySelectorAll<HTMLScriptElement | HTMLLinkElement>('script[src], link[href]')) {
        const url = new URL('src' in element ? element.src : element.href, location.href);
        if (url.origin === location.origin && url.pathname.startsWith('/assets/')) assets.add(url.pathname);
      }
      ready.active?.postMessage({ type: 'keep-shell', assets: [...assets] });
    } catch {
      // No service worker (private mode, an old browser): the screen works while online.
    }
  })();
}
