// web/boot.js: Trunk's initializer for the wasm (`data-initializer` in index.html): Trunk's
// loader fetches the wasm through it and reports the bytes as they arrive.
//
// It fills in the terminal's placeholder of a page rendered ahead of time (#boot-progress,
// #boot-bytes, #boot-failed; components/terminal/boot.rs writes them, with every sentence),
// and once the app has taken the page over (`whalelab-ready`) registers the service worker,
// which `whalelab render` wrote next to the page: after the terminal, so that its downloads do
// not compete with the wasm's. A page without the placeholder (a development server) shows
// nothing and registers nothing. It must hold no text of its own (Korean lives in i18n.rs).

const MB = 1024 * 1024;

export default function initializer() {
  const $ = (id) => document.getElementById(id);
  // The wasm's real size, from `whalelab render` (Trunk's figure is taken before wasm-opt).
  const size = Number(document.querySelector('meta[name="whalelab-wasm-bytes"]')?.content);
  if (document.querySelector('meta[name="whalelab-pages"]') && 'serviceWorker' in navigator) {
    addEventListener('whalelab-ready', () => navigator.serviceWorker.register('sw.js').catch(() => {}), { once: true });
  }
  return {
    onProgress({ current, total: trunkTotal }) {
      const total = size || trunkTotal;
      const bar = $('boot-progress');
      const bytes = $('boot-bytes');
      if (bar && total) {
        bar.max = total;
        bar.value = Math.min(current, total);
      }
      if (bytes && total) bytes.textContent = `${(current / MB).toFixed(1)} / ${(total / MB).toFixed(1)} MB`;
    },
    onFailure() {
      const failed = $('boot-failed');
      if (failed) failed.hidden = false;
    },
  };
}
