#!/usr/bin/env bash
# scripts/wasm.sh CMD ARGS...: runs one wasm command (trunk, cargo --target wasm32-...)
# in the environment chosen by scripts/setup.sh.
#
# It puts node_modules/.bin (wasm-opt from npm binaryen 132, ahead of any older Debian
# binaryen in /usr/bin) and the cargo bin directory (trunk, wasm-bindgen,
# wasm-bindgen-test-runner) on PATH, stops trunk from looking for newer versions online,
# and sources .wasm-env, which on the Debian fallback selects rustc-web and build-std.
# Native commands must not go through this script: the build-std variables would make
# cargo rebuild the host's std as well.

source "$(dirname "$0")/lib.sh"

[ "$#" -gt 0 ] || die "usage: scripts/wasm.sh COMMAND [ARGS...]"

export PATH="$ROOT/node_modules/.bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
if [ -f "$WASM_ENV_FILE" ]; then
  # shellcheck disable=SC1090
  source "$WASM_ENV_FILE"
fi
exec "$@"
