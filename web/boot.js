// web/boot.js: Trunk's initializer for the wasm (`data-initializer` in index.html): Trunk's
// loader fetches the wasm through it and reports the bytes as they arrive.
//
// It fills in the terminal's placeholder of a page rendered ahead of time (#boot-progress,
// #boot-bytes, #boot-failed; components/terminal/boot.rs writes them, with every sentence),
// and once the app has taken the page over (`whalelab-ready`) registers the service worker,
// which `whalelab render` wrote next to the page: after the terminal, so that its downloads do
// not compete with the wasm's. A page without the placeholder (a development server) shows
// nothing and registers nothing. It must hold no text of its own (Korean lives in i18n.rs).
//
// It also holds `window.whalelabLoadFull`, which the first wasm calls when a line needs the
// full engine (web/src/state/handover.rs): it fetches the second wasm named by the page's
// whalelab-full-* metas (cli/src/render.rs) with its progress in #handover-progress and
// #handover-bytes, and starts it; that app takes the page over. On failure it says
// `whalelab-full-failed`, and the first app carries on.

const MB = 1024 * 1024;

const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.content;

// Shows `current` of `total` bytes in the progress bar and the figure under it.
function progress(barId, bytesId, current, total) {
  const bar = document.getElementById(barId);
  const bytes = document.getElementById(bytesId);
  if (bar && total) {
    bar.max = total;
    bar.value = Math.min(current, total);
  }
  if (bytes && total) bytes.textContent = `${(current / MB).toFixed(1)} / ${(total / MB).toFixed(1)} MB`;
}

window.whalelabLoadFull = async () => {
  const js = meta('whalelab-full-js');
  const wasm = meta('whalelab-full-wasm');
  const total = Number(meta('whalelab-full-bytes')) || 0;
  try {
    if (!js || !wasm) throw new Error('this build has no full engine');
    const response = await fetch(new URL(wasm, document.baseURI));
    if (!response.ok || !response.body) throw new Error(`${response.status}`);
    const reader = response.body.getReader();
    const chunks = [];
    let current = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      current += value.length;
      progress('handover-progress', 'handover-bytes', current, total || current);
      // A stored machine that needs the full engine hands over before the first app has
      // taken the page: its placeholder shows this download too.
      progress('boot-progress', 'boot-bytes', current, total || current);
    }
    const glue = await import(new URL(js, document.baseURI).href);
    const module = new Response(new Blob(chunks), { headers: { 'content-type': 'application/wasm' } });
    await glue.default({ module_or_path: module });
  } catch (error) {
    console.error('whalelab: the full engine could not be loaded', error);
    dispatchEvent(new Event('whalelab-full-failed'));
  }
};

export default function initializer() {
  const $ = (id) => document.getElementById(id);
  // The wasm's real size, from `whalelab render` (Trunk's figure is taken before wasm-opt).
  const size = Number(meta('whalelab-wasm-bytes'));
  if (document.querySelector('meta[name="whalelab-pages"]') && 'serviceWorker' in navigator) {
    addEventListener('whalelab-ready', () => navigator.serviceWorker.register('sw.js').catch(() => {}), { once: true });
  }
  return {
    onProgress({ current, total: trunkTotal }) {
      progress('boot-progress', 'boot-bytes', current, size || trunkTotal);
    },
    onFailure() {
      const failed = $('boot-failed');
      if (failed) failed.hidden = false;
    },
  };
}
