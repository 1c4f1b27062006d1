#!/usr/bin/env bash
# scripts/release.sh DIST_DIR: the release build of the site into DIST_DIR with relative URLs,
# as `make dist` and the test command make it:
#
#   1. trunk build --release: the wasm, its JS glue, the stylesheets, content/ and index.html;
#   2. whalelab render: one page per lesson (plus index, sandbox and check pages) rendered ahead
#      of time by the app's own components, the service worker and the web app manifest
#      (cli/src/render.rs);
#   3. scripts/compress.mjs: a .gz and a .br beside every file but content/'s.
#
# Release wasm is built with std compiled from source (build-std; rust-src from rustup or
# Debian's rust-web-src, see setup.sh) so that panics abort at once: no panic message and
# location strings, no formatting code kept alive only for them (about 45 KB less gzipped).
# A panic then traps; platform::install_panic_hook turns that trap into the Korean crash
# banner. Debug builds (`make serve`, browser tests) keep ordinary panics with messages.
# The renderer is a native build (the same debug build the tests use): the build-std
# environment stays inside the first step's subshell.

source "$(dirname "$0")/lib.sh"

[ "$#" -eq 1 ] || die "usage: scripts/release.sh DIST_DIR"

(
  release_env
  scripts/wasm.sh trunk build --release --offline --locked --public-url ./ --dist "$1"
)
cargo run -q --locked -p whalelab -- render "$1"
node scripts/compress.mjs "$1"
