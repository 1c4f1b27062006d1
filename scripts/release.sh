#!/usr/bin/env bash
# scripts/release.sh DIST_DIR: the release build of the site into DIST_DIR with relative URLs,
# as `make dist` and the test command make it:
#
#   1. trunk build --release: the wasm, its JS glue, the stylesheets, content/ and index.html;
#      this is the lite app (web's default features: no docker build, compose or jq), the one
#      every page loads;
#   2. trunk build --release --features full into target/release-full/: the same app with
#      everything, of which only the wasm and its JS glue are kept, copied into DIST_DIR as
#      whalelab-full-HASH.js and whalelab-full-HASH_bg.wasm (HASH: that build's own Trunk
#      hash). The lite app imports them when a line first needs one of those commands; the
#      check page loads them as its app (cli/src/render.rs names them in every page's head).
#      Renaming is safe: the glue is wasm-bindgen's `--target web` output, and its default
#      export is always given the wasm's URL (Trunk's loader, the lite app's hand-over).
#      Both builds share target/; the second adds about 75 s to a release build (wasm-bindgen
#      and wasm-opt run again) and about 2 min when core or web changed (measured, 2 cores);
#   3. whalelab render: one page per lesson (plus index, sandbox and check pages) rendered ahead
#      of time by the app's own components, the service worker and the web app manifest
#      (cli/src/render.rs);
#   4. scripts/compress.mjs: a .gz and a .br beside every file but content/'s.
#
# Release wasm is built with std compiled from source (build-std; rust-src from rustup or
# Debian's rust-web-src, see setup.sh) so that panics abort at once: no panic message and
# location strings, no formatting code kept alive only for them (about 45 KB less gzipped).
# A panic then traps; platform::install_panic_hook turns that trap into the Korean crash
# banner. Debug builds (`make serve`, browser tests) keep ordinary panics with messages.
# The same environment builds std with its optimize_for_size feature and selects sha2's compact
# backend (release_env in scripts/lib.sh: smaller code, same behaviour).
# The renderer is a native build (the same debug build the tests use): the build-std
# environment stays inside the first step's subshell.

source "$(dirname "$0")/lib.sh"

[ "$#" -eq 1 ] || die "usage: scripts/release.sh DIST_DIR"

FULL=target/release-full
(
  release_env
  scripts/wasm.sh trunk build --release --offline --locked --public-url ./ --dist "$1"
  scripts/wasm.sh trunk build --release --offline --locked --public-url ./ --features full --dist "$FULL"
)
wasm=("$FULL"/whalelab-web-*_bg.wasm)
[ "${#wasm[@]}" -eq 1 ] && [ -f "${wasm[0]}" ] || die "$FULL: expected one whalelab-web-*_bg.wasm, found: ${wasm[*]}"
name=$(basename "${wasm[0]}" _bg.wasm)
[ -f "$FULL/$name.js" ] || die "$FULL/$name.js is missing"
# The glue must load nothing but the wasm it is given (no wasm-bindgen snippets beside it).
if grep -qE "^import |import\(" "$FULL/$name.js"; then die "$FULL/$name.js imports other files; copy them too"; fi
full="whalelab-full-${name#whalelab-web-}"
cp "$FULL/$name.js" "$1/$full.js"
cp "${wasm[0]}" "$1/${full}_bg.wasm"
cargo run -q --locked -p whalelab -- render "$1"
node scripts/compress.mjs "$1"
