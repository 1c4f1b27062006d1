// web/sw.js: the service worker of a built site. `whalelab render` writes it into dist/ as
// sw.js, with __VERSION__ (the hash of every file below) and __FILES__ (those files) filled in.
//
// After the first visit every file of the site is in one cache, so a repeat visit starts from
// it and works with the network off. Lesson files (content/) go to the network first, so an
// instructor's edit arrives as soon as it is on the server; the cache answers only when the
// network does not. Everything else (pages, hashed wasm/js/css) comes from the cache: a new
// build is a new sw.js, whose new cache replaces the old one once it is complete. The worker
// is registered from the site's own folder (web/boot.js), which is its scope, and it names its
// cache after that folder, so two copies of the site on one host never touch each other's.
// It answers only requests for files of that folder; it must not cache anything else.

const VERSION = '__VERSION__';
const FILES = __FILES__;
const SCOPE = new URL(self.registration.scope).pathname;
const PREFIX = `whalelab ${SCOPE} `;
const CACHE = PREFIX + VERSION;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      // Straight from the server: the browser's HTTP cache may hold an older build's files.
      .then((cache) => cache.addAll(FILES.map((file) => new Request(file, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== location.origin || !url.pathname.startsWith(SCOPE)) return;
  const file = url.pathname.slice(SCOPE.length);
  event.respondWith(file.startsWith('content/') ? networkFirst(request) : cacheFirst(request, file));
});

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(request, { ignoreSearch: true });
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request, file) {
  const cache = await caches.open(CACHE);
  // Hosts that serve `page.html` at `page` too: the same cached page.
  const cached =
    (await cache.match(request, { ignoreSearch: true })) ||
    (file && !file.includes('.') && (await cache.match(new URL(`${file}.html`, location.origin + SCOPE).href)));
  return cached || fetch(request);
}
