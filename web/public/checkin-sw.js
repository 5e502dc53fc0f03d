/*
 * Kepu's check-in service worker, registered by the check-in page only, for its own scope
 * (/admin/check-in): after one visit the page loads with no network. Pages outside the scope are
 * never controlled by it.
 * - The page (an HTML navigation): network first, else the copy kept from the last visit.
 * - The build's files (/assets/, names carry their hash): the kept copy, else the network.
 * - GET /api/ (who is signed in, the lists): network first, else the last answer kept.
 * Writes (the check-in scans) are never touched: the page queues them itself in IndexedDB.
 * The page sends the files it has loaded and /api/auth/me (`cache` message), so the first visit
 * is kept whole.
 */
const CACHE = 'kepu-check-in-v1';
const PAGE = '/admin/check-in';

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('message', (event) => {
  const data = event.data || {};
  if (data.type !== 'cache' || !Array.isArray(data.urls)) return;
  const urls = data.urls.filter((u) => {
    try {
      const url = new URL(u, self.location.origin);
      // Of the API, only who is signed in: the page keeps its own data in IndexedDB.
      return (
        url.origin === self.location.origin &&
        (!url.pathname.startsWith('/api/') || url.pathname === '/api/auth/me')
      );
    } catch {
      return false;
    }
  });
  event.waitUntil(
    caches.open(CACHE).then(async (cache) => {
      await Promise.all(
        urls.map(async (u) => {
          const url = new URL(u, self.location.origin);
          const isPage = url.pathname.startsWith(PAGE);
          const isApi = url.pathname.startsWith('/api/');
          const key = isPage ? PAGE : url.pathname;
          if (!isPage && !isApi && (await cache.match(key))) return;
          const res = await fetch(url.pathname + url.search, { credentials: 'same-origin' });
          if (res.ok) await cache.put(key, res);
        }),
      );
      const source = event.source;
      if (source) source.postMessage({ type: 'cached', count: urls.length });
    }),
  );
});

async function networkFirst(request, key) {
  const cache = await caches.open(CACHE);
  try {
    const res = await fetch(request);
    if (res.ok) await cache.put(key, res.clone());
    return res;
  } catch (e) {
    const kept = await cache.match(key);
    if (kept) return kept;
    throw e;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request.url);
  if (kept) return kept;
  const res = await fetch(request);
  if (res.ok) await cache.put(request.url, res.clone());
  return res;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(networkFirst(request, PAGE));
  } else if (url.pathname.startsWith('/api/')) {
    event.respondWith(networkFirst(request, url.pathname + url.search));
  } else {
    event.respondWith(cacheFirst(request));
  }
});
