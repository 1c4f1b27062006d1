#!/usr/bin/env bash
# scripts/release.sh DIST_DIR: the release build of the site (trunk build --release) into
# DIST_DIR with relative URLs, as `make dist` and the test command make it.
#
# Release wasm is built with std compiled from source (build-std; rust-src from rustup or
# Debian's rust-web-src, see setup.sh) so that panics abort at once: no panic message and
# location strings, no formatting code kept alive only for them (about 45 KB less gzipped).
# A panic then traps; platform::install_panic_hook turns that trap into the Korean crash
# banner. Debug builds (`make serve`, browser tests) keep ordinary panics with messages.

source "$(dirname "$0")/lib.sh"

[ "$#" -eq 1 ] || die "usage: scripts/release.sh DIST_DIR"

release_env
exec scripts/wasm.sh trunk build --release --offline --locked --public-url ./ --dist "$1"
