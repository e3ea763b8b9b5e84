/*
 * The door screen's service worker, registered by /door with scope /door: no other page of the
 * app runs under it. It keeps the app shell (index.html and the hashed scripts and styles the
 * door screen loaded) so the screen opens with no network. API requests are never touched: the
 * door pack and the offline scans live in IndexedDB, written by the page itself.
 */
const SHELL = 'bmm-door-shell-v1';
const PAGE = '/door';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.add(PAGE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith('bmm-door-') && name !== SHELL) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

/** The page names the assets it runs on; those are kept, older builds' assets dropped. */
self.addEventListener('message', (event) => {
  const data = event.data;
  if (data?.type !== 'keep-shell' || !Array.isArray(data.assets)) return;
  const wanted = new Set(data.assets.filter((path) => typeof path === 'string' && path.startsWith('/assets/')));
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL);
      for (const request of await cache.keys()) {
        const path = new URL(request.url).pathname;
        if (path.startsWith('/assets/') && !wanted.has(path)) await cache.delete(request);
      }
      for (const path of wanted) {
        if (!(await cache.match(path))) await cache.add(path).catch(() => undefined);
      }
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // The newest page when the server answers; the kept one when it does not.
    event.respondWith(
      (async () => {
        const cache = await caches.open(SHELL);
        try {
          const response = await fetch(request);
          if (response.ok) await cache.put(PAGE, response.clone());
          return response;
        } catch (error) {
          const kept = await cache.match(PAGE);
          if (kept) return kept;
          throw error;
        }
      })(),
    );
    return;
  }
  if (url.pathname.startsWith('/assets/')) {
    // Hashed names never change: the kept copy is the right one.
    event.respondWith(
      (async () => {
        const cache = await caches.open(SHELL);
        const kept = await cache.match(url.pathname);
        if (kept) return kept;
        const response = await fetch(request);
        if (response.ok) await cache.put(url.pathname, response.clone());
        return response;
      })(),
    );
  }
});
