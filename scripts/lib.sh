# shellcheck shell=bash
# scripts/lib.sh: shared prologue for the other scripts (sourced, never run).
#
# It fixes the shell options, moves to the repository root, puts the cargo bin
# directories on PATH and defines small helpers for headings and installs.
# It must not install or build anything itself: sourcing it has no side effects
# beyond this shell's variables and working directory.

set -euo pipefail

# Rustup and trunk print long backtraces on ordinary errors when this is 1
# (it is set on the reference machine); keep error messages short.
export RUST_BACKTRACE=0

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# `cargo install` puts binaries in $CARGO_INSTALL_ROOT/bin or $CARGO_HOME/bin;
# the rustup proxies live in $CARGO_HOME/bin. Both must win over /usr/bin.
CARGO_HOME_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
CARGO_BIN="${CARGO_INSTALL_ROOT:-${CARGO_HOME:-$HOME/.cargo}}/bin"
for dir in "$CARGO_HOME_BIN" "$CARGO_BIN"; do
  case ":$PATH:" in
    *":$dir:"*) ;;
    *) PATH="$dir:$PATH" ;;
  esac
done
export PATH

# The file written by setup.sh that selects the wasm toolchain (see wasm.sh).
WASM_ENV_FILE="$ROOT/.wasm-env"

# Pinned tool versions (see README.md and ../TOOLCHAIN notes in the report).
TRUNK_VERSION="0.21.14"

say() { printf '%s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# Prints "==> title" with a blank line before it, so each stage stands out in CI logs.
heading() { printf '\n==> %s\n' "$*"; }

# Seconds since the epoch, for stage timings.
now_s() { date +%s; }

# Formats a number of seconds as "1m 05s" or "7s".
fmt_secs() {
  local s=$1
  if [ "$s" -ge 60 ]; then printf '%dm %02ds' $((s / 60)) $((s % 60)); else printf '%ds' "$s"; fi
}

# The wasm-bindgen version the app is locked to: Cargo.lock first, else the
# exact `=X.Y.Z` requirement in the root Cargo.toml.
wasm_bindgen_version() {
  local v=""
  if [ -f Cargo.lock ]; then
    v=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"$/\1/p' | head -n1)
  fi
  if [ -z "$v" ] && [ -f Cargo.toml ]; then
    v=$(sed -n 's/^wasm-bindgen *= *"=\([0-9.]*\)".*/\1/p; s/^wasm-bindgen *= *{.*version *= *"=\([0-9.]*\)".*/\1/p' Cargo.toml | head -n1)
  fi
  printf '%s' "$v"
}

# The environment of release wasm builds (scripts/release.sh) and of the crates they need
# (setup.sh fetches std's own dependencies with it): build-std with immediate-abort panics
# and no panic locations. RUSTFLAGS reach only the wasm target's crates (cargo is always
# given --target there), never build scripts or the host.
# std itself is built with its `optimize_for_size` feature: smaller implementations of the
# same behaviour (sorting, formatting, searching; the crate's sorts are all stable, so no
# output can change).
# sha2's "compact" software backend loops over the 64 rounds instead of unrolling them: the
# same digests from a compress function of about 1 KB instead of 8 KB (image IDs and layer
# digests hash little data, so the speed does not show).
release_env() {
  export RUSTC_BOOTSTRAP=1
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
  export RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none --cfg sha2_backend_soft=\"compact\""
}
